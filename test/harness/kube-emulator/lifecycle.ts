// Removal of objects and what follows it: owner-reference garbage collection and the
// namespace controller's sweep of a terminating namespace.

import type { WriteContext } from './behaviour';
import { nowIso, type KubeObject } from './json';
import { behavioursFor } from './kinds/index';
import type { ResourceType } from './resources';
import type { EmulatorState } from './state';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** Delay before the namespace controller empties a terminating namespace. */
export const NAMESPACE_SWEEP_MS = 50;

/** Finalizers whose controllers the emulator stands in for: removed as soon as deletion starts. */
export const AUTO_FINALIZERS = new Set([
  'kubernetes.io/pvc-protection',
  'kubernetes.io/pv-protection',
  'kubernetes',
  'customresourcecleanup.apiextensions.k8s.io',
  'foregroundDeletion',
  'orphan',
]);

const NAMESPACES = { group: '', plural: 'namespaces', kind: 'Namespace' };

/**
 * Starts deleting `obj`: with finalizers left (after the auto ones), it only gets a
 * deletionTimestamp; otherwise it is removed. Returns true when it is gone.
 */
export function startDeletion(
  state: EmulatorState,
  type: ResourceType,
  obj: KubeObject,
  propagation: Propagation,
): boolean {
  const m = obj.metadata;
  const remaining = (m.finalizers ?? []).filter((f) => !AUTO_FINALIZERS.has(f));
  if (remaining.length === 0) {
    finishDeletion(state, type, obj, propagation);
    return true;
  }
  if (!m.deletionTimestamp || (m.finalizers ?? []).length !== remaining.length) {
    m.deletionTimestamp ??= nowIso();
    m.deletionGracePeriodSeconds ??= 0;
    m.finalizers = remaining;
    m.resourceVersion = state.store.nextRevision();
    state.store.put(type, obj);
  }
  return false;
}

/** Removes `obj` from storage and runs what a real cluster would do next. */
export function finishDeletion(
  state: EmulatorState,
  type: ResourceType,
  obj: KubeObject,
  propagation: Propagation,
): void {
  const m = obj.metadata;
  if (!state.store.remove(type, m.namespace, m.name ?? '')) return;
  const ctx: WriteContext = { state, type, dryRun: false };
  for (const b of behavioursFor(type)) b.afterDelete?.(obj, ctx);
  collectDependents(state, type, obj, propagation);
  if (m.namespace) {
    const ns = state.store.get(NAMESPACES, undefined, m.namespace);
    if (ns?.metadata.deletionTimestamp) scheduleSweep(state, m.namespace, 0);
  }
}

/** Runs one sweep of a terminating namespace after `ms`, unless one is already pending. */
function scheduleSweep(state: EmulatorState, name: string, ms: number): void {
  state.laterOnce(`sweep:${name}`, ms, () => sweepNamespace(state, name));
}

/**
 * Garbage collector, run at once: dependents whose owners are all gone are deleted
 * (Orphan: the reference is removed instead); a dependent with a live owner left loses
 * only the dangling reference.
 */
function collectDependents(
  state: EmulatorState,
  ownerType: ResourceType,
  owner: KubeObject,
  propagation: Propagation,
): void {
  const uid = owner.metadata.uid;
  if (!uid) return;
  for (const t of state.registry.storedTypes()) {
    if (!t.namespaced && ownerType.namespaced) continue; // namespaced owners cannot own cluster-scoped objects
    const scope = ownerType.namespaced ? owner.metadata.namespace : undefined;
    for (const dep of state.store.list(t, t.namespaced ? scope : undefined)) {
      const refs = dep.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      const others = refs.filter((r) => r.uid !== uid);
      const liveOthers = others.filter((r) => ownerExists(state, r, dep.metadata.namespace));
      if (propagation === 'Orphan' || liveOthers.length > 0) {
        if (others.length > 0) dep.metadata.ownerReferences = others;
        else delete dep.metadata.ownerReferences;
        dep.metadata.resourceVersion = state.store.nextRevision();
        state.store.put(t, dep);
      } else {
        startDeletion(state, t, dep, 'Background');
      }
    }
  }
}

type OwnerRef = { apiVersion: string; kind: string; name: string; uid: string };

function ownerExists(state: EmulatorState, ref: OwnerRef, namespace?: string): boolean {
  const t = state.registry.findByKind(ref.apiVersion, ref.kind);
  if (!t) return false;
  return state.store.get(t, t.namespaced ? namespace : undefined, ref.name)?.metadata.uid === ref.uid;
}

/**
 * An owner the garbage collector can look up (known kind, valid scope) and finds missing or with
 * another uid. Unresolvable references are left alone, as the real collector leaves them.
 */
function isDangling(state: EmulatorState, ref: OwnerRef, namespace: string | undefined): boolean {
  const t = state.registry.findByKind(ref.apiVersion, ref.kind);
  if (!t || (t.namespaced && namespace === undefined)) return false;
  return !ownerExists(state, ref, namespace);
}

/**
 * The garbage collector's view of a new or updated object: when every owner it references is
 * gone (a restored object still pointing at its old owners' uids), the object is deleted.
 * Done at once here; a real cluster does it within moments.
 */
export function collectIfOwnersGone(state: EmulatorState, type: ResourceType, obj: KubeObject): void {
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  if (refs.every((r) => isDangling(state, r, obj.metadata.namespace)))
    startDeletion(state, type, obj, 'Background');
}

/** DELETE of a namespace: mark it Terminating now, empty it shortly after (like the controller). */
export function beginNamespaceTermination(state: EmulatorState, ns: KubeObject): KubeObject {
  if (ns.metadata.deletionTimestamp) return ns;
  ns.metadata.deletionTimestamp = nowIso();
  ns.metadata.deletionGracePeriodSeconds = 0;
  ns.status = { ...(typeof ns.status === 'object' ? ns.status : {}), phase: 'Terminating' };
  ns.metadata.resourceVersion = state.store.nextRevision();
  state.store.put(NAMESPACES, ns);
  scheduleSweep(state, ns.metadata.name ?? '', NAMESPACE_SWEEP_MS);
  return ns;
}

/** Deletes everything in a terminating namespace; removes the namespace once it is empty. */
export function sweepNamespace(state: EmulatorState, name: string): void {
  const ns = state.store.get(NAMESPACES, undefined, name);
  if (!ns?.metadata.deletionTimestamp) return;
  let remaining = 0;
  const remainingFinalizers = new Set<string>();
  for (const t of state.registry.storedTypes()) {
    if (!t.namespaced) continue;
    for (const listed of state.store.list(t, name)) {
      const obj = state.store.get(t, name, listed.metadata.name ?? ''); // earlier deletions may have collected it
      if (obj && !startDeletion(state, t, obj, 'Background')) {
        remaining += 1;
        for (const f of obj.metadata.finalizers ?? []) remainingFinalizers.add(f);
      }
    }
  }
  if (remaining === 0) {
    state.store.remove(NAMESPACES, undefined, name);
    return;
  }
  const message = `Some resources are remaining: ${remaining} object(s) have finalizers`;
  const conditions = (ns.status as { conditions?: Array<{ message?: string }> } | undefined)?.conditions;
  if (conditions?.[0]?.message === message) return;
  const now = nowIso();
  ns.status = {
    phase: 'Terminating',
    conditions: [
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        reason: 'SomeResourcesRemain',
        message,
        lastTransitionTime: now,
      },
      {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        reason: 'SomeFinalizersRemain',
        message: `Some content in the namespace has finalizers remaining: ${[...remainingFinalizers].join(', ')}`,
        lastTransitionTime: now,
      },
    ],
  };
  ns.metadata.resourceVersion = state.store.nextRevision();
  state.store.put(NAMESPACES, ns);
}
