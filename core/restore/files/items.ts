// A preview as the files engine applies it: every listed path checked to lie inside the
// destination (a preview is input: it may be stale or tampered with), each item's kind of write
// decided, and each written item matched with its node in the restore point — the point, not
// the preview, is what gets written.
import type { FileChange, FilesPreview } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { pointFacts, type PointSide } from './compare';
import type { ApplyItem, Kind } from './layout';
import { changeBytes, relKey, relUnder } from './paths';
import { sideOf } from './plan';
import type { PointTree } from './point';

const writable = new Set(['file', 'dir', 'symlink', 'fifo']);

function bad(path: string, why: string): LifeboatError {
  return new LifeboatError('restore.bad_preview', `The preview's item ${path} ${why}; plan again.`, { path });
}

function kindOf(action: ApplyItem['action'], c: FileChange): Kind {
  if (action === 'delete') {
    if (!c.old) throw bad(c.path, 'has no live facts to delete by');
    return c.old.type === 'dir' ? 'X' : 'D';
  }
  if (!c.new || !writable.has(c.new.type)) throw bad(c.path, 'names nothing that can be written');
  if (action === 'create') return 'new';
  if (!c.old) throw bad(c.path, 'has no live facts to replace');
  if (c.new.type === 'dir') return c.old.type === 'dir' ? 'M' : 'T';
  if (c.old.type === 'dir') throw bad(c.path, 'would replace a directory by a non-directory');
  return 'R';
}

/** Calls `fn` for every listed item with its index, in the order items are numbered. */
export function eachListed(
  preview: FilesPreview,
  fn: (change: FileChange, action: ApplyItem['action'], index: number) => void,
): void {
  let index = 0;
  for (const c of preview.create) fn(c, 'create', index++);
  for (const c of preview.replace) fn(c, 'replace', index++);
  for (const c of preview.delete) fn(c, 'delete', index++);
}

/** The preview's items; `restore.outside_plan` for any path not inside the destination. */
export function previewItems(destPath: string, preview: FilesPreview): ApplyItem[] {
  const items: ApplyItem[] = [];
  const seen = new Set<string>();
  eachListed(preview, (change, action, index) => {
    const rel = relUnder(destPath, changeBytes(change));
    if (typeof rel === 'string')
      throw new LifeboatError(
        'restore.outside_plan',
        `The preview lists ${change.path}, which is not inside ${destPath} (${rel}); nothing was written.`,
        { path: change.path },
      );
    const key = relKey(rel);
    if (action === 'delete' && rel.length === 0)
      throw bad(change.path, 'would delete the destination itself');
    if (seen.has(key)) throw bad(change.path, 'is listed twice');
    seen.add(key);
    items.push({ index, action, change, rel, key, kind: kindOf(action, change) });
  });
  return items;
}

/** The point's side of every written item; the preview must describe the same thing. */
export async function pointSides(pt: PointTree, items: ApplyItem[]): Promise<Map<number, PointSide>> {
  const sides = new Map<number, PointSide>();
  const written = items.filter((it) => it.action !== 'delete');
  const nodes = await pt.nodesAt(written.map((it) => it.key));
  for (const it of written) {
    const node = nodes.get(it.key);
    if (!node) throw bad(it.change.path, 'is not in the restore point');
    let side = sideOf(pt, { rel: it.rel, key: it.key, node, selected: true });
    if (side instanceof Promise) side = await side; // hardlinks only: no await per item
    const want = it.change.new!;
    if ('skip' in side || side.type !== want.type)
      throw bad(it.change.path, 'does not match the restore point');
    if (side.sha256 && want.sha256 && side.sha256 !== want.sha256)
      throw bad(it.change.path, 'has other content than the restore point');
    if (side.type === 'symlink' && pointFacts(side).linkTarget !== want.linkTarget)
      throw bad(it.change.path, 'has another link target than the restore point');
    sides.set(it.index, side);
  }
  return sides;
}
