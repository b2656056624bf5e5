// The comparison at the heart of a files preview: what the point holds against what lives on the
// server, item by item. Pure functions over facts, so every rule is tested without a server.
import { createHash } from 'node:crypto';
import type { FileFacts } from '../../api/contract';
import type { TreeNode } from '../../repository/tree';
import { nameText } from './paths';
import type { LiveEntry } from './remote';

export interface Time {
  sec: number;
  nsec: number;
}

export const emptySha256 = createHash('sha256').digest('hex');

/** Tree mtime (RFC 3339 UTC, 0–9 fraction digits) → seconds and nanoseconds. */
export function parseMtime(mtime: string): Time {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(mtime);
  if (!m) return { sec: Math.floor(Date.parse(mtime) / 1000) || 0, nsec: 0 };
  return { sec: Date.parse(`${m[1]}Z`) / 1000, nsec: Number((m[2] ?? '').padEnd(9, '0')) };
}

export function formatMtime(t: Time): string {
  const base = new Date(t.sec * 1000).toISOString().slice(0, 19);
  return t.nsec ? `${base}.${String(t.nsec).padStart(9, '0').replace(/0+$/, '')}Z` : `${base}Z`;
}

export function sameTime(a: Time, b: Time): boolean {
  return a.sec === b.sec && a.nsec === b.nsec;
}

/** A symlink target as text: UTF-8, or \xNN for the bytes that are not. */
export function linkText(b: Buffer): string {
  return nameText(b);
}

export function nodeLink(node: TreeNode): Buffer {
  return node.linkTarget !== undefined
    ? Buffer.from(node.linkTarget, 'utf8')
    : Buffer.from(node.linkTargetBase64 ?? '', 'base64');
}

/** The point's side of one item. A hardlink is restored as a file: its content is its first
 * occurrence's (`content`), its own metadata is the inode's. */
export interface PointSide {
  node: TreeNode;
  type: 'file' | 'dir' | 'symlink' | 'fifo' | 'socket' | 'chardev' | 'blockdev';
  size: number;
  /** Files: SHA-256 of the content when known (one blob: its id; none: of ""). */
  sha256?: string;
  /** Files: the content's blob ids (the first occurrence's for a hardlink). */
  content?: string[];
  link?: Buffer;
}

/** The content hash of a file that the tree alone tells (multi-blob files need their data). */
export function knownSha(content: string[]): string | undefined {
  if (content.length === 0) return emptySha256;
  return content.length === 1 ? content[0] : undefined;
}

export function pointFacts(p: PointSide): FileFacts {
  const n = p.node;
  return {
    type: p.type,
    size: p.size,
    mode: n.mode,
    uid: n.uid,
    gid: n.gid,
    ...(n.user ? { user: n.user } : {}),
    ...(n.group ? { group: n.group } : {}),
    mtime: n.mtime,
    ...(p.sha256 ? { sha256: p.sha256 } : {}),
    ...(p.link ? { linkTarget: linkText(p.link) } : {}),
  };
}

export function liveFacts(e: LiveEntry, sha256?: string): FileFacts {
  return {
    type: e.type === 'other' ? 'file' : e.type,
    size: e.type === 'file' ? e.size : 0,
    mode: e.mode,
    uid: e.uid,
    gid: e.gid,
    ...(e.user ? { user: e.user } : {}),
    ...(e.group ? { group: e.group } : {}),
    mtime: formatMtime(e.mtime),
    ...(sha256 ? { sha256 } : {}),
    ...(e.link ? { linkTarget: linkText(e.link) } : {}),
  };
}

export type Decision =
  | { kind: 'create' }
  | { kind: 'replace' }
  | { kind: 'unchanged' }
  /** An ancestor that exists as the directory it should be: nothing to do, nothing to count. */
  | { kind: 'exists' }
  | { kind: 'skip'; reason: string }
  | { kind: 'unsafe'; reason: string };

/** Whether a live item differs from the point's (content, type, owner, mode, link, mtime). */
export function differs(p: PointSide, live: LiveEntry, liveSha?: string): boolean {
  const n = p.node;
  if (live.type !== p.type) return true;
  if (live.uid !== n.uid || live.gid !== n.gid) return true;
  // Symlinks have no mode of their own on Linux; a directory's mtime moves with its content.
  if (p.type !== 'symlink' && live.mode !== n.mode) return true;
  if (p.type !== 'dir' && !sameTime(live.mtime, parseMtime(n.mtime))) return true;
  if (p.type === 'file') {
    if (live.size !== p.size) return true;
    if (!p.sha256 || !liveSha || p.sha256 !== liveSha) return true;
  }
  if (p.type === 'symlink' && !(live.link ?? Buffer.alloc(0)).equals(p.link ?? Buffer.alloc(0))) return true;
  return false;
}

/**
 * What to do with one point item given the live item at its destination (undefined = absent).
 * `selected` = in the subset; an unselected item is only an ancestor that must be a directory.
 */
export function decide(
  p: PointSide,
  live: LiveEntry | undefined,
  selected: boolean,
  liveSha?: string,
): Decision {
  if (p.type === 'socket' || p.type === 'chardev' || p.type === 'blockdev')
    return { kind: 'skip', reason: `a ${p.type} is recorded in the point, not restored` };
  if (p.type === 'dir') {
    if (!live) return { kind: 'create' };
    if (live.type === 'symlink')
      return {
        kind: 'unsafe',
        reason:
          'it is a symlink on the server where the point has a directory; writing through it could land anywhere',
      };
    if (live.type !== 'dir') {
      if (!selected) return { kind: 'unsafe', reason: `it is a ${live.type} on the server, not a directory` };
      return { kind: 'replace' };
    }
    if (!selected) return { kind: 'exists' };
    return differs(p, live) ? { kind: 'replace' } : { kind: 'unchanged' };
  }
  if (!live) return { kind: 'create' };
  if (live.type === 'dir')
    return {
      kind: 'skip',
      reason: `a directory is there now where the point has a ${p.type}; a directory's content is never removed`,
    };
  return differs(p, live, liveSha) ? { kind: 'replace' } : { kind: 'unchanged' };
}

/** The live item changed after the point was taken: its mtime or its ctime is newer than the
 * point's time. The ctime catches what a kept mtime hides: content put back by `rsync -a`,
 * `tar -x`, `cp -p`, `touch -d` or an earlier restore. */
export function changedSince(live: LiveEntry, pointTime: string): boolean {
  const t = Date.parse(pointTime);
  const ms = (x: { sec: number; nsec: number }) => x.sec * 1000 + x.nsec / 1e6;
  return ms(live.mtime) > t || ms(live.ctime) > t;
}
