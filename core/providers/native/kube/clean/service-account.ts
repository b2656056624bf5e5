// ServiceAccounts: references to the legacy auto-generated token Secrets (`<name>-token-xxxxx`)
// go — the target cluster makes its own, and a reference to a missing one is noise (Velero's
// service account action). Other `secrets` and `imagePullSecrets` are the user's: kept.
import { isRec, type ItemAction } from './item';

export const serviceAccountAction: ItemAction = {
  name: 'service-account-token-refs',
  appliesTo: ['serviceaccounts'],
  execute(item) {
    if (!Array.isArray(item.secrets)) return { item };
    const prefix = `${item.metadata.name}-token-`;
    item.secrets = item.secrets.filter(
      (s) => !(isRec(s) && typeof s.name === 'string' && s.name.startsWith(prefix)),
    );
    if ((item.secrets as unknown[]).length === 0) delete item.secrets;
    return { item };
  },
};
