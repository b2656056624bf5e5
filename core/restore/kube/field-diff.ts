// Differences between two cleaned objects (live → point), as readable field paths
// (`data.app.conf`, `spec.template.spec.containers[0].image`), and the JSON merge patch
// (RFC 7386) that turns one into the other. The patch is computed from the cleaned live object,
// so it never names a field cleaning leaves out (server-set and allocated fields stay untouched),
// and a field the point does not have is sent as null (removed).
import { isDeepStrictEqual } from 'node:util';
import { isRec, type Rec } from '../../providers/native/kube/clean/item';

export type PathSeg = string | number;

export interface Change {
  path: PathSeg[];
  /** Absent: the field is missing on that side. */
  old?: unknown;
  new?: unknown;
}

/** `spec.template.spec.containers[0].image`: keys joined with dots, array indexes in brackets. */
export function renderPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/**
 * Field-level changes from `old` to `next`: objects are compared key by key, arrays of the same
 * length element by element; anything else (a scalar, a type change, arrays of different
 * lengths) is one change at its path.
 */
export function fieldDiff(old: unknown, next: unknown, path: PathSeg[] = []): Change[] {
  if (isDeepStrictEqual(old, next)) return [];
  if (isRec(old) && isRec(next)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
    return keys.flatMap((k) => fieldDiff(old[k], next[k], [...path, k]));
  }
  if (Array.isArray(old) && Array.isArray(next) && old.length === next.length) {
    return old.flatMap((v, i) => fieldDiff(v, next[i], [...path, i]));
  }
  return [{ path, ...(old !== undefined ? { old } : {}), ...(next !== undefined ? { new: next } : {}) }];
}

/**
 * The merge patch from `from` to `to` (both objects): changed and added fields with their new
 * value, removed ones as null, nested objects as nested patches, arrays whole (merge patch has
 * no array operations). Empty when nothing differs.
 */
export function mergePatch(from: Rec, to: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(to)) {
    if (v === undefined) continue;
    const was = from[k];
    if (isDeepStrictEqual(was, v)) continue;
    out[k] = isRec(was) && isRec(v) ? mergePatch(was, v) : v;
  }
  for (const k of Object.keys(from)) if (from[k] !== undefined && to[k] === undefined) out[k] = null;
  return out;
}

/** Whether `path` is `prefix` or inside it. `prefix` may use `[*]` for any index. */
export function isInside(path: readonly PathSeg[], prefix: readonly PathSeg[]): boolean {
  if (path.length < prefix.length) return false;
  return prefix.every((p, i) => p === path[i] || (p === '*' && typeof path[i] === 'number'));
}

/** Parses `spec.containers[*].image` into segments (`*` for any index). */
export function parsePath(text: string): PathSeg[] {
  const out: PathSeg[] = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]*)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!m) throw new Error(`not a field path: ${text}`);
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+|\*)\]/g)) out.push(idx[1] === '*' ? '*' : Number(idx[1]));
  }
  return out;
}
