// Objects a controller owns (Pods of a ReplicaSet, ReplicaSets of a Deployment, Jobs of a
// CronJob …) are recreated by that controller from its own spec once it is restored; restoring
// them too would make duplicates or fight the controller. Left out, naming the owner.
import { isRec } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const controllerOwnedAction: RestoreAction = {
  name: 'controller-owned',
  appliesTo: '*',
  execute(item) {
    const refs = item.metadata.ownerReferences;
    const owner = Array.isArray(refs) ? refs.find((r) => isRec(r) && r.controller === true) : undefined;
    if (!isRec(owner)) return { item };
    const name = `${String(owner.kind)}/${String(owner.name)}`;
    return { item, skip: `recreated by its controller (${name})` };
  },
};
