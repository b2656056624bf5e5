// Planning a files restore: walk the point's tree (only where the subset leads), read the live
// state of exactly those destination paths in a few batched commands, and compare. Nothing is
// written. A live symlink or non-directory in the middle of a path to write is refused here
// (`restore.unsafe_path`), before any write could go through it.
import { createHash } from 'node:crypto';
import type { FileChange, FilesPreview } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { nodeName } from '../../repository/tree';
import type { FilesPlanInput } from '../engine';
import { changedSince, decide, knownSha, liveFacts, nodeLink, pointFacts, type PointSide } from './compare';
import { extraDeletes, undoDeletes, type Deletion } from './deletes';
import {
  absKey,
  changeBytes,
  changePath,
  compareRel,
  normalAbsolute,
  parentKey,
  relKey,
  relUnder,
  type Rel,
} from './paths';
import { PointTree, type PointItem } from './point';
import { hashFiles } from './hashes';
import { statPaths, type LiveEntry, type Remote } from './remote';
import { parseSubset, SubsetMatcher } from './subset';

/** Whether a destination path is a real directory now, will be one (created), or neither. */
export type DirStatus = 'real' | 'new' | 'none';

export interface PlannedItem extends PointItem {
  side: PointSide | { skip: string };
  live?: LiveEntry;
  status: DirStatus;
}

/** A point directory is real on the server, will be made (absent, or a non-directory it
 * replaces), or cannot be written into (a symlink there); anything else holds nothing. */
function dirStatus(isDir: boolean, live: LiveEntry | undefined): DirStatus {
  if (!isDir) return 'none';
  if (!live) return 'new';
  if (live.type === 'dir') return 'real';
  return live.type === 'symlink' ? 'none' : 'new';
}

/** The point's side of an item; only a hardlink needs to look elsewhere in the point (await it). */
export function sideOf(
  pt: PointTree,
  item: PointItem,
): PointSide | { skip: string } | Promise<PointSide | { skip: string }> {
  const n = item.node;
  switch (n.type) {
    case 'file':
      return { node: n, type: 'file', size: n.size, content: n.content ?? [], ...shaOf(n.content ?? []) };
    case 'hardlink':
      return pt.linkTarget(n).then((first) => {
        if (!first) return { skip: 'a hardlink whose first occurrence is not a file in the point' };
        const content = first.node.content ?? [];
        return { node: n, type: 'file', size: first.node.size, content, ...shaOf(content) };
      });
    case 'symlink':
      return { node: n, type: 'symlink', size: 0, link: nodeLink(n) };
    default:
      return { node: n, type: n.type, size: 0 };
  }
}

function shaOf(content: string[]): { sha256?: string } {
  const sha = knownSha(content);
  return sha ? { sha256: sha } : {};
}

/** SHA-256 of a file stored in several blobs: read and hash them in order. */
async function contentSha(pt: PointTree, content: string[], signal?: AbortSignal): Promise<string> {
  const h = createHash('sha256');
  for await (const b of pt.repo.loadBlobs('data', content, signal ? { signal } : {})) h.update(b.plaintext);
  return h.digest('hex');
}

function unsafe(path: string, reason: string): LifeboatError {
  return new LifeboatError(
    'restore.unsafe_path',
    `Refusing to restore ${path}: ${reason}. Nothing was written.`,
    {
      path,
      reason,
    },
  );
}

/**
 * The most items one files restore takes on. Every item is previewed, checked before its write,
 * staged, verified and recorded, which costs memory on the laptop: about 6 KB an item at the
 * peak (2.6 KB planning, 3 KB more applying; measured with 100k and 1M tiny files), so a 1M-file
 * scope needs ~6 GB and would exhaust the 4 GB JavaScript heap half-way. 250k stay under 1.5 GB.
 */
export const maxRestoreItems = 250_000;

/** The refusal of a walk cut at `limit`: how many, and the folders to take one at a time. */
async function tooManyItems(
  pt: PointTree,
  items: PointItem[],
  limit: number,
  S: string,
): Promise<LifeboatError> {
  const top = items.find((it) => it.selected);
  const topPath = top ? changePath(S, top.rel).path : S;
  let folders: string[] = [];
  if (top?.node.type === 'dir' && top.node.subtree) {
    const kids = [...(await pt.children(top.node.subtree)).values()];
    folders = kids.filter((k) => k.type === 'dir').map((k) => changePath(S, [...top.rel, nodeName(k)]).path);
  }
  const shown = folders.slice(0, 8);
  const hint = folders.length
    ? ` The folders directly in ${topPath}: ${shown.join(', ')}${folders.length > shown.length ? `, and ${folders.length - shown.length} more` : ''}.`
    : '';
  return new LifeboatError(
    'restore.too_large',
    `This restore holds more than ${limit.toLocaleString('en-US')} files and folders; one restore takes at most ` +
      `${limit.toLocaleString('en-US')} (each is previewed, checked, staged and recorded). Nothing was written. ` +
      `Restore it in parts: plan one folder at a time with --path (or a glob).${hint}`,
    { limit, path: topPath, folders: folders.length },
  );
}

export async function planFiles(input: FilesPlanInput): Promise<FilesPreview> {
  const { signal } = input;
  const S = normalAbsolute(input.sourcePath, 'The scope path', 'restore.bad_subset');
  const D = normalAbsolute(input.destPath, 'The destination path');
  const remote: Remote = { session: input.session, server: input.server, sudo: input.sudo };
  const patterns = parseSubset(S, input.subset);
  const matcher = patterns ? new SubsetMatcher(patterns) : undefined;
  const pt = new PointTree(input.repo, input.snapshot, S, signal);
  const undo = undoTargets(D, input.alsoDelete ?? []);
  const limit = input.maxItems ?? maxRestoreItems;
  const walking = pt.walk(matcher, limit).then(async (w) => {
    if (w.truncated) throw await tooManyItems(pt, w.items, limit, S);
    return w;
  });
  // One stat for everything, under way while the point is walked: the destination and its
  // ancestors; then, only when the destination is a directory (nothing can be below it
  // otherwise), every point item and what undo deletes, sent once the walk has them.
  const always = ancestry(D);
  const itemPaths = walking.then((walked) => {
    const want = new Set<string>();
    for (const it of walked.items) want.add(absKey(D, it.key));
    for (const u of undo)
      for (let i = 0; i <= u.rel.length; i++) want.add(absKey(D, relKey(u.rel.slice(0, i))));
    for (const a of always) want.delete(Buffer.from(a).toString('latin1'));
    return [...want].map((k) => Buffer.from(k, 'latin1'));
  });
  itemPaths.catch(() => {}); // a failed walk is reported by `await walking` below
  const stat = statPaths(remote, itemPaths, signal, { dir: D, always });
  stat.catch(() => {}); // awaited below, unless the walk failed first (then it is cut short)
  const walked = await walking;
  patterns?.forEach((p, i) => {
    if (!walked.matched[i])
      throw new LifeboatError(
        'restore.nothing_matched',
        `"${p.text}" matches nothing in the restore point.`,
        {
          pattern: p.text,
        },
      );
  });
  const live = new Map<string, LiveEntry>();
  for (const e of await stat) live.set(e.path.toString('latin1'), e);
  const liveAt = (rel: Rel) => live.get(absKey(D, relKey(rel)));

  const destLive = liveAt([]);
  if (destLive?.type === 'symlink')
    throw unsafe(D, 'the destination itself is a symlink on the server; restore to the path it points to');
  // Throws when the destination is missing and cannot be created (no directory to create it in).
  baseOf(D, (p) => live.get(Buffer.from(p).toString('latin1')), input.server);
  if (!destLive && S === '/')
    throw new LifeboatError(
      'restore.bad_destination',
      `${D} does not exist on ${input.server}; a point of "/" is restored into an existing directory.`,
    );

  // Parents first: an item's live facts count only when every directory above it is real.
  const status = new Map<string, DirStatus>();
  status.set('', destLive?.type === 'dir' ? 'real' : destLive ? 'none' : 'new');
  const planned: PlannedItem[] = [];
  for (const it of walked.items) {
    signal?.throwIfAborted();
    const parent = it.rel.length ? status.get(parentKey(it.key)) : 'real';
    if (parent === 'none')
      throw unsafe(changePath(D, it.rel).path, 'a directory above it is not a directory on the server');
    const l = parent === 'real' ? live.get(absKey(D, it.key)) : undefined;
    let side = sideOf(pt, it);
    if (side instanceof Promise) side = await side; // hardlinks only: no await per item
    const isDir = 'type' in side && side.type === 'dir';
    // Named here, not at the first item below it: what to look at is this directory.
    if (isDir && l?.type === 'symlink')
      throw unsafe(
        changePath(D, it.rel).path,
        'it is a symlink on the server where the point has a directory, and writing through it could land anywhere. Restore alongside (to another path), or put the directory back first',
      );
    const here = dirStatus(isDir, l);
    status.set(it.key, here);
    planned.push({ ...it, side, ...(l ? { live: l } : {}), status: here });
  }

  const extras = input.deleteExtra
    ? await extraDeletes(remote, D, planned, matcher, patterns, destLive?.type === 'dir', signal)
    : [];

  // Hash the live regular files that a decision, a replace (the swap checks the old content just
  // before its rename, whatever replaces it) or a delete depends on, in one batch.
  const toHash = new Map<string, Buffer>();
  for (const p of planned)
    if (p.live?.type === 'file' && 'type' in p.side) toHash.set(p.live.path.toString('latin1'), p.live.path);
  for (const d of extras) if (d.live.type === 'file') toHash.set(d.live.path.toString('latin1'), d.live.path);
  for (const u of undo) {
    const l = liveAt(u.rel);
    if (l?.type === 'file') toHash.set(l.path.toString('latin1'), l.path);
  }
  const sums = await hashFiles(remote, [...toHash.values()], signal);
  const shaOfLive = (e: LiveEntry | undefined) =>
    e?.type === 'file' ? sums.get(e.path.toString('latin1')) : undefined;

  const preview: FilesPreview = {
    kind: 'files',
    create: [],
    replace: [],
    delete: [],
    unchanged: 0,
    skipped: [],
    bytes: 0,
  };
  const written = new Set<string>();
  const pointTime = input.snapshot.time;
  for (const p of planned) {
    signal?.throwIfAborted();
    const where = changePath(D, p.rel);
    if (!('type' in p.side)) {
      if (p.selected) preview.skipped.push({ item: where.path, reason: p.side.skip });
      continue;
    }
    const side = p.side;
    const liveSha = shaOfLive(p.live);
    // A file in several blobs is hashed from the repository only when a live file could equal it.
    if (side.type === 'file' && !side.sha256 && p.live?.type === 'file' && p.live.size === side.size)
      side.sha256 = await contentSha(pt, side.content ?? [], signal);
    const d = decide(side, p.live, p.selected, liveSha);
    if (d.kind === 'unsafe') throw unsafe(where.path, d.reason);
    if (d.kind === 'skip') {
      if (p.selected) preview.skipped.push({ item: where.path, reason: d.reason });
      continue;
    }
    if (d.kind === 'unchanged') preview.unchanged++;
    if (d.kind !== 'create' && d.kind !== 'replace') continue;
    const change: FileChange = { ...where, new: pointFacts(side) };
    if (d.kind === 'replace' && p.live) {
      change.old = liveFacts(p.live, liveSha);
      if (changedSince(p.live, pointTime)) change.changedSincePoint = true;
    }
    (d.kind === 'create' ? preview.create : preview.replace).push(change);
    if (side.type === 'file') {
      // Hardlinked names share one content: it is written once.
      const group = p.node.type === 'hardlink' ? relKey(pt.linkRel(p.node) ?? p.rel) : p.key;
      if (!written.has(group)) preview.bytes += side.size;
      written.add(group);
    }
  }

  const planKeys = new Set(planned.map((p) => p.key));
  const deletions: Deletion[] = [...extras];
  for (const u of undoDeletes(D, undo, liveAt, shaOfLive, planKeys)) {
    if ('skip' in u) preview.skipped.push(u.skip);
    else deletions.push(u);
  }
  deletions.sort((a, b) => compareRel(b.rel, a.rel));
  for (const d of deletions) {
    const change: FileChange = { ...changePath(D, d.rel), old: liveFacts(d.live, shaOfLive(d.live)) };
    if (d.extra && changedSince(d.live, pointTime)) change.changedSincePoint = true;
    preview.delete.push(change);
  }
  return preview;
}

export interface UndoTarget {
  rel: Rel;
  change: FileChange;
}

/** What undo asks to delete, as paths under the destination; anything outside is refused. */
function undoTargets(D: string, changes: FileChange[]): UndoTarget[] {
  return changes.map((change) => {
    const rel = relUnder(D, changeBytes(change));
    if (typeof rel === 'string')
      throw new LifeboatError(
        'restore.outside_plan',
        `${change.path} cannot be deleted by this restore: ${rel}.`,
      );
    return { rel, change };
  });
}

/** The destination and every directory above it, "/" first. */
export function ancestry(D: string): string[] {
  const out = ['/'];
  for (const part of D.split('/').filter(Boolean))
    out.push(`${out.length > 1 ? out[out.length - 1] : ''}/${part}`);
  return out;
}

/**
 * Where the commands of a restore run: the destination when it is a directory; else the directory
 * it is in (a point of a single file), or its deepest existing ancestor when it is missing (the
 * missing directories in between are created with it, as `mkdir -p` would).
 */
export function baseOf(
  D: string,
  liveAt: (path: string) => LiveEntry | undefined,
  server: string,
): { base: string; prefix: Rel } {
  const chain = ancestry(D);
  if (liveAt(D)?.type === 'dir') return { base: D, prefix: [] };
  let i = chain.length - 2;
  while (i > 0 && !liveAt(chain[i]!)) i--;
  const base = chain[i]!;
  if (liveAt(base)?.targetType !== 'dir')
    throw new LifeboatError(
      'restore.bad_destination',
      `${base} is not a directory on ${server}, so ${D} cannot be created there; choose another destination.`,
    );
  return {
    base,
    prefix: D.split('/')
      .filter(Boolean)
      .slice(base.split('/').filter(Boolean).length)
      .map((n) => Buffer.from(n)),
  };
}
