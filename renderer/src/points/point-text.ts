// Pure words for restore points: what changed, file modes as `ls -l` shows them, owners,
// freshness against the RPO. No React (tests: test/unit/renderer-points).
import type { JobView, PointEntry, PointView } from '../../../core/api/contract';
import { formatBytes, formatCount } from '../format';

type Changes = Pick<PointView, 'changes' | 'kind'>;

/** "+3 ~1 −2" versus the previous point of the scope; "first" when there is none; a safety
 * point (what a restore overwrote, taken just before it wrote) says so instead. */
export function changesText({ changes, kind }: Changes): string {
  if (kind === 'safety') return 'safety point';
  if (!changes) return 'first';
  const { added, changed, removed } = changes;
  return `+${formatCount(added)} ~${formatCount(changed)} −${formatCount(removed)}`;
}

/** The same, spelled out for assistive technology and titles. */
export function changesLabel({ changes, kind }: Changes): string {
  if (kind === 'safety')
    return 'A safety point: what a restore overwrote or deleted, taken just before it wrote (its undo puts it back)';
  if (!changes) return 'The first restore point of this scope';
  const { added, changed, removed } = changes;
  return `${formatCount(added)} added, ${formatCount(changed)} changed, ${formatCount(removed)} removed since the previous point`;
}

const typeChar: Record<PointEntry['type'], string> = {
  file: '-',
  hardlink: '-',
  dir: 'd',
  symlink: 'l',
  fifo: 'p',
  socket: 's',
  chardev: 'c',
  blockdev: 'b',
};

/** 0o4755 of a file → "-rwsr-xr-x", as `ls -l` prints it. */
export function modeText(type: PointEntry['type'], mode: number): string {
  const bit = (mask: number, ch: string) => (mode & mask ? ch : '-');
  const special = (exec: number, flag: number, on: string) => {
    const x = (mode & exec) !== 0;
    if (!(mode & flag)) return x ? 'x' : '-';
    return x ? on : on.toUpperCase();
  };
  return (
    typeChar[type] +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    special(0o100, 0o4000, 's') +
    bit(0o40, 'r') +
    bit(0o20, 'w') +
    special(0o10, 0o2000, 's') +
    bit(0o4, 'r') +
    bit(0o2, 'w') +
    special(0o1, 0o1000, 't')
  );
}

/** "alice (1000)" or "1000" when the name is unknown. */
export function ownerText(e: Pick<PointEntry, 'user' | 'uid'>): string {
  return e.user ? `${e.user} (${e.uid})` : String(e.uid);
}

export type Freshness =
  { tone: 'error'; text: string } | { tone: 'ok' | 'warning'; text: string; ageSeconds: number };

/** "3 hours ago · RPO 24h", warning once older than the RPO; an error without a point. */
export function freshness(
  latest: string | undefined,
  rpo: { seconds: number; label: string },
  now: Date,
  relative: (iso: string, now: Date) => string,
): Freshness {
  // Nothing to restore from: the worst state a system can be in, said as loudly as any.
  if (!latest) return { tone: 'error', text: 'No restore point yet: not protected' };
  const ageSeconds = Math.max(0, (now.getTime() - Date.parse(latest)) / 1000);
  const over = rpo.seconds > 0 && ageSeconds > rpo.seconds;
  return {
    tone: over ? 'warning' : 'ok',
    text: `${relative(latest, now)} · RPO ${rpo.label}${over ? ' exceeded' : ''}`,
    ageSeconds,
  };
}

/** "etc/nginx" → ["etc", "etc/nginx"] with their names, for breadcrumbs. */
export function pathCrumbs(path: string): { name: string; path: string }[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }));
}

/** The directory above `path` ("" at the top). */
export function parentPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).join('/');
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** What an incremental backup did not read again (files unchanged since the previous point). */
export function unchangedText(summary: JobView['summary']): string | undefined {
  const bytes = summary?.bytes;
  const read = summary?.bytesRead;
  if (typeof bytes !== 'number' || typeof read !== 'number' || read >= bytes) return undefined;
  if (read === 0) return 'Nothing changed since the previous restore point; no file was read again.';
  return `${formatBytes(read)} read; ${formatBytes(bytes - read)} unchanged since the previous restore point.`;
}

/** What a partial point lacks, in a sentence. */
export function partialText(count: number): string {
  const what = count === 1 ? '1 file or folder' : `${count.toLocaleString('en-US')} files or folders`;
  return `The backup could not read ${what}, so ${count === 1 ? 'it is' : 'they are'} not in this restore point; everything else in it is whole. A restore from it cannot bring ${count === 1 ? 'it' : 'them'} back.`;
}
