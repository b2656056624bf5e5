// Resource types a namespace backup leaves out, as data: each entry says why. Keyed by
// `<plural>.<group>` (`<plural>` alone for the core group), the way Velero names resources.
// Everything else the server lists in the namespace (with `list` and `get`) is backed up.

export interface SkippedResource {
  resource: string;
  why: string;
}

export const skippedResources: readonly SkippedResource[] = [
  {
    resource: 'events',
    why: 'a record of what happened, not state; expires after an hour; Velero restores exclude it by default',
  },
  {
    resource: 'events.events.k8s.io',
    why: 'the same Events through the newer API',
  },
  {
    resource: 'leases.coordination.k8s.io',
    why: 'leader-election and heartbeat locks held by running processes; a restored one only delays the next election',
  },
  {
    resource: 'pods.metrics.k8s.io',
    why: 'live usage samples from metrics-server, not stored objects',
  },
];

const skipped = new Set(skippedResources.map((s) => s.resource));

/** `<plural>.<group>`, or `<plural>` for the core group. */
export function resourceName(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function isSkipped(plural: string, group: string): boolean {
  return skipped.has(resourceName(plural, group));
}
