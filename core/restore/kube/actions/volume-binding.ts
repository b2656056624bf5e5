// Into another namespace, volumes stay with the source namespace's claims: a PersistentVolume
// binds to one claim, and the stored one is bound to the claim in the source namespace. So a
// PV whose claimRef names the source namespace is left out, and a claim loses `spec.volumeName`
// (it gets a new volume from its storage class, or waits for one) and its data source (a
// snapshot or claim of the source namespace, which the destination does not have). In any
// namespace, a live claim's volumeName that the point's claim lacks is the binder's doing (the
// point was taken before the claim was bound): it is not a difference to undo.
import { recAt } from '../../../providers/native/kube/clean/item';
import type { RestoreAction } from './types';

export const pvBoundElsewhereAction: RestoreAction = {
  name: 'pv-bound-to-source-claim',
  appliesTo: ['persistentvolumes'],
  execute(item, ctx) {
    const claim = recAt(item, ['spec', 'claimRef']);
    if (ctx.sourceNamespace === ctx.destNamespace || claim?.namespace !== ctx.sourceNamespace)
      return { item };
    return {
      item,
      skip: `bound to PersistentVolumeClaim ${ctx.sourceNamespace}/${String(claim.name)}; a volume serves one claim, so it stays with the source namespace`,
    };
  },
};

export const pvcVolumeNameAction: RestoreAction = {
  name: 'pvc-volume-name',
  appliesTo: ['persistentvolumeclaims'],
  execute(item, ctx) {
    const spec = recAt(item, ['spec']);
    if (ctx.sourceNamespace === ctx.destNamespace || !spec) return { item };
    const notes: string[] = [];
    if (typeof spec.volumeName === 'string') {
      notes.push(
        `not bound to PersistentVolume ${spec.volumeName} (it stays with namespace ${ctx.sourceNamespace}): gets a new volume`,
      );
      delete spec.volumeName;
    }
    const source = recAt(spec, ['dataSourceRef']) ?? recAt(spec, ['dataSource']);
    if (source) {
      notes.push(
        `without its data source ${String(source.kind)}/${String(source.name)} (of namespace ${ctx.sourceNamespace}): starts empty`,
      );
      delete spec.dataSource;
      delete spec.dataSourceRef;
    }
    return { item, notes };
  },
};

export const pvcBoundVolumeAction: RestoreAction = {
  name: 'pvc-bound-volume',
  appliesTo: ['persistentvolumeclaims'],
  alsoLive: true,
  execute(item, ctx) {
    // Only on the live claim, and only when the point's claim names no volume.
    if (!ctx.desired || recAt(ctx.desired, ['spec'])?.volumeName !== undefined) return { item };
    const spec = recAt(item, ['spec']);
    if (spec) delete spec.volumeName;
    return { item };
  },
};
