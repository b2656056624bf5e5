// Pods: where the scheduler put it (nodeName), debug containers added to it (ephemeralContainers),
// the priority admission derived from the class,
// and the service-account token volume admission injected (`kube-api-access-*`, or the legacy
// `<sa>-token-*` Secret volume) with its mounts — a restored Pod gets fresh ones (Velero's pod
// action). Pods owned by a controller are kept as backed up (ownerReferences as is): the restore
// side decides whether to recreate them or let their owner do it.
import { isRec, recAt, type ItemAction, type Rec } from './item';

function isTokenVolume(name: unknown, serviceAccount: string): boolean {
  return (
    typeof name === 'string' &&
    (name.startsWith('kube-api-access-') || name.startsWith(`${serviceAccount}-token-`))
  );
}

function dropMounts(containers: unknown, dropped: Set<unknown>): void {
  if (!Array.isArray(containers)) return;
  for (const c of containers) {
    if (!isRec(c) || !Array.isArray(c.volumeMounts)) continue;
    c.volumeMounts = c.volumeMounts.filter((m) => !(isRec(m) && dropped.has(m.name)));
    if ((c.volumeMounts as unknown[]).length === 0) delete c.volumeMounts;
  }
}

export const podAction: ItemAction = {
  name: 'pod-node-and-token',
  appliesTo: ['pods'],
  execute(item) {
    const spec = recAt(item, ['spec']);
    if (!spec) return { item };
    delete spec.nodeName;
    // Debug containers `kubectl debug` added: a Pod cannot be created with them (422).
    delete spec.ephemeralContainers;
    if (spec.priorityClassName !== undefined) delete spec.priority;
    const sa = typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default';
    if (Array.isArray(spec.volumes)) {
      const dropped = new Set<unknown>();
      spec.volumes = spec.volumes.filter((v: unknown) => {
        const token = isRec(v) && isTokenVolume(v.name, sa);
        if (token) dropped.add((v as Rec).name);
        return !token;
      });
      if ((spec.volumes as unknown[]).length === 0) delete spec.volumes;
      for (const key of ['containers', 'initContainers', 'ephemeralContainers'])
        dropMounts(spec[key], dropped);
    }
    return { item };
  },
};
