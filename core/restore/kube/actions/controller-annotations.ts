// Annotations a controller writes on the objects it manages (the Deployment controller's rollout
// revision): they are the controller's bookkeeping, not the user's configuration, so a restore
// neither compares nor writes them.
import { deleteKeys } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const controllerAnnotations = ['deployment.kubernetes.io/revision'] as const;

export const controllerAnnotationsAction: RestoreAction = {
  name: 'controller-annotations',
  appliesTo: ['deployments.apps'],
  alsoLive: true,
  execute(item) {
    deleteKeys(item, ['metadata', 'annotations'], controllerAnnotations);
    return { item };
  },
};
