// PUT and the update path PATCH and subresources share: preconditions (409), server-owned
// fields carried over, defaults and validation (422), generation, no-op detection, finalization.

import type { WriteContext } from './behaviour';
import type { WriteOptions } from './create';
import { applyRequestNamespace, decodeObject } from './decode';
import { clone, deepEqual, type KubeObject } from './json';
import { behavioursFor } from './kinds/index';
import { collectIfOwnersGone, finishDeletion } from './lifecycle';
import { recordManagedFields } from './managed-fields';
import type { ResourceType } from './resources';
import type { EmulatorState } from './state';
import { readObject } from './read';
import { badRequest, conflict, invalid, STALE_OBJECT, type FieldError } from './status';
import { validateObjectMeta } from './validation';

export interface UpdateOptions extends WriteOptions {
  /** 'status' writes only status; 'scale' is recorded as such in managedFields. */
  subresource?: 'status' | 'scale';
  /** PUT on a type that refuses unconditional updates: metadata.resourceVersion is required. */
  requireResourceVersion: boolean;
}

/** Fields outside metadata (and status, when status is a subresource) changed: generation moves. */
function specChanged(type: ResourceType, a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
    if (type.subresources.includes('status')) delete rest.status;
    return rest;
  };
  return !deepEqual(strip(a), strip(b));
}

function withoutVolatile(o: KubeObject): KubeObject {
  const c = clone(o);
  delete c.metadata.managedFields;
  delete c.metadata.resourceVersion;
  return c;
}

/** Applies `next` over the stored `old`; returns what the server answers. */
export function commitUpdate(
  state: EmulatorState,
  type: ResourceType,
  old: KubeObject,
  next: KubeObject,
  opts: UpdateOptions,
): KubeObject {
  const name = old.metadata.name ?? '';
  const m = next.metadata;
  const om = old.metadata;
  if (m.resourceVersion) {
    if (m.resourceVersion !== om.resourceVersion) throw conflict(type, name, STALE_OBJECT);
  } else if (opts.requireResourceVersion) {
    throw invalid(type, name, [
      {
        type: 'Invalid',
        field: 'metadata.resourceVersion',
        raw: '0x0',
        detail: 'must be specified for an update',
      },
    ]);
  }
  const metaErrors: FieldError[] = [];
  if (m.uid && m.uid !== om.uid)
    metaErrors.push({ type: 'Invalid', field: 'metadata.uid', value: m.uid, detail: 'field is immutable' });
  if (om.deletionTimestamp) {
    const added = (m.finalizers ?? []).filter((f) => !(om.finalizers ?? []).includes(f));
    if (added.length > 0) {
      metaErrors.push({
        type: 'Forbidden',
        field: 'metadata.finalizers',
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
      });
    }
  }
  if (metaErrors.length > 0) throw invalid(type, name, metaErrors);

  let obj: KubeObject;
  if (opts.subresource === 'status') {
    obj = clone(old);
    obj.status = next.status;
  } else {
    obj = next;
    for (const key of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ] as const) {
      if (om[key] === undefined) delete obj.metadata[key];
      else obj.metadata[key] = om[key] as never;
    }
    if (type.subresources.includes('status')) {
      if (old.status === undefined) delete obj.status;
      else obj.status = clone(old.status);
    }
  }
  obj.metadata.resourceVersion = om.resourceVersion;

  const ctx: WriteContext = { state, type, dryRun: opts.dryRun };
  const behaviours = behavioursFor(type);
  if (opts.subresource !== 'status') {
    for (const b of behaviours) b.defaults?.(obj, ctx);
    for (const b of behaviours) b.prepareUpdate?.(obj, old, ctx);
    const errors = validateObjectMeta(obj, type.nameRule);
    for (const b of behaviours)
      errors.push(...(b.validate?.(obj, ctx) ?? []), ...(b.validateUpdate?.(obj, old, ctx) ?? []));
    if (errors.length > 0) throw invalid(type, name, errors);
    if (type.generation && specChanged(type, old, obj)) obj.metadata.generation = (om.generation ?? 0) + 1;
    for (const b of behaviours) b.status?.(obj, ctx);
  }
  if (deepEqual(withoutVolatile(obj), withoutVolatile(old))) return old; // no-op: nothing written

  delete obj.metadata.managedFields;
  const origin = opts.subresource ? { ...opts.origin, subresource: opts.subresource } : opts.origin;
  recordManagedFields(obj, om.managedFields, origin);
  if (opts.dryRun) return obj;

  if (obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).length === 0) {
    finishDeletion(state, type, obj, 'Background');
    return obj;
  }
  obj.metadata.resourceVersion = state.store.nextRevision();
  state.store.put(type, obj);
  if (opts.subresource !== 'status') for (const b of behaviours) b.afterUpdate?.(obj, old, ctx);
  const stored = state.store.get(type, obj.metadata.namespace, name) ?? obj;
  if (!deepEqual(obj.metadata.ownerReferences, om.ownerReferences))
    collectIfOwnersGone(state, type, clone(stored));
  return stored;
}

/** PUT /.../{name}: replace the whole object. */
export function replaceObject(
  state: EmulatorState,
  type: ResourceType,
  urlNamespace: string | undefined,
  name: string,
  body: unknown,
  opts: WriteOptions & { subresource?: 'status' },
): KubeObject {
  const next = decodeObject(body, type);
  applyRequestNamespace(next, type, urlNamespace);
  if (next.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
  const old = readObject(state, type, urlNamespace, name);
  return commitUpdate(state, type, old, next, {
    ...opts,
    requireResourceVersion: !type.unconditionalUpdate && opts.subresource !== 'status',
  });
}
