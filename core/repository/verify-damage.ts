// Where verify's damage is reported: the file paths that use a damaged blob (every copy of a
// duplicated directory included, a capped number listed and the rest counted), shown as text when
// their bytes are UTF-8, else base64.
import type { VerifyDamage } from './verify';

/** Paths listed per damaged blob; the rest are counted ("+N more"). */
export const maxPathsPerBlob = 20;
/** Paths expanded through duplicated directories before giving up counting exactly. */
const maxExpandedPaths = 10_000;

/** Paths inside the walk are "binary" strings (one char per byte) so non-UTF-8 names survive. */
export type RawPath = string;

/** The paths, plus the same paths inside every other copy of a duplicated directory. */
export function expand(paths: RawPath[], aliases: readonly { from: RawPath; to: RawPath }[]): RawPath[] {
  if (aliases.length === 0) return paths;
  const out = new Set(paths);
  const queue = [...paths];
  for (let p = queue.shift(); p !== undefined && out.size < maxExpandedPaths; p = queue.shift()) {
    for (const a of aliases) {
      if (a.from === '' || (p !== a.from && !p.startsWith(`${a.from}/`))) continue;
      const q = a.to + p.slice(a.from.length);
      if (!out.has(q)) {
        out.add(q);
        queue.push(q);
      }
    }
  }
  return [...out];
}

export function addDamage(
  damage: VerifyDamage[],
  rawPaths: RawPath[],
  alsoMore: number,
  what: Omit<VerifyDamage, 'path' | 'pathEncoding'>,
): void {
  const sorted = [...rawPaths].sort();
  const listed = sorted.slice(0, maxPathsPerBlob);
  const more = sorted.length - listed.length + alsoMore;
  const message = more > 0 ? `${what.message} (+${more} more path(s) use it, not listed)` : what.message;
  for (const raw of listed) damage.push({ ...displayPath(raw), ...what, message });
}

function displayPath(raw: RawPath): { path: string; pathEncoding?: 'base64' } {
  const bytes = Buffer.from(raw, 'latin1');
  try {
    return { path: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { path: bytes.toString('base64'), pathEncoding: 'base64' };
  }
}
