// PersistentVolumes (stored as a PVC's additional item): the claim reference keeps the claim's
// namespace and name but loses the old claim's uid and resourceVersion, so the volume binds to
// the restored claim (Velero's resetVolumeBindingInfo).
import { deleteKeys, recAt, type ItemAction } from './item';

export const pvAction: ItemAction = {
  name: 'pv-claim-ref',
  appliesTo: ['persistentvolumes'],
  execute(item) {
    const claimRef = recAt(item, ['spec', 'claimRef']);
    if (claimRef) {
      delete claimRef.uid;
      delete claimRef.resourceVersion;
    }
    deleteKeys(
      item,
      ['metadata', 'annotations'],
      ['pv.kubernetes.io/bind-completed', 'pv.kubernetes.io/bound-by-controller'],
    );
    return { item };
  },
};
