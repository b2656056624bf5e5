// The last look before writing: every directory a write goes into (and every one above it, down
// from the destination) must still be a real directory — a symlink there would carry the write
// elsewhere (`restore.unsafe_path`), a vanished one means the plan is stale
// (`restore.target_changed`); both stop the restore before anything is written. Items whose own
// live state no longer matches the preview fail alone and are left out of the write.
import { LifeboatError } from '../../api/errors';
import type { ApplyItem, Layout } from './layout';
import { linkText } from './compare';
import { absBytes, changePath, type Rel } from './paths';
import type { LiveEntry, Remote } from './remote';

export interface Prechecked {
  /** Live facts by absolute path (latin1). */
  live: Map<string, LiveEntry>;
  /** Items that already fail, with why. */
  failed: Map<number, string>;
  /** The raw link target of each symlink to be replaced or deleted, for the swap's own check. */
  links: Map<number, Buffer>;
}

/** The live paths the last look needs: the directories written into, and each item's target. */
export function precheckPaths(layout: Layout, items: ApplyItem[]): Buffer[] {
  const at = (q: Rel) => absBytes(layout.base, q);
  const anchors = new Set(layout.written.filter((w) => w.anchor === w.item).map((w) => w.item.index));
  const out = layout.checkDirs.map(at);
  for (const it of items)
    if (it.kind !== 'new' || anchors.has(it.index)) out.push(at([...layout.prefix, ...it.rel]));
  return out;
}

/** Judges the live facts (by absolute path, latin1) against the layout and the preview. */
export function precheck(
  remote: Remote,
  layout: Layout,
  items: ApplyItem[],
  live: Map<string, LiveEntry>,
): Prechecked {
  const at = (q: Rel) => absBytes(layout.base, q);
  const qOf = (it: ApplyItem): Rel => [...layout.prefix, ...it.rel];
  const anchors = new Set(layout.written.filter((w) => w.anchor === w.item).map((w) => w.item.index));
  const liveAt = (q: Rel) => live.get(at(q).toString('latin1'));

  for (const d of layout.checkDirs) {
    const e = liveAt(d);
    const shown = changePath(layout.base, d).path;
    if (d.length < layout.prefix.length) {
      // The parent of a destination that is created: it only has to lead to a directory.
      if (e?.targetType !== 'dir')
        throw new LifeboatError(
          'restore.target_changed',
          `${shown} is no longer a directory on ${remote.server}; plan again.`,
        );
      continue;
    }
    if (!e)
      throw new LifeboatError(
        'restore.target_changed',
        `${shown} no longer exists on ${remote.server}; plan again. Nothing was written.`,
        { path: shown },
      );
    if (e.type !== 'dir')
      throw new LifeboatError(
        'restore.unsafe_path',
        `Refusing to write into ${shown}: it is ${e.type === 'symlink' ? 'a symlink' : `a ${e.type}`} on ${remote.server} now, not a directory. Nothing was written.`,
        { path: shown },
      );
  }

  const failed = new Map<number, string>();
  const links = new Map<number, Buffer>();
  for (const it of items) {
    const e = liveAt(qOf(it));
    if (it.kind === 'new') {
      if (anchors.has(it.index) && e) failed.set(it.index, 'something exists there now; left as it is');
      continue;
    }
    const old = it.change.old!;
    if (!e) failed.set(it.index, 'no longer exists on the server');
    else if (e.type !== old.type) failed.set(it.index, `is a ${e.type} on the server now; left as it is`);
    else if (e.type === 'file' && e.size !== old.size)
      failed.set(it.index, 'changed on the server since the preview; left as it is');
    else if (e.type === 'symlink') {
      const link = e.link ?? Buffer.alloc(0);
      if (linkText(link) !== old.linkTarget) failed.set(it.index, 'points elsewhere now; left as it is');
      else links.set(it.index, link);
    }
  }
  return { live, failed, links };
}

/** Items that cannot be written because the new directory carrying them failed. */
export function carriedFailures(layout: Layout, failed: Map<number, string>): Map<number, string> {
  const out = new Map(failed);
  for (const w of layout.written)
    if (w.anchor !== w.item && failed.has(w.anchor.index))
      out.set(w.item.index, `not written: ${w.anchor.change.path} could not be created`);
  return out;
}
