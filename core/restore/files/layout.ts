// Where every write of a files restore goes before it is swapped into place. Everything new or
// replaced in an existing directory P is extracted into a staging directory P/.lifeboat-<id>
// (same file system as P, so the final move is a rename) under its real name; a new directory is
// staged whole, with its content, and appears with one rename. The swap then works through
// records: R (replace a file, symlink or fifo), T (a non-directory becomes a directory), B (move
// what is left in a stage in one `mv -n`), N (check one new item arrived, or move it alone),
// D (delete a non-directory), X (remove a directory if empty). Pure: no I/O.
import type { FileChange } from '../../api/contract';
import { compareRel, parentKey, type Rel } from './paths';

/** new: created (a new directory brings what is listed below it); R: non-directory over
 * non-directory; T: a directory over a non-directory; M: a directory's metadata; D/X: deletes. */
export type Kind = 'new' | 'R' | 'T' | 'M' | 'D' | 'X';

export interface ApplyItem {
  /** Position in the preview's create, replace, delete lists taken in that order. */
  index: number;
  action: 'create' | 'replace' | 'delete';
  change: FileChange;
  /** Relative to the destination path. */
  rel: Rel;
  /** relKey(rel): the names joined by "/" as latin1 (a map key that keeps every byte). */
  key: string;
  kind: Kind;
}

export interface Written {
  item: ApplyItem;
  /** Relative to the base directory of every command. */
  q: Rel;
  /** Where the tar stream puts it (relative to the base). */
  archive: Rel;
  /** The item whose swap record places this one (itself, or the new directory it is in). */
  anchor: ApplyItem;
  /** The staging directory it is in (relative to the base), and a key for it. */
  stage: Rel;
  stageKey: string;
}

export type Op = 'B' | 'N' | 'R' | 'T' | 'D' | 'X';

export interface SwapRecord {
  op: Op;
  /** The staged path (R, T, N), or the stage (B). */
  stage?: Rel;
  /** The live path (R, T, N, D, X), or the directory a stage empties into (B). */
  target: Rel;
  /** Items confirmed by this record's "ok": the anchor first, then what it carries. */
  items: ApplyItem[];
}

export interface Layout {
  /** Every command runs in this directory: the destination, or when the destination is created,
   * its deepest ancestor that exists. */
  base: string;
  /** The destination relative to the base: [] when it is a directory already. */
  prefix: Rel;
  stageName: Buffer;
  written: Written[];
  /** Missing directories between the base and a created destination (stream paths, created like
   * `mkdir -p` would, and placed together with it by one rename). */
  implicitDirs: Rel[];
  /** Stage directories (relative to the base) in stream order. */
  stages: Rel[];
  records: SwapRecord[];
  /** Existing directories (relative to the base) that must be real directories before writing. */
  checkDirs: Rel[];
  /** Existing directories inside the destination whose entries change (their times are kept). */
  touched: Rel[];
}

export function layoutFor(base: string, prefix: Rel, items: ApplyItem[], id: string): Layout {
  const stageName = Buffer.from(`.lifeboat-${id}`);
  const qOf = (it: ApplyItem): Rel => [...prefix, ...it.rel];
  const byKey = new Map(items.map((it) => [it.key, it]));
  // The topmost new directory above an item (or the item itself): what gets renamed into place.
  const anchors = new Map<string, ApplyItem | undefined>();
  const anchorOf = (it: ApplyItem): ApplyItem | undefined => {
    if (anchors.has(it.key)) return anchors.get(it.key);
    const parent = it.rel.length ? byKey.get(parentKey(it.key)) : undefined;
    const above = parent ? anchorOf(parent) : undefined;
    const a = above ?? (it.kind === 'new' || it.kind === 'T' ? it : undefined);
    anchors.set(it.key, a);
    return a;
  };

  const written: Written[] = [];
  for (const item of items) {
    if (item.kind !== 'new' && item.kind !== 'R' && item.kind !== 'T') continue;
    const q = qOf(item);
    const anchor = item.kind === 'R' ? item : (anchorOf(item) ?? item);
    // A created destination is staged at the base with the missing directories above it.
    const parent = anchor.rel.length === 0 ? [] : qOf(anchor).slice(0, -1);
    const stage = [...parent, stageName];
    const stageKey = anchor.rel.length === 0 ? '\0' : parentKey(anchor.key);
    written.push({ item, q, archive: [...stage, ...q.slice(parent.length)], anchor, stage, stageKey });
  }
  written.sort((a, b) => compareRel(a.archive, b.archive));

  const stages: Rel[] = [];
  const byStage = new Map<string, Written[]>();
  const carried = new Map<ApplyItem, ApplyItem[]>();
  for (const w of written) {
    const key = w.stageKey;
    if (!byStage.has(key)) {
      byStage.set(key, []);
      stages.push(w.stage);
    }
    byStage.get(key)!.push(w);
    if (!carried.has(w.anchor)) carried.set(w.anchor, []);
    carried.get(w.anchor)!.push(w.item);
  }

  const records: SwapRecord[] = [];
  for (const ws of byStage.values()) {
    const anchored = ws.filter((w) => w.anchor === w.item);
    const stage = ws[0]!.stage;
    for (const w of anchored)
      if (w.item.kind === 'R' || w.item.kind === 'T')
        records.push({ op: w.item.kind, stage: w.archive, target: w.q, items: carried.get(w.item)! });
    if (anchored.some((w) => w.item.kind === 'new'))
      records.push({ op: 'B', stage, target: stage.slice(0, -1), items: [] });
    for (const w of anchored)
      if (w.item.kind === 'new') {
        const top = stage.length; // the first name below the stage: the anchor, or the first missing directory
        records.push({
          op: 'N',
          stage: w.archive.slice(0, top + 1),
          target: w.q.slice(0, top),
          items: carried.get(w.item)!,
        });
      }
  }
  const deletes = items
    .filter((it) => it.kind === 'D' || it.kind === 'X')
    .sort((a, b) => compareRel(b.rel, a.rel));
  for (const it of deletes) records.push({ op: it.kind as Op, target: qOf(it), items: [it] });

  // Directories written into, deleted from, or given metadata: real directories, all the way
  // down from the destination (or from the base, for a destination that is created).
  const dirs = new Map<string, Rel>();
  const touched = new Map<string, Rel>();
  const need = (q: Rel, touches: boolean) => {
    let key = '';
    for (let k = 0; k <= q.length; k++) {
      if (k) key += `/${q[k - 1]!.toString('latin1')}`;
      if (!dirs.has(key)) dirs.set(key, q.slice(0, k));
    }
    if (touches && q.length >= prefix.length) touched.set(key, q);
  };
  for (const s of stages) need(s.slice(0, -1), true);
  const deleteParents = new Map(deletes.map((it) => [parentKey(it.key), it]));
  for (const it of deleteParents.values()) need(qOf(it).slice(0, -1), true);
  for (const it of items) if (it.kind === 'M') need(qOf(it), false);
  const implicitDirs =
    prefix.length > 1 && written.length
      ? prefix.slice(0, -1).map((_, i) => [stageName, ...prefix.slice(0, i + 1)])
      : [];
  return {
    base,
    prefix,
    stageName,
    written,
    implicitDirs,
    stages,
    records,
    checkDirs: [...dirs.values()].sort(compareRel),
    touched: [...touched.values()].sort(compareRel),
  };
}
