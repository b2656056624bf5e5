// A plausible metadata.managedFields entry per write, so cleaning code meets one to strip.
// The fieldsV1 set is an approximation of server-side apply's field tracking.

import { isRec, nowIso, type KubeObject, type Rec } from './json';

export interface WriteOrigin {
  /** `fieldManager` query parameter, else derived from the User-Agent like the apiserver does. */
  manager: string;
  operation: 'Update' | 'Apply';
  subresource?: string;
}

const MAX_DEPTH = 6;

function fieldSet(v: unknown, depth: number): Rec {
  if (!isRec(v) || depth >= MAX_DEPTH) return {};
  const out: Rec = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    if (Array.isArray(x)) {
      const keyed: Rec = {};
      for (const item of x) {
        if (isRec(item) && typeof item.name === 'string') {
          keyed[`k:${JSON.stringify({ name: item.name })}`] = { '.': {}, ...fieldSet(item, depth + 1) };
        }
      }
      out[`f:${k}`] = keyed;
    } else if (isRec(x)) {
      out[`f:${k}`] = { ...(depth > 0 ? { '.': {} } : {}), ...fieldSet(x, depth + 1) };
    } else {
      out[`f:${k}`] = {};
    }
  }
  return out;
}

/** The fields of `obj` this write touched: everything but server-owned metadata (and status for main writes). */
function touchedFields(obj: KubeObject, subresource: string | undefined): Rec {
  const { metadata, apiVersion: _a, kind: _k, ...rest } = obj;
  if (subresource === 'status') return fieldSet({ status: obj.status }, 0);
  delete rest.status;
  const meta: Rec = {};
  for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
    if (metadata[key] !== undefined) meta[key] = metadata[key];
  }
  const fields = fieldSet(rest, 0);
  if (Object.keys(meta).length > 0) fields['f:metadata'] = fieldSet(meta, 1);
  return fields;
}

/** Replaces this manager's entry (same operation and subresource) in obj.metadata.managedFields. */
export function recordManagedFields(
  obj: KubeObject,
  previous: unknown[] | undefined,
  origin: WriteOrigin,
): void {
  const apiVersion = obj.apiVersion ?? 'v1';
  const entry: Rec = {
    manager: origin.manager,
    operation: origin.operation,
    apiVersion,
    time: nowIso(),
    fieldsType: 'FieldsV1',
    fieldsV1: touchedFields(obj, origin.subresource),
  };
  if (origin.subresource) entry.subresource = origin.subresource;
  const others = (previous ?? []).filter(
    (e) =>
      !isRec(e) ||
      e.manager !== origin.manager ||
      e.operation !== origin.operation ||
      (e.subresource ?? undefined) !== origin.subresource,
  );
  obj.metadata.managedFields = [...others, entry];
}

/** The apiserver's default manager name: the User-Agent up to the first '/'. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0]?.trim();
  return prefix || 'unknown';
}
