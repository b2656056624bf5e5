// The restore item actions, in the order they run (one file each). Leaving-out actions come
// first (a controller-owned object is left out before its references are dropped); the
// namespace rewrite comes before the actions that compare namespaces.
import { controllerAnnotationsAction } from './controller-annotations';
import { controllerEndpointSlicesAction, controllerEndpointsAction } from './controller-endpoints';
import { controllerOwnedAction } from './controller-owned';
import { defaultServiceAccountAction } from './default-service-account';
import { namespaceAction } from './namespace';
import { ownerReferencesAction } from './owner-references';
import { roleBindingSubjectsAction } from './role-binding-subjects';
import { rootCaConfigMapAction } from './root-ca-config-map';
import type { RestoreAction, RestoreActionResult, RestoreItemContext } from './types';
import { serviceAccountTokenAction } from './service-account-token';
import { pvBoundElsewhereAction, pvcBoundVolumeAction, pvcVolumeNameAction } from './volume-binding';

export type { RestoreAction, RestoreActionResult, RestoreItemContext } from './types';

export const restoreActions: readonly RestoreAction[] = [
  controllerOwnedAction,
  rootCaConfigMapAction,
  controllerEndpointsAction,
  controllerEndpointSlicesAction,
  pvBoundElsewhereAction,
  ownerReferencesAction,
  controllerAnnotationsAction,
  defaultServiceAccountAction,
  namespaceAction,
  roleBindingSubjectsAction,
  pvcVolumeNameAction,
  pvcBoundVolumeAction,
  serviceAccountTokenAction,
];

const applies = (a: RestoreAction, resource: string) => a.appliesTo === '*' || a.appliesTo.includes(resource);

/** The object as the restore writes it, or why it is left out. Works on a private copy. */
export function runRestoreActions(
  item: RestoreActionResult['item'],
  ctx: RestoreItemContext,
): Required<Omit<RestoreActionResult, 'skip'>> & { skip?: string } {
  let copy = structuredClone(item);
  const notes: string[] = [];
  let clusterMade = false;
  for (const action of restoreActions) {
    if (!applies(action, ctx.resource)) continue;
    const r = action.execute(copy, ctx);
    if (r.skip) return { item: r.item, skip: r.skip, notes, clusterMade };
    copy = r.item;
    notes.push(...(r.notes ?? []));
    clusterMade ||= r.clusterMade === true;
  }
  return { item: copy, notes, clusterMade };
}

/** The live object (already cleaned like a backup) with the fields a restore never writes removed;
 * `desired` is the object as the restore writes it. */
export function normalizeLive(
  live: RestoreActionResult['item'],
  ctx: RestoreItemContext,
  desired?: RestoreActionResult['item'],
): RestoreActionResult['item'] {
  let copy = structuredClone(live);
  const liveCtx = desired ? { ...ctx, desired } : ctx;
  for (const action of restoreActions)
    if (action.alsoLive && applies(action, ctx.resource)) copy = action.execute(copy, liveCtx).item;
  return copy;
}
