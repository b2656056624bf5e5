// PersistentVolumeClaims: the binding is kept (`spec.volumeName`), so that a restore can bind the
// claim to the same volume; the volume itself is stored too (an additional item under
// `cluster/`), and a note says so. The binder's own annotations go: the new claim is bound anew
// (Velero's PVC action).
import { deleteKeys, recAt, type ItemAction } from './item';

export const binderAnnotations = [
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.kubernetes.io/selected-node',
] as const;

export const pvcAction: ItemAction = {
  name: 'pvc-binding',
  appliesTo: ['persistentvolumeclaims'],
  execute(item) {
    deleteKeys(item, ['metadata', 'annotations'], binderAnnotations);
    const volume = recAt(item, ['spec'])?.volumeName;
    if (typeof volume !== 'string' || !volume) return { item };
    const claim = `${item.metadata.namespace ?? ''}/${item.metadata.name}`;
    return {
      item,
      additionalItems: [
        {
          group: '',
          version: 'v1',
          plural: 'persistentvolumes',
          kind: 'PersistentVolume',
          name: volume,
          why: `bound to PersistentVolumeClaim ${claim}`,
        },
      ],
      notes: [`bound to PersistentVolume ${volume} (stored under cluster/)`],
    };
  },
};
