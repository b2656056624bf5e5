// Paths of the files engine, as bytes: a server's names need not be UTF-8, so a path is a list
// of name components (Buffers) relative to the destination (or the source scope). Text forms
// exist only for people (FileChange.path) and for matching the subset the user typed.
import type { FileChange } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { nameProblem } from '../../repository/tree';

export type Rel = Buffer[];

const slash = Buffer.from('/');
const dotSlash = Buffer.from('./');
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(b: Buffer): string | undefined {
  try {
    return decoder.decode(b);
  } catch {
    return undefined;
  }
}

/** A name as text: UTF-8 as is, otherwise every byte outside printable ASCII as \xNN (as the
 * point browser shows it, so a user can type what they saw). */
export function nameText(name: Buffer): string {
  return (
    utf8(name) ??
    name
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

/** Absolute path bytes of `rel` under `root` (an absolute path text, normalised). */
export function absBytes(root: string, rel: Rel): Buffer {
  const parts: Buffer[] = [Buffer.from(root === '/' ? '' : root)];
  for (const n of rel) parts.push(slash, n);
  const out = Buffer.concat(parts);
  return out.length ? out : Buffer.from('/');
}

/** The FileChange path fields of `rel` under `root`: display text, and base64 when not UTF-8. */
export function changePath(root: string, rel: Rel): Pick<FileChange, 'path' | 'pathBase64'> {
  const bytes = absBytes(root, rel);
  if (utf8(bytes) !== undefined) return { path: bytes.toString('utf8') };
  const text = (root === '/' ? '' : root) + rel.map((n) => '/' + nameText(n)).join('');
  return { path: text || '/', pathBase64: bytes.toString('base64') };
}

/** The raw bytes a FileChange names. */
export function changeBytes(c: Pick<FileChange, 'path' | 'pathBase64'>): Buffer {
  return c.pathBase64 !== undefined ? Buffer.from(c.pathBase64, 'base64') : Buffer.from(c.path, 'utf8');
}

/** A map key for a relative path (latin1 keeps every byte). */
export function relKey(rel: Rel): string {
  return Buffer.concat(rel.flatMap((n, i) => (i ? [slash, n] : [n]))).toString('latin1');
}

/** The key of the directory a key's item is in ("" for a top-level name). */
export function parentKey(key: string): string {
  return key.slice(0, Math.max(0, key.lastIndexOf('/')));
}

/** The key of `name` inside the directory with key `dir`. */
export function childKey(dir: string, name: Buffer): string {
  const n = name.toString('latin1');
  return dir ? `${dir}/${n}` : n;
}

/** Absolute path bytes, as a latin1 string, of the item with key `key` under `root`. */
export function absKey(root: string, key: string): string {
  const r = root === '/' ? '' : Buffer.from(root).toString('latin1');
  return key ? `${r}/${key}` : r || '/';
}

/** The relative path joined with "/" (tar member names, safety items). */
export function joinRel(rel: Rel): Buffer {
  return Buffer.concat(rel.flatMap((n, i) => (i ? [slash, n] : [n])));
}

/** "./a/b" for a command argument (never starts with "-"); "." for the base itself. */
export function dot(rel: Rel): Buffer {
  return rel.length
    ? Buffer.concat([dotSlash, ...rel.flatMap((n, i) => (i ? [slash, n] : [n]))])
    : Buffer.from('.');
}

export function splitBytes(p: Buffer): Rel {
  const out: Rel = [];
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (i === p.length || p[i] === 0x2f) {
      if (i > start) out.push(p.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

/** A normalised absolute path text (no "//", no trailing "/", no "." or ".."), or throws `code`. */
export function normalAbsolute(path: string, what: string, code = 'restore.bad_destination'): string {
  if (!path.startsWith('/') || path.includes('\0'))
    throw new LifeboatError(code, `${what} must be an absolute path without NUL, got "${path}".`);
  const parts = path.split('/').filter(Boolean);
  if (parts.some((p) => p === '.' || p === '..'))
    throw new LifeboatError(code, `${what} must not contain "." or "..": "${path}".`);
  return '/' + parts.join('/');
}

let lastRoot: { root: string; parts: Rel } | undefined;

/** A root's components; the last root's are kept (a preview's paths all share one). */
function rootParts(root: string): Rel {
  if (lastRoot?.root !== root) lastRoot = { root, parts: splitBytes(Buffer.from(root)) };
  return lastRoot.parts;
}

/**
 * Where absolute path bytes lie below `root`, as components — or a reason it does not: outside
 * the root (byte-wise, after dropping empty components), a "." or ".." component, a name that is
 * not a single safe component.
 */
export function relUnder(root: string, abs: Buffer): Rel | string {
  if (abs[0] !== 0x2f) return 'not an absolute path';
  const parts = splitBytes(abs);
  for (const p of parts) {
    const problem = nameProblem(p);
    if (problem) return `it holds ${problem}`;
  }
  const base = rootParts(root);
  if (parts.length < base.length || base.some((b, i) => !b.equals(parts[i]!))) return `it is outside ${root}`;
  return parts.slice(base.length);
}

export function sameRel(a: Rel, b: Rel): boolean {
  return a.length === b.length && a.every((n, i) => n.equals(b[i]!));
}

/** Component-wise order (a directory before everything in it, names by their bytes). */
export function compareRel(a: Rel, b: Rel): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = Buffer.compare(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}
