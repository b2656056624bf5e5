// The last two steps of applying a files preview. The swap: one script over NUL-separated
// records that re-checks each live target against the preview right before its rename, and
// prints one line per completed record — so what was done is known even if the connection dies
// half-way. Then directory metadata, set last and deepest first (writing into a directory moves
// its time, so existing directories get their own back, previewed ones the point's).
import { LifeboatError } from '../../api/errors';
import type { PointSide } from './compare';
import type { ApplyItem, Layout, SwapRecord } from './layout';
import { absBytes, dot, joinRel, relKey, type Rel } from './paths';
import type { Prechecked } from './precheck';
import { nulList, runScript, why, type Remote } from './remote';
import { swapReasons, swapScript, type Names } from './scripts';
import { header, type StreamEntry } from './stream';

const typeLetter: Record<string, string> = { dir: 'd', fifo: 'p', socket: 's', chardev: 'c', blockdev: 'b' };

export async function swap(
  remote: Remote,
  layout: Layout,
  names: Names,
  checked: Prechecked,
  done: (rec: SwapRecord, ok: boolean, message?: string) => void,
): Promise<void> {
  if (layout.records.length === 0) return;
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
    ];
  });
  // Whole records per batch, within xargs's default 128 KiB command buffer.
  const longest = Math.max(...fields.map((f) => f.reduce((n, b) => n + b.length + 9, 0)));
  const perBatch = Math.max(1, Math.min(200, Math.floor(100_000 / longest)));
  const answered = new Set<number>();
  let partial = '';
  const onStdout = (chunk: Buffer) => {
    partial += chunk.toString('latin1');
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      const m = /^(ok|no) (\d+)(?: (\w+))?$/.exec(line);
      const rec = m ? layout.records[Number(m[2])] : undefined;
      if (!m || !rec || answered.has(Number(m[2]))) continue;
      answered.add(Number(m[2]));
      done(rec, m[1] === 'ok', m[1] === 'ok' ? undefined : (swapReasons[m[3] ?? ''] ?? m[3]));
    }
  };
  const res = await runScript(
    remote,
    swapScript(layout.base, names, perBatch),
    'moving restored files into place',
    {
      stdin: nulList(fields.flat()),
      onStdout,
    },
  );
  const missing = layout.records.filter((r, i) => r.op !== 'B' && !answered.has(i));
  if (missing.length)
    throw new LifeboatError(
      'restore.write_failed',
      `Moving restored files into place on ${remote.server} stopped after ${answered.size} of ${layout.records.length} steps: ${why(res.stderr) || `exit ${res.code ?? res.signal}`}`,
      { server: remote.server },
    );
}

/** Directory metadata to set last, deepest first: previewed directories get the point's, and
 * existing directories whose entries changed get back their own (their times moved). */
export function metadataEntries(
  layout: Layout,
  items: ApplyItem[],
  sides: Map<number, PointSide>,
  checked: Prechecked,
  confirmed: Set<SwapRecord>,
): StreamEntry[] {
  const out = new Map<string, StreamEntry>();
  const q = (it: ApplyItem): Rel => [...layout.prefix, ...it.rel];
  const path = (r: Rel) => (r.length ? joinRel(r) : Buffer.from('.'));
  // A directory this restore removed must not come back as an empty one (tar creates what it sets).
  const removed = items.filter((it) => it.kind === 'X').map(q);
  const gone = (d: Rel) => removed.some((r) => r.length <= d.length && r.every((n, i) => n.equals(d[i]!)));
  for (const d of layout.touched) {
    const e = checked.live.get(absBytes(layout.base, d).toString('latin1'));
    if (e?.type === 'dir' && !gone(d))
      out.set(relKey(d), {
        header: { path: path(d), type: 'dir', mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime },
      });
  }
  // New directories placed by their own record (the one at the top of what a rename brought).
  const placed = new Set([...confirmed].map((r) => r.items[0]?.index));
  for (const it of items) {
    const side = sides.get(it.index);
    if (side?.type !== 'dir' || !(it.kind === 'M' || placed.has(it.index))) continue;
    out.set(relKey(q(it)), { header: header(path(q(it)), side) });
  }
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0)).map(([, e]) => e);
}
