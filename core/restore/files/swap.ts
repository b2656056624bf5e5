// What the write script needs beyond the staged content, and what it says back. The swap: one
// record per rename or delete, which the script re-checks against the preview right before doing
// it, printing one line per completed record — so what was done is known even if the connection
// dies half-way. Directory metadata, set last and deepest first (writing into a directory moves
// its time, so existing directories get their own back, previewed ones the point's): one archive
// of every candidate, of which the script sets the fixed ones and the directories its swap placed.
import { tarEnd, tarHeader, type TarWriteEntry } from '../../providers/native/tar/tar-writer';
import type { PointSide } from './compare';
import type { ApplyItem, Layout, SwapRecord } from './layout';
import { absBytes, dot, relKey, type Rel } from './paths';
import type { Prechecked } from './precheck';
import { parseSha256sum } from './hashes';
import { nulList } from './remote';
import { hashesMarker, metaMarker, swapMarker, swapReasons } from './scripts';
import { header } from './stream';

const typeLetter: Record<string, string> = { dir: 'd', fifo: 'p', socket: 's', chardev: 'c', blockdev: 'b' };

export interface Metadata {
  /** A tar archive of directory entries (deepest first). */
  archive: Buffer;
  /** Members always set: existing directories whose entries change, and previewed directories. */
  fixed: Buffer[];
  /** Members set once their record placed them: new directories, and directories over non-directories. */
  placed: Map<SwapRecord, Buffer>;
}

/** Directory metadata to set last: previewed directories get the point's, existing directories
 * whose entries changed get back their own (their times moved). */
export function metadata(
  layout: Layout,
  items: ApplyItem[],
  sides: Map<number, PointSide>,
  checked: Prechecked,
): Metadata {
  const entries = new Map<string, { head: Buffer; member: Buffer }>();
  const fixed = new Set<Buffer>();
  const placed = new Map<SwapRecord, Buffer>();
  const q = (it: ApplyItem): Rel => [...layout.prefix, ...it.rel];
  /** The directory's entry (a later one replaces an earlier one); its member name, once per directory. */
  const set = (d: Rel, head: (member: Buffer) => TarWriteEntry): Buffer => {
    const member = entries.get(relKey(d))?.member ?? dot(d);
    entries.set(relKey(d), { head: tarHeader(head(member)), member });
    return member;
  };
  // A directory this restore removed must not come back as an empty one (tar creates what it sets).
  const removed = items.filter((it) => it.kind === 'X').map(q);
  const gone = (d: Rel) => removed.some((r) => r.length <= d.length && r.every((n, i) => n.equals(d[i]!)));
  for (const d of layout.touched) {
    const e = checked.live.get(absBytes(layout.base, d).toString('latin1'));
    if (e?.type === 'dir' && !gone(d))
      fixed.add(
        set(d, (path) => ({ path, type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime })),
      );
  }
  for (const it of items) {
    const side = sides.get(it.index);
    if (it.kind === 'M' && side?.type === 'dir') fixed.add(set(q(it), (path) => header(path, side)));
  }
  // New directories placed by their own record (the one at the top of what a rename brought).
  for (const rec of layout.records) {
    const it = rec.items[0];
    const side = it ? sides.get(it.index) : undefined;
    if (it && side?.type === 'dir')
      placed.set(
        rec,
        set(q(it), (path) => header(path, side)),
      );
  }
  const deepestFirst = [...entries.entries()].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
  return {
    archive: entries.size ? Buffer.concat([...deepestFirst.map(([, e]) => e.head), tarEnd]) : Buffer.alloc(0),
    // Each member once (tar says a second one in its list is "not found").
    fixed: [...fixed],
    placed,
  };
}

/** The swap records as the script reads them, and how many fit one batch of its xargs. */
export function swapRecords(
  layout: Layout,
  checked: Prechecked,
  placed: Map<SwapRecord, Buffer>,
): { data: Buffer; perBatch: number } {
  const fields: Buffer[][] = layout.records.map((rec, i) => {
    const it = rec.items[0];
    let expect = Buffer.from('-');
    if (it && (rec.op === 'R' || rec.op === 'T' || rec.op === 'D')) {
      const old = it.change.old!;
      if (old.type === 'file') expect = Buffer.from(`f${old.sha256 ?? ''}`);
      else if (old.type === 'symlink')
        expect = Buffer.concat([Buffer.from('l'), checked.links.get(it.index) ?? Buffer.alloc(0)]);
      else expect = Buffer.from(typeLetter[old.type] ?? '?');
    }
    return [
      Buffer.from(rec.op),
      Buffer.from(String(i)),
      expect,
      rec.stage ? dot(rec.stage) : Buffer.from('-'),
      dot(rec.target),
      placed.get(rec) ?? Buffer.from('-'),
    ];
  });
  // Whole records per batch, within xargs's default 128 KiB command buffer.
  const longest = Math.max(1, ...fields.map((f) => f.reduce((n, b) => n + b.length + 9, 0)));
  const perBatch = Math.max(1, Math.min(200, Math.floor(100_000 / longest)));
  return { data: nulList(fields.flat()), perBatch };
}

/**
 * The write script's stdout, as it arrives: the swap's "ok N" / "no N why" lines (each reported
 * at once), then the metadata status; or, when a staged file did not have its hash, the hashes.
 */
export class WriteOutput {
  /** The swap started: everything was staged and verified. */
  swapping = false;
  /** The exit status of setting the directory metadata, when the script said it. */
  meta?: number;
  readonly answered = new Set<number>();
  private text = '';
  private dump?: string;

  constructor(
    private readonly records: SwapRecord[],
    private readonly done: (rec: SwapRecord, ok: boolean, message?: string) => void,
    private readonly onSwap: () => void,
  ) {}

  take(chunk: Buffer): void {
    if (this.dump !== undefined) {
      this.dump += chunk.toString('latin1');
      return;
    }
    this.text += chunk.toString('latin1');
    let nl;
    while (this.dump === undefined && (nl = this.text.indexOf('\n')) >= 0) {
      const line = this.text.slice(0, nl);
      this.text = this.text.slice(nl + 1);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (!this.swapping) {
      if (line === swapMarker) {
        this.swapping = true;
        this.onSwap();
      } else if (line === hashesMarker) {
        this.dump = this.text;
        this.text = '';
      }
      return;
    }
    if (line.startsWith(`${metaMarker} `)) {
      this.meta = Number(line.slice(metaMarker.length + 1));
      return;
    }
    const m = /^(ok|no) (\d+)(?: (\w+))?$/.exec(line);
    const rec = m ? this.records[Number(m[2])] : undefined;
    if (!m || !rec || this.answered.has(Number(m[2]))) return;
    this.answered.add(Number(m[2]));
    this.done(rec, m[1] === 'ok', m[1] === 'ok' ? undefined : (swapReasons[m[3] ?? ''] ?? m[3]));
  }

  /** Every record that prints said how it went. */
  get swapped(): boolean {
    return this.swapping && this.records.every((r, i) => r.op === 'B' || this.answered.has(i));
  }

  /** The staged files' hashes, by path (latin1), when the script found one that differs. */
  hashes(): Map<string, string> | undefined {
    return this.dump === undefined ? undefined : parseSha256sum(Buffer.from(this.dump, 'latin1'));
  }
}
