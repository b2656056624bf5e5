// The `default` ServiceAccount is created by the cluster with every namespace: restoring it into a
// namespace the restore creates meets AlreadyExists, which is expected — the existing one is then
// brought to the point (image pull secrets the point adds), whatever the conflict policy.
import type { RestoreAction } from './types';

export const defaultServiceAccountAction: RestoreAction = {
  name: 'default-service-account',
  appliesTo: ['serviceaccounts'],
  execute(item) {
    return item.metadata.name === 'default' ? { item, clusterMade: true } : { item };
  },
};
