// Annotations a controller or the API server writes on the objects it manages (the Deployment
// controller's rollout revision, a DaemonSet's template generation): they are its bookkeeping, not the user's configuration, so a restore
// neither compares nor writes them.
import { deleteKeys } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const controllerAnnotations = [
  'deployment.kubernetes.io/revision',
  'deprecated.daemonset.template.generation',
] as const;

export const controllerAnnotationsAction: RestoreAction = {
  name: 'controller-annotations',
  appliesTo: ['deployments.apps', 'daemonsets.apps'],
  alsoLive: true,
  execute(item) {
    deleteKeys(item, ['metadata', 'annotations'], controllerAnnotations);
    return { item };
  },
};
