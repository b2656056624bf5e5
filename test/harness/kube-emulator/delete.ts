// DELETE of one object and of a collection, with DeleteOptions (preconditions, propagationPolicy, dryRun).

import { isRec, nowIso, type KubeObject } from './json';
import { beginNamespaceTermination, startDeletion, type Propagation } from './lifecycle';
import { readObject, selectObjects, type ListQuery } from './read';
import { apiVersionOf, type ResourceType } from './resources';
import type { EmulatorState } from './state';
import { badRequest, conflict, deletedStatus, forbidden, invalid, methodNotAllowed } from './status';

/** The NamespaceLifecycle admission plugin refuses to delete these. */
const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export interface DeleteOptions {
  dryRun: boolean;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** Merges DeleteOptions from the request body (if any) with query parameters. */
export function deleteOptionsFrom(body: unknown, query: URLSearchParams, dryRun: boolean): DeleteOptions {
  const opts: DeleteOptions = { dryRun };
  if (isRec(body)) {
    if (typeof body.propagationPolicy === 'string') opts.propagationPolicy = body.propagationPolicy;
    if (body.orphanDependents === true) opts.propagationPolicy ??= 'Orphan';
    if (isRec(body.preconditions)) {
      const p = body.preconditions;
      opts.preconditions = {
        ...(typeof p.uid === 'string' ? { uid: p.uid } : {}),
        ...(typeof p.resourceVersion === 'string' ? { resourceVersion: p.resourceVersion } : {}),
      };
    }
    if (Array.isArray(body.dryRun) && body.dryRun.includes('All')) opts.dryRun = true;
  }
  const q = query.get('propagationPolicy');
  if (q) opts.propagationPolicy = q;
  if (query.get('orphanDependents') === 'true') opts.propagationPolicy ??= 'Orphan';
  return opts;
}

function propagationOf(type: ResourceType, name: string, policy: string | undefined): Propagation {
  if (policy === undefined || policy === 'Background' || policy === 'Foreground' || policy === 'Orphan') {
    return policy ?? 'Background';
  }
  throw invalid({ group: type.group, kind: type.kind }, name, [
    {
      type: 'NotSupported',
      field: 'propagationPolicy',
      value: policy,
      detail: 'supported values: "Foreground", "Background", "Orphan"',
    },
  ]);
}

/** DELETE /.../{name}: the answer body (the object, or a Success Status). */
export function deleteObject(
  state: EmulatorState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  opts: DeleteOptions,
): unknown {
  const obj = readObject(state, type, namespace, name);
  const m = obj.metadata;
  const pre = opts.preconditions ?? {};
  if (pre.uid && pre.uid !== m.uid) {
    throw conflict(
      type,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${m.uid ?? ''}`,
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== m.resourceVersion) {
    throw conflict(
      type,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion ?? ''}`,
    );
  }
  const isNamespaces = type.group === '' && type.plural === 'namespaces';
  if (isNamespaces && PROTECTED_NAMESPACES.includes(name))
    throw forbidden(type, name, 'this namespace may not be deleted');
  const propagation = propagationOf(type, name, opts.propagationPolicy);
  const hadFinalizers = (m.finalizers ?? []).length > 0;
  const answerAsDeleted = (o: KubeObject) => {
    o.metadata.deletionTimestamp ??= nowIso();
    o.metadata.deletionGracePeriodSeconds ??= 0;
    return o;
  };
  if (opts.dryRun) {
    return type.deleteReturnsObject || hadFinalizers
      ? answerAsDeleted(obj)
      : deletedStatus(type, name, m.uid ?? '');
  }
  if (isNamespaces) return beginNamespaceTermination(state, obj);

  const gone = startDeletion(state, type, structuredClone(obj), propagation);
  if (!gone) return readObject(state, type, namespace, name);
  if (propagation !== 'Background') {
    // A real server answers with the object holding the orphan/foregroundDeletion finalizer.
    obj.metadata.finalizers = [
      ...(m.finalizers ?? []),
      propagation === 'Orphan' ? 'orphan' : 'foregroundDeletion',
    ];
    return answerAsDeleted(obj);
  }
  if (type.deleteReturnsObject || hadFinalizers) return answerAsDeleted(obj);
  return deletedStatus(type, name, m.uid ?? '');
}

/** DELETE on a collection: deletes what the selectors select; answers with the deleted items as a list. */
export function deleteCollection(
  state: EmulatorState,
  type: ResourceType,
  namespace: string | undefined,
  query: ListQuery,
  opts: DeleteOptions,
): unknown {
  if (!type.verbs.includes('deletecollection')) throw methodNotAllowed();
  if (opts.preconditions?.uid || opts.preconditions?.resourceVersion) {
    throw badRequest('preconditions are not supported for deletecollection');
  }
  const items: unknown[] = [];
  for (const o of selectObjects(state, type, namespace, query)) {
    const name = o.metadata.name ?? '';
    const answer = deleteObject(state, type, o.metadata.namespace, name, opts);
    const { apiVersion: _a, kind: _k, ...item } = isRec(answer) && answer.kind === type.kind ? answer : o;
    items.push(item);
  }
  return {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: state.store.currentRevision() },
    items,
  };
}
