// What a files restore deletes: with `deleteExtra`, live files and symlinks the point lacks inside
// the directories the subset selects (and extra directories that end up empty); for an undo, what
// the undone restore created — but only while it still is what that restore wrote.
import { LifeboatError } from '../../api/errors';
import { linkText, parseMtime, sameTime } from './compare';
import { absBytes, changePath, compareRel, nameText, relKey, relUnder, type Rel } from './paths';
import type { PlannedItem, UndoTarget } from './plan';
import { listUnder, type LiveEntry, type Remote } from './remote';
import type { Pattern, SubsetMatcher } from './subset';

export interface Deletion {
  rel: Rel;
  live: LiveEntry;
  /** Extra (not in the point, deleteExtra) rather than undo's. */
  extra: boolean;
}

/** The directories whose live content is listed: where each pattern's literal part ends. */
function listingRoots(planned: PlannedItem[], patterns: Pattern[] | undefined, real: Set<string>): Rel[] {
  const byText = new Map<string, Rel>();
  for (const p of planned) if (real.has(p.key)) byText.set(p.rel.map(nameText).join('/'), p.rel);
  if (real.has('')) byText.set('', []);
  const prefixes = patterns ? patterns.map((p) => p.literalPrefix.join('/')) : [''];
  const roots: Rel[] = [];
  for (const prefix of prefixes) {
    const rel = byText.get(prefix);
    if (rel) roots.push(rel);
  }
  // A root inside another root is listed with it (in component order, it follows right after).
  const out: Rel[] = [];
  for (const r of roots.sort(compareRel)) {
    const last = out[out.length - 1];
    if (!last || last.length > r.length || !last.every((n, k) => n.equals(r[k]!))) out.push(r);
  }
  return out;
}

export async function extraDeletes(
  remote: Remote,
  D: string,
  planned: PlannedItem[],
  matcher: SubsetMatcher | undefined,
  patterns: Pattern[] | undefined,
  destReal: boolean,
  signal?: AbortSignal,
): Promise<Deletion[]> {
  // Only inside directories that are real on the server and are the point's (or extra) ones. A
  // point of "/" has no item of its own root: the destination stands for it.
  const eligible = new Set(planned.filter((p) => p.status === 'real').map((p) => p.key));
  if (destReal && !planned.some((p) => p.rel.length === 0)) eligible.add('');
  const roots = listingRoots(planned, patterns, eligible);
  const listed = await listUnder(
    remote,
    roots.map((r) => absBytes(D, r)),
    signal,
  );
  const inPoint = new Set(planned.map((p) => p.key));
  const extras: { rel: Rel; live: LiveEntry }[] = [];
  for (const e of listed) {
    const rel = relUnder(D, e.path);
    if (typeof rel === 'string' || rel.length === 0) continue;
    const key = relKey(rel);
    if (inPoint.has(key) || !eligible.has(relKey(rel.slice(0, -1)))) continue;
    if (matcher && !matcher.selects(rel.map(nameText))) continue;
    if (e.type === 'dir') eligible.add(key);
    extras.push({ rel, live: e });
  }
  // Bottom-up: an extra directory goes only when everything in it goes (files and symlinks do;
  // fifos, sockets and devices stay, and so does their directory).
  const blocked = new Set<string>();
  const deletions: Deletion[] = [];
  for (let i = extras.length - 1; i >= 0; i--) {
    const { rel, live } = extras[i]!;
    const parent = relKey(rel.slice(0, -1));
    const goes =
      live.type === 'file' || live.type === 'symlink' || (live.type === 'dir' && !blocked.has(relKey(rel)));
    if (goes) deletions.push({ rel, live, extra: true });
    else blocked.add(parent);
  }
  return deletions;
}

type UndoResult = Deletion | { skip: { item: string; reason: string } };

/** Undo's deletions: each path still exactly what the undone restore wrote, else skipped — and a
 * directory that holds something left in place is left too (it could not be removed). */
export function undoDeletes(
  D: string,
  undo: UndoTarget[],
  liveAt: (rel: Rel) => LiveEntry | undefined,
  shaOf: (e: LiveEntry | undefined) => string | undefined,
  planKeys: Set<string>,
): UndoResult[] {
  const out: UndoResult[] = [];
  /** Directories above something that stays. */
  const holding = new Set<string>();
  for (const { rel, change } of undo) {
    const item = changePath(D, rel).path;
    const skip = (reason: string, stays = true) => {
      out.push({ skip: { item, reason } });
      if (stays) for (let i = 0; i < rel.length; i++) holding.add(relKey(rel.slice(0, i)));
    };
    if (rel.length === 0) {
      skip('the destination folder itself is left in place');
      continue;
    }
    if (planKeys.has(relKey(rel))) {
      skip('the restore point holds it too: it is restored, not deleted');
      continue;
    }
    const above = Array.from({ length: rel.length }, (_, i) => liveAt(rel.slice(0, i)));
    if (above.some((a) => a?.type !== 'dir')) {
      skip('a directory above it is no longer a real directory');
      continue;
    }
    const live = liveAt(rel);
    const wrote = change.new;
    if (!wrote)
      throw new LifeboatError('restore.bad_preview', `${item}: undo needs what the restore wrote there.`);
    if (!live) {
      skip('already gone', false);
      continue;
    }
    let same = live.type === wrote.type;
    if (same && wrote.type === 'file') {
      // The hash decides; a file whose hash the preview did not hold is compared by size and exact mtime.
      same = wrote.sha256
        ? shaOf(live) === wrote.sha256
        : live.size === wrote.size && sameTime(live.mtime, parseMtime(wrote.mtime));
    }
    if (same && wrote.type === 'symlink') same = linkText(live.link ?? Buffer.alloc(0)) === wrote.linkTarget;
    if (!same) {
      skip('changed since the restore wrote it; left as it is');
      continue;
    }
    out.push({ rel, live, extra: false });
  }
  return out.map((r) =>
    'skip' in r || r.live.type !== 'dir' || !holding.has(relKey(r.rel))
      ? r
      : {
          skip: {
            item: changePath(D, r.rel).path,
            reason: 'it holds something left in place, so it stays too',
          },
        },
  );
}
