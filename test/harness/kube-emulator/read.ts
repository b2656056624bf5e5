// GET one object and LIST with label/field selectors and limit/continue pagination.

import { isRec, type KubeObject } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import { matches, matchesFields, parseFieldSelector, parseLabelSelector } from './selectors';
import type { EmulatorState } from './state';
import { badRequest, notFound } from './status';

/** The stored object as the requested version presents it; 404 when missing. */
export function readObject(
  state: EmulatorState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const obj = state.store.get(type, type.namespaced ? namespace : undefined, name);
  if (!obj) throw notFound(type, name);
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return { kind: type.kind, apiVersion: apiVersionOf(type), ...rest };
}

export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: string | null;
  continue?: string | null;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: string, lastKey: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv: Number(rv), start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (isRec(t) && t.v === 'meta.k8s.io/v1' && typeof t.start === 'string' && typeof t.rv === 'number') {
      return { v: t.v, rv: t.rv, start: t.start };
    }
  } catch {
    // fall through
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** The objects a list/deletecollection selects, without pagination. */
export function selectObjects(
  state: EmulatorState,
  type: ResourceType,
  namespace: string | undefined,
  q: ListQuery,
): KubeObject[] {
  const labelReqs = q.labelSelector ? parseLabelSelector(q.labelSelector) : [];
  const fieldReqs = q.fieldSelector
    ? parseFieldSelector(q.fieldSelector, ['metadata.name', 'metadata.namespace', ...type.fieldLabels])
    : [];
  return state.store
    .list(type, type.namespaced ? namespace : undefined)
    .filter((o) => matches(labelReqs, o.metadata.labels ?? {}) && matchesFields(fieldReqs, o));
}

/**
 * A `<Kind>List`. As on a real server, items of built-in types carry no apiVersion/kind
 * (kubernetes/kubernetes#3030); items of custom resources do.
 */
export function listObjects(
  state: EmulatorState,
  type: ResourceType,
  namespace: string | undefined,
  q: ListQuery,
): KubeObject {
  let items = selectObjects(state, type, namespace, q);
  const metadata: Record<string, unknown> = { resourceVersion: state.store.currentRevision() };
  if (q.continue) {
    const token = decodeContinue(q.continue);
    items = items.filter((o) => `${keyOf(o)}\u0000` > token.start);
  }
  const limit = q.limit ? Number.parseInt(q.limit, 10) : 0;
  if (limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = encodeContinue(state.store.currentRevision(), keyOf(items[items.length - 1]!));
    metadata.remainingItemCount = remaining;
  }
  const apiVersion = apiVersionOf(type);
  return {
    kind: type.listKind,
    apiVersion,
    metadata,
    items: items.map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return type.crd ? { apiVersion, kind: type.kind, ...rest } : rest;
    }),
  } as KubeObject;
}
