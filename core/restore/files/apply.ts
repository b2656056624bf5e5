// Applying a files preview: never partial, and two commands whatever the number of files:
//  1. one look at every directory written into (a symlink there refuses the restore before any
//     write) and at each target (one that changed since the preview fails alone), and at who we
//     are on the server;
//  2. one script over one stream (scripts.ts): `tar -x` puts everything into staging directories
//     next to the targets (same file systems), the staged files are hashed and compared with
//     the hashes the stream ends with (any failure, a mismatch included: the server removes the
//     stages itself, even when the connection is gone, and nothing is changed); then the swap
//     re-checks each target against the preview just before its rename (a changed target fails
//     alone and is left alone) and prints one line per completed record, so results are known
//     even if the connection dies half-way — every target is old or new; last, the directories
//     get their owner, mode and time.
import { randomBytes } from 'node:crypto';
import type { FileChange, FilesPreview, RestoreItemResult } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { noopProgress } from '../../jobs/progress';
import type { ApplyContext, FilesTarget } from '../engine';
import { knownSha, type PointSide } from './compare';
import { eachListed, pointSides, previewItems } from './items';
import { layoutFor, type ApplyItem, type Layout } from './layout';
import { absKey, dot, joinRel, normalAbsolute, relKey, type Rel } from './paths';
import { ancestry, baseOf } from './plan';
import { PointTree } from './point';
import { carriedFailures, precheck, precheckPaths } from './precheck';
import { sha256Args } from './hashes';
import {
  nulList,
  runScript,
  statPathsAs,
  why,
  type Account,
  type LiveEntry,
  type Remote,
  type RunResult,
} from './remote';
import { applyScript, cleanupScript, namesFor, retimeScript, type Names } from './scripts';
import { header, tarStream, type StreamEntry } from './stream';
import { metadata, swapRecords, WriteOutput } from './swap';

export async function applyFiles(
  target: FilesTarget,
  preview: FilesPreview,
  ctx: ApplyContext,
): Promise<{ bytes: number }> {
  const reported = new Set<number>();
  const report = (it: ApplyItem, result: RestoreItemResult['result'], message?: string) => {
    if (reported.has(it.index)) return;
    reported.add(it.index);
    ctx.onItem?.({ item: it.change.path, action: it.action, result, ...(message ? { message } : {}) });
  };
  try {
    return await run(target, preview, ctx, report);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    eachListed(preview, (change: FileChange, action, index) => {
      if (reported.has(index)) return;
      reported.add(index);
      ctx.onItem?.({ item: change.path, action, result: 'not done', message });
    });
    throw e;
  }
}

type Report = (it: ApplyItem, result: RestoreItemResult['result'], message?: string) => void;

async function run(
  target: FilesTarget,
  preview: FilesPreview,
  ctx: ApplyContext,
  report: Report,
): Promise<{ bytes: number }> {
  const { signal } = ctx;
  const progress = ctx.progress ?? noopProgress;
  const D = normalAbsolute(target.destPath, 'The destination path');
  const S = normalAbsolute(target.sourcePath, 'The scope path', 'restore.bad_subset');
  const remote: Remote = { session: target.session, server: target.server, sudo: target.sudo };
  const all = previewItems(D, preview);
  // The destination itself written (created, or a single file's point replacing it): nothing
  // else can be below it yet, so its ancestors are all there is to see.
  const writesDest = all.some((it) => it.rel.length === 0 && it.kind !== 'M');
  // One look at the server (and who we are there, at the same time): the destination's ancestors,
  // the directories written into and every target — under way while the point is read.
  const id = randomBytes(8).toString('hex');
  const guess = writesDest ? undefined : layoutFor(D, [], all, id);
  const paths = [...ancestry(D).map((a) => Buffer.from(a)), ...(guess ? precheckPaths(guess, all) : [])];
  const look = statPathsAs(remote, paths, signal);
  look.catch(() => {}); // awaited below; a failure of the point's side comes first
  const pt = new PointTree(target.repo, target.snapshot, S, signal);
  const sides = await pointSides(pt, all);

  progress.phase('checking the destination');
  const { me, entries: seen } = await look;
  const live = new Map(seen.map((e) => [e.path.toString('latin1'), e]));
  const destLive = live.get(Buffer.from(D).toString('latin1'));
  if (destLive?.type === 'symlink')
    throw new LifeboatError(
      'restore.unsafe_path',
      `Refusing to write to ${D}: it is a symlink on ${target.server} now. Nothing was written.`,
    );
  const { base, prefix } = baseOf(D, (p) => live.get(Buffer.from(p).toString('latin1')), target.server);
  if (writesDest !== prefix.length > 0)
    throw new LifeboatError(
      'restore.target_changed',
      `${D} ${destLive ? `is a ${destLive.type}` : 'no longer exists'} on ${target.server}; plan again. Nothing was written.`,
    );
  const first = guess ?? layoutFor(base, prefix, all, id);
  const checked = precheck(remote, first, all, live);
  const failed = carriedFailures(first, checked.failed);
  for (const it of all) if (failed.has(it.index)) report(it, 'failed', failed.get(it.index));
  const items = failed.size ? all.filter((it) => !failed.has(it.index)) : all;
  const layout = failed.size ? layoutFor(base, prefix, items, id) : first;
  const names = namesFor(id);
  const ownerNote = (it: ApplyItem) => {
    const n = sides.get(it.index)?.node;
    return me.uid !== 0 && n && (n.uid !== me.uid || n.gid !== me.gid)
      ? `owner left as ${me.uid}:${me.gid}: owners are given only as root (or through sudo)`
      : undefined;
  };

  const meta = metadata(layout, items, sides, checked);
  const records = swapRecords(layout, checked, meta.placed);
  const staged = streamEntries(layout, sides, pt, me);
  progress.total({ items: all.length, bytes: staged.bytes });
  if (items.length === 0) return { bytes: 0 };

  // Everything in one command: the lists, the stages, the expected hashes last (some are only
  // known once their content went by); the server verifies, swaps and sets the directories.
  const own = ownHeader(me);
  const file = (name: string, size: number, data: Buffer | (() => Buffer)): StreamEntry => ({
    header: { ...own, path: Buffer.from(name), type: 'file', size },
    data,
  });
  const listed = (name: string, data: Buffer) => file(name, data.length, data);
  const expected = [...staged.expected[0], ...staged.expected[1]];
  const head = [
    listed(names.stages, nulList(layout.stages.map(dot))),
    listed(names.files[0], nulList(staged.files[0])),
    listed(names.files[1], nulList(staged.files[1])),
    listed(names.records, records.data),
    listed(names.meta, meta.archive),
    listed(names.metaList, nulList(meta.fixed)),
  ];
  const entries = [
    ...head,
    ...staged.entries,
    file(names.expected, expected.length * 65, () => {
      progress.phase('verifying');
      return Buffer.from(expected.map((e) => `${hashLine(e)}\n`).join(''), 'latin1');
    }),
  ];

  const out = new WriteOutput(
    layout.records,
    (rec, ok, message) => {
      for (const it of rec.items) {
        report(it, ok ? 'done' : 'failed', ok ? ownerNote(it) : message);
        progress.add({ items: 1 });
      }
    },
    // From here on a cancel waits for the script to finish: stopped half-way on the server, it
    // would go on without telling which items it did.
    () => progress.phase('moving into place'),
  );
  // What making and removing the stages (and our lists in the base) changes even when nothing
  // else is: the times of the directories they were in, put back when the write changed nothing.
  const times = dirTimes(layout, live);
  const unstage = () => cleanup(remote, layout, names, out.swapping ? undefined : times);
  let sent = 0;
  let res: RunResult | undefined;
  let lost: string | undefined;
  const hashedFiles = [...staged.files[0], ...staged.files[1]];
  const baseLive = live.get(absKey(layout.base, ''));
  const script = applyScript(
    layout.base,
    names,
    records.perBatch,
    sha256Args(hashedFiles),
    // Only when the base is the destination: a destination created in it is a real change there.
    baseLive?.type === 'dir' && layout.prefix.length === 0 ? timeText(baseLive.mtime) : undefined,
  );
  progress.phase('writing');
  try {
    res = await withCleanup(unstage, () =>
      runScript(remote, script, `writing to ${D}`, {
        stdin: tarStream(target.repo, entries, {
          ...(signal ? { signal } : {}),
          onBytes: (n) => {
            sent += n;
            progress.add({ bytes: n });
          },
          onEntry: (i, sha) => {
            const want = staged.expectAt.get(i - head.length);
            if (sha && want) want.sha = sha;
          },
        }),
        onStdout: (chunk) => out.take(chunk),
        ...(signal ? { signal } : {}),
        gentle: true,
      }),
    );
  } catch (e) {
    // Lost half-way through the moves: what was not confirmed may have moved after the last
    // line that arrived — each target is whole, old or new, but which is not known here.
    if (out.swapping && !out.swapped && !signal?.aborted && e instanceof LifeboatError)
      throw new LifeboatError(
        e.code,
        `${e.message} It was moving restored files into place: those not confirmed are each whole, old or new, but which is not known; plan again to see.`,
        e.details,
      );
    // Everything was in place when the connection went: only the directory metadata is unknown.
    if (signal?.aborted || !out.swapped) throw e;
    lost = e instanceof Error ? e.message : String(e);
  }

  if (res && !out.swapping) {
    await unstage();
    const sums = out.hashes();
    if (!sums)
      throw new LifeboatError(
        'restore.write_failed',
        `Writing to ${D} on ${target.server} failed, nothing was changed: ${why(res.stderr) || `tar exit ${res.code ?? res.signal}`}`,
        { server: target.server },
      );
    for (const want of expected) {
      const got = sums.get(want.path);
      if (got !== hashLine(want))
        throw new LifeboatError(
          'restore.verify_failed',
          `${want.item}: what arrived on ${target.server} does not have the SHA-256 of the restore point (${got ?? 'missing'} ≠ ${want.previewed ?? want.sha}); nothing was changed.`,
          { path: want.item },
        );
    }
    throw new LifeboatError(
      'restore.verify_failed',
      `Could not check what was written on ${target.server}: ${why(res.stderr) || `exit ${res.code ?? res.signal}`}`,
    );
  }
  if (res && !out.swapped)
    throw new LifeboatError(
      'restore.write_failed',
      `Moving restored files into place on ${target.server} stopped after ${out.answered.size} of ${layout.records.length} steps: ${why(res.stderr) || `exit ${res.code ?? res.signal}`}`,
      { server: target.server },
    );
  // Everything is in place by now: a failure of the metadata only fails the directory metadata items.
  const metaItems = items.filter((it) => it.kind === 'M');
  const problem =
    lost ??
    (out.meta === undefined
      ? 'the server did not confirm it'
      : out.meta !== 0
        ? why(res?.stderr ?? '') || `tar exit ${out.meta}`
        : undefined);
  for (const it of metaItems) report(it, problem ? 'failed' : 'done', problem ?? ownerNote(it));
  progress.add({ items: metaItems.length });
  return { bytes: sent };
}

interface Expect {
  /** The staged path (latin1), as sha256sum names it. */
  path: string;
  /** Known from the point, or computed while the content streams. */
  sha: string;
  /** The preview's hash, when it held one (checked against what the point really holds). */
  previewed?: string;
  item: string;
}

/** The expected hash line of a staged file: a line no file has when the point's content is not
 * what the preview said (or its hash never came), so the server's check fails. */
function hashLine(e: Expect): string {
  const ok = /^[0-9a-f]{64}$/.test(e.sha) && (e.previewed === undefined || e.previewed === e.sha);
  return ok ? e.sha : '-'.repeat(64);
}

/** Our own files in the stream: private, ours, now. */
function ownHeader(me: Account) {
  return { mode: 0o600, uid: me.uid, gid: me.gid, mtime: { sec: Math.floor(Date.now() / 1000), nsec: 0 } };
}

/** The stages and every written item under its stage; the staged files in two lists of about
 * equal bytes (hashed at once on the server), with what each must hash to. */
function streamEntries(layout: Layout, sides: Map<number, PointSide>, pt: PointTree, me: Account) {
  const own = ownHeader(me);
  const entries: StreamEntry[] = [];
  const expectAt = new Map<number, Expect>();
  const files: [Buffer[], Buffer[]] = [[], []];
  const expected: [Expect[], Expect[]] = [[], []];
  const halves = [0, 0];
  const groups = new Map<string, Buffer>();
  let bytes = 0;
  let stage = '';
  for (const w of layout.written) {
    const side = sides.get(w.item.index)!;
    if (w.stageKey !== stage) {
      stage = w.stageKey;
      entries.push({ header: { ...own, path: joinRel(w.stage), type: 'dir', mode: 0o700 } });
      // The missing directories above a created destination, as `mkdir -p` makes them.
      if (w.anchor.rel.length === 0)
        for (const d of layout.implicitDirs)
          entries.push({ header: { ...own, path: joinRel(d), type: 'dir', mode: 0o755 } });
    }
    const path = joinRel(w.archive);
    if (side.type !== 'file') {
      entries.push({ header: header(path, side) });
      continue;
    }
    // Names of one inode in the point stay one inode when both are written by this restore.
    const n = side.node;
    const group = n.type === 'hardlink' ? relKey(pt.linkRel(n) ?? w.item.rel) : w.item.key;
    const first = groups.get(group);
    if (first) {
      entries.push({ header: header(path, side, first) });
      continue;
    }
    groups.set(group, path);
    const content = side.content ?? [];
    const sha = knownSha(content);
    const staged = dot(w.archive);
    const want: Expect = {
      path: staged.toString('latin1'),
      sha: sha ?? '',
      ...(w.item.change.new?.sha256 ? { previewed: w.item.change.new.sha256 } : {}),
      item: w.item.change.path,
    };
    expectAt.set(entries.length, want);
    entries.push({ header: header(path, side), content, ...(sha ? {} : { hash: true }) });
    const half = halves[0]! <= halves[1]! ? 0 : 1;
    files[half].push(staged);
    expected[half].push(want);
    halves[half]! += side.size + 512;
    bytes += side.size;
  }
  return { entries, files, expected, expectAt, bytes };
}

/** Runs the write; on any failure (cancel, lost connection) the stages go, best effort. */
async function withCleanup<T>(cleanup: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** The base and every directory a stage is made in, with its time before the write (from the
 * look), as "SEC.NSEC\0./path\0" pairs relative to the base. */
function dirTimes(layout: Layout, live: Map<string, LiveEntry>): Buffer {
  const dirs = new Map<string, Rel>([['', []]]);
  for (const s of layout.stages) if (s.length > 1) dirs.set(relKey(s.slice(0, -1)), s.slice(0, -1));
  const parts: Buffer[] = [];
  for (const [key, rel] of dirs) {
    const e = live.get(absKey(layout.base, key));
    if (e?.type !== 'dir') continue;
    parts.push(Buffer.from(`${timeText(e.mtime)}\0`), dot(rel), nul);
  }
  return Buffer.concat(parts);
}

const nul = Buffer.from([0]);

/** A time as touch -d @ takes it: "SEC.NSEC". */
const timeText = (t: { sec: number; nsec: number }) => `${t.sec}.${String(t.nsec).padStart(9, '0')}`;

/** Removes the stages; then, when given, puts the directories' times back (dirTimes). */
async function cleanup(remote: Remote, layout: Layout, names: Names, times?: Buffer): Promise<void> {
  const signal = AbortSignal.timeout(60_000);
  await runScript(remote, cleanupScript(layout.base, names), 'removing staged files', {
    stdin: nulList(layout.stages.map(dot)),
    signal,
  })
    .then(() =>
      times?.length
        ? runScript(remote, retimeScript(layout.base), 'putting directory times back', {
            stdin: times,
            signal,
          })
        : undefined,
    )
    .catch(() => {}); // best effort: a dead connection leaves it to the server-side cleanup
}
