// Into another namespace, volumes stay with the source namespace's claims: a PersistentVolume
// binds to one claim, and the stored one is bound to the claim in the source namespace. So a
// PV whose claimRef names the source namespace is left out, and a claim loses `spec.volumeName`
// (it gets a new volume from its storage class, or waits for one).
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
    if (ctx.sourceNamespace === ctx.destNamespace || typeof spec?.volumeName !== 'string') return { item };
    const volume = spec.volumeName;
    delete spec.volumeName;
    return {
      item,
      notes: [
        `not bound to PersistentVolume ${volume} (it stays with namespace ${ctx.sourceNamespace}): gets a new volume`,
      ],
    };
  },
};
