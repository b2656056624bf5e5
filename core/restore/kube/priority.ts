// The order a restore writes in (Velero's restore priorities): what others depend on first, then
// everything else, custom resources last. Deletes (undo) go the other way round. As data: each
// entry says why it stands where it does. Within one rank, objects keep a stable order (resource,
// then name) and may be written concurrently.

export interface PriorityEntry {
  /** `<plural>` (core group) or `<plural>.<group>`. */
  resource: string;
  why: string;
}

export const restorePriorities: readonly PriorityEntry[] = [
  { resource: 'namespaces', why: 'every namespaced object is created inside one' },
  {
    resource: 'customresourcedefinitions.apiextensions.k8s.io',
    why: 'a custom resource can only be created once its type is defined',
  },
  { resource: 'storageclasses.storage.k8s.io', why: 'volumes and claims name their class' },
  { resource: 'persistentvolumes', why: 'PVs go before PVCs so that a claim binds to its volume' },
  { resource: 'persistentvolumeclaims', why: 'Pods mount claims; a missing claim keeps them Pending' },
  {
    resource: 'serviceaccounts',
    why: 'a Pod whose service account is missing is refused; a token Secret needs its account first',
  },
  { resource: 'secrets', why: 'Pods and service accounts refer to them' },
  { resource: 'configmaps', why: 'Pods refer to them (environment, volumes)' },
  { resource: 'limitranges', why: 'they set defaults on Pods created after them' },
  { resource: 'resourcequotas', why: 'they bound what the workloads may take from the start' },
  {
    resource: 'networkpolicies.networking.k8s.io',
    why: 'Pods start isolated as they were, never briefly open',
  },
  { resource: 'roles.rbac.authorization.k8s.io', why: 'bindings refer to roles' },
  {
    resource: 'rolebindings.rbac.authorization.k8s.io',
    why: 'workloads need their permissions from the start',
  },
  { resource: 'pods', why: 'stand-alone Pods (controller-owned ones are left to their controller)' },
  { resource: 'deployments.apps', why: 'workloads, once their config, secrets and accounts exist' },
  { resource: 'statefulsets.apps', why: 'workloads' },
  { resource: 'daemonsets.apps', why: 'workloads' },
  {
    resource: 'replicasets.apps',
    why: 'stand-alone ReplicaSets (those of a Deployment are recreated by it)',
  },
  { resource: 'jobs.batch', why: 'workloads' },
  { resource: 'cronjobs.batch', why: 'workloads' },
  { resource: 'services', why: 'after the workloads they select' },
  { resource: 'endpoints', why: 'hand-written Endpoints of selector-less Services' },
  { resource: 'ingresses.networking.k8s.io', why: 'they route to Services' },
];

const rank = new Map(restorePriorities.map((p, i) => [p.resource, i]));
const everythingElse = restorePriorities.length;
const customResources = everythingElse + 1;

/**
 * Whether a group belongs to a custom resource: built-in groups are the core group, the
 * single-word groups (apps, batch, autoscaling, policy) and `*.k8s.io`; a CRD's group must hold a
 * dot and may not end in k8s.io or kubernetes.io without an API approval.
 */
export function isCustomGroup(group: string): boolean {
  return group.includes('.') && !/(^|\.)(k8s\.io|kubernetes\.io)$/.test(group);
}

export function resourceOf(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

/** Lower is written first. */
export function priorityOf(plural: string, group: string): number {
  return rank.get(resourceOf(plural, group)) ?? (isCustomGroup(group) ? customResources : everythingElse);
}

export interface Ordered {
  plural: string;
  group: string;
  name: string;
}

function compare(a: Ordered, b: Ordered): number {
  const ra = resourceOf(a.plural, a.group);
  const rb = resourceOf(b.plural, b.group);
  return (
    priorityOf(a.plural, a.group) - priorityOf(b.plural, b.group) ||
    (ra < rb ? -1 : ra > rb ? 1 : 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** A sorted copy: the write order. */
export function inWriteOrder<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort(compare);
}

/** A sorted copy: the delete order (custom resources first, namespaces last). */
export function inDeleteOrder<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compare(b, a));
}

/** Consecutive runs of the same rank (each may be written concurrently). */
export function ranks<T extends Ordered>(ordered: readonly T[]): T[][] {
  const out: T[][] = [];
  let last: number | undefined;
  for (const item of ordered) {
    const r = priorityOf(item.plural, item.group);
    if (r !== last) out.push([]);
    out[out.length - 1]!.push(item);
    last = r;
  }
  return out;
}
