// A legacy service-account token Secret (type kubernetes.io/service-account-token) holds what the
// cluster's token controller writes: the account's uid, the token, the CA and the namespace. Put
// back as stored, they name an account that no longer exists (a restored account gets a new uid)
// or the source namespace, and the controller deletes or ignores the Secret. So the restore writes
// only the Secret's own part (name, type, the account's name) and lets the controller fill the
// rest; the same fields are neither compared nor patched on a live Secret.
import { deleteKeys, isRec } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

const tokenControllerFields = {
  annotations: ['kubernetes.io/service-account.uid'],
  data: ['token', 'ca.crt', 'namespace'],
} as const;

export const serviceAccountTokenAction: RestoreAction = {
  name: 'service-account-token',
  appliesTo: ['secrets'],
  alsoLive: true,
  execute(item) {
    if (item.type !== 'kubernetes.io/service-account-token') return { item };
    deleteKeys(item, ['metadata', 'annotations'], tokenControllerFields.annotations);
    if (isRec(item.data)) {
      for (const k of tokenControllerFields.data) delete item.data[k];
      if (Object.keys(item.data).length === 0) delete item.data;
    }
    return { item };
  },
};
