// `kube-root-ca.crt` is published into every namespace by the cluster (the root CA publisher):
// its content is the destination cluster's own CA certificate, which a restore must never
// replace with the source cluster's.
import type { RestoreAction } from './types';

export const rootCaConfigMapAction: RestoreAction = {
  name: 'root-ca-config-map',
  appliesTo: ['configmaps'],
  execute(item) {
    if (item.metadata.name !== 'kube-root-ca.crt') return { item };
    return {
      item,
      skip: 'published by the cluster in every namespace (its own CA certificate); never restored',
    };
  },
};
