// PersistentVolumeClaims and PersistentVolumes: protection finalizers, PVC spec immutability, and a
// binder shortcut: a PVC whose spec.volumeName names an existing, unclaimed (or pre-bound) PV binds.
// No dynamic provisioning: a PVC without volumeName stays Pending.

import { forResources, type KindBehaviour, type WriteContext } from '../behaviour';
import { child, clone, deepEqual, getPath, isRec, setDefault, type KubeObject, type Rec } from '../json';
import type { FieldError } from '../status';
import { required } from '../validation';

const PVC = { group: '', plural: 'persistentvolumeclaims' };
const PV = { group: '', plural: 'persistentvolumes' };
const VOLUME_SOURCES = [
  'hostPath',
  'local',
  'nfs',
  'csi',
  'iscsi',
  'fc',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'cephfs',
  'rbd',
  'cinder',
  'vsphereVolume',
  'flexVolume',
  'glusterfs',
  'portworxVolume',
];

function addFinalizer(obj: KubeObject, name: string): void {
  const f = obj.metadata.finalizers ?? [];
  if (!f.includes(name)) obj.metadata.finalizers = [...f, name];
}

/** The PV is free for this claim: no claimRef, or a claimRef naming it (uid unset or equal). */
function claimableBy(pv: KubeObject, pvc: KubeObject): boolean {
  const ref = getPath(pv, ['spec', 'claimRef']);
  if (!isRec(ref)) return true;
  return (
    ref.namespace === pvc.metadata.namespace &&
    ref.name === pvc.metadata.name &&
    (!ref.uid || ref.uid === pvc.metadata.uid)
  );
}

function bind(ctx: WriteContext, pvc: KubeObject, pv: KubeObject): void {
  const pvSpec = child(pv, 'spec');
  pvSpec.claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace: pvc.metadata.namespace,
    name: pvc.metadata.name,
    uid: pvc.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pvc.metadata.resourceVersion,
  };
  pv.status = { phase: 'Bound' };
  pv.metadata.annotations = {
    ...(pv.metadata.annotations ?? {}),
    'pv.kubernetes.io/bound-by-controller': 'yes',
  };
  pv.metadata.resourceVersion = ctx.state.store.nextRevision();
  ctx.state.store.put(PV, pv);
}

function boundStatus(pvc: KubeObject, pv: KubeObject): void {
  pvc.status = {
    phase: 'Bound',
    accessModes: getPath(pv, ['spec', 'accessModes']),
    capacity: getPath(pv, ['spec', 'capacity']),
  };
  pvc.metadata.annotations = {
    ...(pvc.metadata.annotations ?? {}),
    'pv.kubernetes.io/bind-completed': 'yes',
  };
}

function volumeFor(ctx: WriteContext, pvc: KubeObject): KubeObject | undefined {
  const volumeName = getPath(pvc, ['spec', 'volumeName']);
  if (typeof volumeName !== 'string' || !volumeName) return undefined;
  const pv = ctx.state.store.get(PV, undefined, volumeName);
  return pv && claimableBy(pv, pvc) ? pv : undefined;
}

const PVC_IMMUTABLE =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';

export const pvcBehaviour: KindBehaviour = {
  appliesTo: forResources('/persistentvolumeclaims'),
  defaults(obj) {
    setDefault(child(obj, 'spec'), 'volumeMode', 'Filesystem');
  },
  prepareCreate(obj) {
    addFinalizer(obj, 'kubernetes.io/pvc-protection');
  },
  validate(obj) {
    const s = child(obj, 'spec');
    return [
      ...required('spec.accessModes', s.accessModes, 'at least 1 access mode is required'),
      ...required('spec.resources[storage]', getPath(s, ['resources', 'requests', 'storage'])),
    ];
  },
  validateUpdate(obj, old): FieldError[] {
    const next: Rec = clone(child(obj, 'spec'));
    const prev: Rec = clone(isRec(old.spec) ? old.spec : {});
    delete next.resources;
    delete prev.resources;
    delete next.volumeAttributesClassName;
    delete prev.volumeAttributesClassName;
    const [nextVolume, prevVolume] = [next.volumeName, prev.volumeName];
    delete next.volumeName; // may be set once (the binder does), never changed
    delete prev.volumeName;
    if (deepEqual(next, prev) && (!prevVolume || prevVolume === nextVolume)) return [];
    return [{ type: 'Forbidden', field: 'spec', detail: PVC_IMMUTABLE }];
  },
  status(obj, ctx) {
    const pv = volumeFor(ctx, obj);
    if (pv) boundStatus(obj, pv);
    else if (!isRec(obj.status) || !obj.status.phase) obj.status = { phase: 'Pending' };
  },
  afterCreate(obj, ctx) {
    const pv = volumeFor(ctx, obj);
    if (pv) bind(ctx, obj, pv);
  },
  afterUpdate(obj, _old, ctx) {
    const pv = volumeFor(ctx, obj);
    if (pv && getPath(pv, ['status', 'phase']) !== 'Bound') bind(ctx, obj, pv);
  },
};

export const pvBehaviour: KindBehaviour = {
  appliesTo: forResources('/persistentvolumes'),
  defaults(obj) {
    const s = child(obj, 'spec');
    setDefault(s, 'persistentVolumeReclaimPolicy', 'Retain');
    setDefault(s, 'volumeMode', 'Filesystem');
  },
  prepareCreate(obj) {
    addFinalizer(obj, 'kubernetes.io/pv-protection');
  },
  validate(obj) {
    const s = child(obj, 'spec');
    const errors = [
      ...required('spec.capacity', getPath(s, ['capacity', 'storage'])),
      ...required('spec.accessModes', s.accessModes),
    ];
    if (!VOLUME_SOURCES.some((k) => isRec(s[k])))
      errors.push({ type: 'Required', field: 'spec', detail: 'must specify a volume type' });
    return errors;
  },
  status(obj, ctx) {
    if (isRec(obj.status) && obj.status.phase) return;
    const ref = getPath(obj, ['spec', 'claimRef']);
    if (!isRec(ref)) {
      obj.status = { phase: 'Available' };
      return;
    }
    const pvc = ctx.state.store.get(PVC, String(ref.namespace ?? ''), String(ref.name ?? ''));
    if (
      pvc &&
      (!ref.uid || ref.uid === pvc.metadata.uid) &&
      getPath(pvc, ['spec', 'volumeName']) === obj.metadata.name
    ) {
      obj.status = { phase: 'Bound' };
    } else {
      // A claimRef to a claim that is gone (or has another uid): the volume is Released.
      obj.status = ref.uid ? { phase: 'Released' } : { phase: 'Available' };
    }
  },
  afterCreate(obj, ctx) {
    const ref = getPath(obj, ['spec', 'claimRef']);
    if (!isRec(ref)) return;
    const pvc = ctx.state.store.get(PVC, String(ref.namespace ?? ''), String(ref.name ?? ''));
    if (
      !pvc ||
      getPath(pvc, ['spec', 'volumeName']) !== obj.metadata.name ||
      getPath(pvc, ['status', 'phase']) === 'Bound'
    )
      return;
    if (ref.uid && ref.uid !== pvc.metadata.uid) return;
    boundStatus(pvc, obj);
    pvc.metadata.resourceVersion = ctx.state.store.nextRevision();
    ctx.state.store.put(PVC, pvc);
    bind(ctx, pvc, ctx.state.store.get(PV, undefined, obj.metadata.name ?? '') ?? obj);
  },
};
