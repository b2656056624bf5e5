// Fields every object loses before it is stored: what the API server (or a controller) sets and a
// create would refuse or overwrite. As data, each with its reason. Kept on purpose:
// `metadata.ownerReferences` (as is — the restore side decides, e.g. drops them or relinks uids),
// `metadata.finalizers`, labels, and annotations including
// `kubectl.kubernetes.io/last-applied-configuration` (kubectl apply needs it after a restore).
import { deletePath, type KubeItem } from './item';

export const serverSetFields: readonly { path: readonly string[]; why: string }[] = [
  { path: ['metadata', 'uid'], why: 'assigned by the server; a restored object gets a new one' },
  {
    path: ['metadata', 'resourceVersion'],
    why: 'optimistic-concurrency token of this server; a create that carries one is refused',
  },
  { path: ['metadata', 'generation'], why: 'counted by the server from 1 for each object' },
  { path: ['metadata', 'creationTimestamp'], why: 'set by the server at creation' },
  { path: ['metadata', 'managedFields'], why: 'server-side-apply bookkeeping; rebuilt by the server' },
  { path: ['metadata', 'selfLink'], why: 'deprecated, set by old servers; never accepted on input' },
  { path: ['metadata', 'deletionTimestamp'], why: 'set while an object is being deleted' },
  { path: ['metadata', 'deletionGracePeriodSeconds'], why: 'set while an object is being deleted' },
  {
    path: ['status'],
    why: 'observed state written by controllers; recomputed after a restore (and ignored on create)',
  },
];

export function dropServerSetFields(item: KubeItem): void {
  for (const f of serverSetFields) deletePath(item, f.path);
}
