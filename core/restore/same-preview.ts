// Did the live target move between the preview the operator confirmed and the moment of writing?
// The executor plans again and compares: the same items, each with the same live facts. Only
// content and identity count (type, size, hash, mode, owner, link target); a bare mtime change
// is not a reason to stop an incident restore.
import type { FileChange, ObjectChange, Preview } from '../api/contract';

const fileFacts = (c: FileChange) =>
  JSON.stringify([
    c.old?.type,
    c.old?.size,
    c.old?.sha256,
    c.old?.mode,
    c.old?.uid,
    c.old?.gid,
    c.old?.linkTarget,
  ]);

const objectKey = (c: ObjectChange) => `${c.ref.kind}/${c.ref.namespace ?? ''}/${c.ref.name}`;
// The live object's hash when the plan has one: the diff alone hides Secret values and cuts long text.
const objectFacts = (c: ObjectChange) => JSON.stringify([c.liveSha256 ?? null, c.diff ?? null]);

function compare<T>(
  what: string,
  before: T[],
  after: T[],
  key: (t: T) => string,
  facts: (t: T) => string,
  label: (t: T) => string,
  out: string[],
): void {
  const now = new Map(after.map((t) => [key(t), t]));
  for (const b of before) {
    const a = now.get(key(b));
    now.delete(key(b));
    if (!a) out.push(`${label(b)}: no longer to ${what}`);
    else if (facts(a) !== facts(b)) out.push(`${label(b)}: changed since the preview`);
  }
  for (const a of now.values()) out.push(`${label(a)}: now also to ${what}`);
}

/** Differences that matter, in words ([] = the same). */
export function samePreview(before: Preview, after: Preview): string[] {
  const out: string[] = [];
  if (before.kind === 'files' && after.kind === 'files') {
    const key = (c: FileChange) => c.pathBase64 ?? c.path;
    const label = (c: FileChange) => c.path;
    compare('create', before.create, after.create, key, fileFacts, label, out);
    compare('replace', before.replace, after.replace, key, fileFacts, label, out);
    compare('delete', before.delete, after.delete, key, fileFacts, label, out);
    return out;
  }
  if (before.kind === 'objects' && after.kind === 'objects') {
    const label = (c: ObjectChange) => `${c.ref.kind}/${c.ref.name}`;
    compare('create', before.create, after.create, objectKey, objectFacts, label, out);
    compare('update', before.update, after.update, objectKey, objectFacts, label, out);
    compare('delete', before.delete, after.delete, objectKey, objectFacts, label, out);
    return out;
  }
  return ['the kind of target changed'];
}
