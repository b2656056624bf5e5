// POST: create an object, in the order the apiserver checks things:
// decode (400) -> namespace match (400) -> namespace lifecycle admission (404/403)
// -> defaults and validation (422) -> storage: resourceVersion set (500), already exists (409).

import { randomBytes, randomUUID } from 'node:crypto';
import type { WriteContext } from './behaviour';
import { applyRequestNamespace, decodeObject } from './decode';
import { clone, nowIso, type KubeObject } from './json';
import { behavioursFor } from './kinds/index';
import { collectIfOwnersGone } from './lifecycle';
import { recordManagedFields, type WriteOrigin } from './managed-fields';
import type { ResourceType } from './resources';
import type { EmulatorState } from './state';
import { alreadyExists, forbidden, internal, invalid, notFound } from './status';
import { validateObjectMeta } from './validation';

export interface WriteOptions {
  dryRun: boolean;
  origin: WriteOrigin;
}

const NAMESPACES = { group: '', plural: 'namespaces', kind: 'Namespace' };

/** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
export function admitIntoNamespace(
  state: EmulatorState,
  type: ResourceType,
  namespace: string,
  name: string,
): void {
  const ns = state.store.get(NAMESPACES, undefined, namespace);
  if (!ns) throw notFound(NAMESPACES, namespace);
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(
      type,
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** apiserver's SimpleNameGenerator: prefix + 5 random characters. */
export function generateNameFrom(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length];
  return `${prefix.slice(0, 63 - 5)}${suffix}`;
}

/** Creates and stores an object; returns what the server answers (the stored object). */
export function createObject(
  state: EmulatorState,
  type: ResourceType,
  urlNamespace: string | undefined,
  body: unknown,
  opts: WriteOptions,
): KubeObject {
  const obj = decodeObject(body, type);
  applyRequestNamespace(obj, type, urlNamespace);
  const m = obj.metadata;
  if (type.namespaced) admitIntoNamespace(state, type, m.namespace ?? '', m.name ?? '');

  const clientResourceVersion = m.resourceVersion;
  for (const key of [
    'resourceVersion',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation',
    'selfLink',
  ]) {
    delete m[key];
  }
  m.uid = randomUUID();
  m.creationTimestamp = nowIso();
  if (type.subresources.includes('status')) delete obj.status;

  const ctx: WriteContext = { state, type, dryRun: opts.dryRun };
  const behaviours = behavioursFor(type);
  if (!m.name && m.generateName) {
    let name = generateNameFrom(m.generateName);
    for (let i = 0; i < 10 && state.store.get(type, m.namespace, name); i++)
      name = generateNameFrom(m.generateName);
    m.name = name;
  }
  for (const b of behaviours) b.defaults?.(obj, ctx);
  for (const b of behaviours) b.prepareCreate?.(obj, ctx);
  for (const b of behaviours) b.admit?.(obj, ctx);

  const errors = validateObjectMeta(obj, type.nameRule);
  for (const b of behaviours)
    errors.push(...(b.validate?.(obj, ctx) ?? []), ...(b.validateCreate?.(obj, ctx) ?? []));
  if (errors.length > 0) throw invalid(type, m.name ?? '', errors);

  // etcd3 store: only a parsable, non-zero resourceVersion is refused (a plain error: 500).
  if (clientResourceVersion && /^\d+$/.test(clientResourceVersion) && Number(clientResourceVersion) !== 0) {
    throw internal('resourceVersion should not be set on objects to be created');
  }
  if (state.store.get(type, m.namespace, m.name ?? '')) throw alreadyExists(type, m.name ?? '');

  if (type.generation) m.generation = 1;
  for (const b of behaviours) b.status?.(obj, ctx);
  delete m.managedFields;
  recordManagedFields(obj, undefined, opts.origin);
  if (opts.dryRun) return obj;

  m.resourceVersion = state.store.nextRevision();
  state.store.put(type, obj);
  for (const b of behaviours) b.afterCreate?.(obj, ctx);
  const stored = state.store.get(type, m.namespace, m.name ?? '') ?? obj;
  collectIfOwnersGone(state, type, clone(stored));
  return stored;
}
