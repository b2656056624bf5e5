// Endpoints of a Service that has a selector are written by the endpoints controller from the
// Pods it selects; stored ones hold the old Pod IPs. Only hand-written Endpoints (of Services
// without a selector) are restored. EndpointSlices likewise: those the EndpointSlice controller
// (from a selector) or the mirroring controller (from hand-written Endpoints) manage are rebuilt
// by them; a slice someone wrote (managed by anyone else) is restored.
import { isRec, recAt } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const controllerEndpointsAction: RestoreAction = {
  name: 'controller-endpoints',
  appliesTo: ['endpoints'],
  execute(item, ctx) {
    const service = ctx.pointService(item.metadata.name);
    const selector = service ? recAt(service, ['spec'])?.selector : undefined;
    if (!isRec(selector) || Object.keys(selector).length === 0) return { item };
    return {
      item,
      skip: `kept by the endpoints controller from the selector of Service/${item.metadata.name}`,
    };
  },
};

const sliceControllers = ['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io'];

export const controllerEndpointSlicesAction: RestoreAction = {
  name: 'controller-endpoint-slices',
  appliesTo: ['endpointslices.discovery.k8s.io'],
  execute(item) {
    const by = recAt(item, ['metadata', 'labels'])?.['endpointslice.kubernetes.io/managed-by'];
    if (typeof by !== 'string' || !sliceControllers.includes(by)) return { item };
    return { item, skip: `rebuilt by ${by} from its Service` };
  },
};
