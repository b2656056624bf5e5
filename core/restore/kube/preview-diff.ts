// Field differences as the preview shows them: readable paths; values of Secrets hidden (only
// their size shows — plans are stored and displayed, and secrets are never shown or journaled),
// long values shortened, at most a hundred differences per object.
import type { ObjectChange } from '../../api/contract';
import { renderPath, type Change } from './field-diff';

type FieldDiff = NonNullable<ObjectChange['diff']>[number];

export const maxDiffs = 100;
const maxText = 500;

/** Inside a Secret: the data, and kubectl's copy of the whole object (which holds the data too). */
function isSecretValue(kind: string, c: Change): boolean {
  if (kind !== 'Secret') return false;
  const [top, second, third] = c.path;
  if (top === 'data' || top === 'stringData') return true;
  if (top === 'metadata' && (second === undefined || (second === 'annotations' && third === undefined)))
    return true;
  return (
    top === 'metadata' &&
    second === 'annotations' &&
    third === 'kubectl.kubernetes.io/last-applied-configuration'
  );
}

function hidden(v: unknown, base64: boolean): unknown {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return '(hidden)';
  const n = base64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v);
  return `(hidden: ${n} bytes)`;
}

function shorten(v: unknown): unknown {
  if (typeof v === 'string')
    return v.length > maxText ? `${v.slice(0, maxText)}… (${v.length} characters)` : v;
  if (v !== null && typeof v === 'object') {
    const text = JSON.stringify(v);
    return text.length > maxText ? `${text.slice(0, maxText)}… (${text.length} characters of JSON)` : v;
  }
  return v;
}

export function previewDiff(kind: string, changes: readonly Change[]): { diff: FieldDiff[]; note?: string } {
  const diff = changes.slice(0, maxDiffs).map((c): FieldDiff => {
    const secret = isSecretValue(kind, c);
    const show = (v: unknown) => (secret ? hidden(v, c.path[0] === 'data') : shorten(v));
    const old = show(c.old);
    const next = show(c.new);
    return {
      path: renderPath(c.path),
      ...(old !== undefined ? { old } : {}),
      ...(next !== undefined ? { new: next } : {}),
    };
  });
  return changes.length > maxDiffs
    ? { diff, note: `${maxDiffs} of ${changes.length} differences shown` }
    : { diff };
}
