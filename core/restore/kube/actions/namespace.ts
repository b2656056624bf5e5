// Where an object goes: a namespaced object into the destination namespace (the point may have
// been taken of another one), a cluster-scoped object with no namespace at all.
import type { RestoreAction } from './types';

export const namespaceAction: RestoreAction = {
  name: 'namespace',
  appliesTo: '*',
  execute(item, ctx) {
    if (ctx.namespaced) item.metadata.namespace = ctx.destNamespace;
    else delete item.metadata.namespace;
    return { item };
  },
};
