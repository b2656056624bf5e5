// Applying a files preview: never partial, and a handful of commands whatever the number of files:
//  0. one look at every directory written into (a symlink there refuses the restore before any
//     write) and at each target (one that changed since the preview fails alone);
//  1. one `tar -x` of a stream built here extracts everything into staging directories next to
//     the targets (same file systems), then hashes the staged files — the server removes the
//     stages itself if either fails, even when the connection is gone;
//  2. the hashes are compared here (any mismatch: stages removed, nothing changed);
//  3. one swap script re-checks each target against the preview just before its rename (a
//     changed target fails alone and is left alone) and prints one line per completed record, so
//     results are known even if the connection dies half-way — every target is old or new;
//  4. one metadata `tar -x` gives directories their owner, mode and time last.
import { randomBytes } from 'node:crypto';
import type { FileChange, FilesPreview, RestoreItemResult } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { noopProgress } from '../../jobs/progress';
import type { ApplyContext, FilesTarget } from '../engine';
import { knownSha, type PointSide } from './compare';
import { eachListed, pointSides, previewItems } from './items';
import { layoutFor, type ApplyItem, type Layout, type SwapRecord } from './layout';
import { dot, joinRel, normalAbsolute, relKey } from './paths';
import { ancestry, baseOf } from './plan';
import { PointTree } from './point';
import { carriedFailures, precheck, precheckPaths } from './precheck';
import { nulList, parseSha256sum, runScript, statPaths, whoAmI, why, type Remote } from './remote';
import { cleanupScript, hashesMarker, metadataScript, namesFor, writeScript, type Names } from './scripts';
import { header, tarStream, type StreamEntry } from './stream';
import { metadataEntries, swap } from './swap';

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
  const pt = new PointTree(target.repo, target.snapshot, S, signal);
  const sides = await pointSides(pt, all);
  // The destination itself written (created, or a single file's point replacing it): nothing
  // else can be below it yet, so its ancestors are all there is to see.
  const writesDest = all.some((it) => it.rel.length === 0 && it.kind !== 'M');

  progress.phase('checking the destination');
  // One look at the server (and who we are there, at the same time): the destination's ancestors,
  // the directories written into and every target.
  const id = randomBytes(8).toString('hex');
  const guess = writesDest ? undefined : layoutFor(D, [], all, id);
  const paths = [...ancestry(D).map((a) => Buffer.from(a)), ...(guess ? precheckPaths(guess, all) : [])];
  const [me, seen] = await Promise.all([whoAmI(remote, signal), statPaths(remote, paths, signal)]);
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
  const items = all.filter((it) => !failed.has(it.index));
  const layout = layoutFor(base, prefix, items, id);
  const names = namesFor(id);
  const ownerNote = (it: ApplyItem) => {
    const n = sides.get(it.index)?.node;
    return me.uid !== 0 && n && (n.uid !== me.uid || n.gid !== me.gid)
      ? `owner left as ${me.uid}:${me.gid}: owners are given only as root (or through sudo)`
      : undefined;
  };

  const { entries, expected, expectAt, bytes } = streamEntries(layout, sides, pt, names, me);
  progress.total({ items: all.length, bytes });
  let sent = 0;
  if (layout.written.length) {
    progress.phase('writing');
    const res = await withCleanup(remote, layout, names, () =>
      runScript(remote, writeScript(layout.base, names), `writing to ${D}`, {
        stdin: tarStream(target.repo, entries, {
          ...(signal ? { signal } : {}),
          onBytes: (n) => {
            sent += n;
            progress.add({ bytes: n });
          },
          onEntry: (i, sha) => {
            const want = expectAt[i];
            if (sha && want) want.sha = sha;
          },
        }),
        ...(signal ? { signal } : {}),
        gentle: true,
      }),
    );
    const out = res.stdout.toString('latin1');
    const at = out.indexOf(`${hashesMarker}\n`);
    if (res.code !== 0) {
      await cleanup(remote, layout, names);
      if (at < 0)
        throw new LifeboatError(
          'restore.write_failed',
          `Writing to ${D} on ${target.server} failed, nothing was changed: ${why(res.stderr) || `tar exit ${res.code ?? res.signal}`}`,
          { server: target.server },
        );
      throw new LifeboatError(
        'restore.verify_failed',
        `Could not check what was written on ${target.server}: ${why(res.stderr)}`,
      );
    }
    progress.phase('verifying');
    const sums = parseSha256sum(res.stdout.subarray(at + hashesMarker.length + 1));
    for (const [path, want] of expected) {
      const got = sums.get(path);
      const wrong = got !== want.sha || (want.previewed !== undefined && want.previewed !== want.sha);
      if (wrong) {
        await cleanup(remote, layout, names);
        throw new LifeboatError(
          'restore.verify_failed',
          `${want.item}: what arrived on ${target.server} does not have the SHA-256 of the restore point (${got ?? 'missing'} ≠ ${want.sha}); nothing was changed.`,
          { path: want.item },
        );
      }
    }
  }

  // From here on a cancel waits for the swap to finish: stopped half-way on the server, it would go
  // on without telling which items it did.
  signal?.throwIfAborted();
  progress.phase('moving into place');
  const confirmed = new Set<SwapRecord>();
  await swap(remote, layout, names, checked, (rec, ok, message) => {
    if (ok) confirmed.add(rec);
    for (const it of rec.items) {
      report(it, ok ? 'done' : 'failed', ok ? ownerNote(it) : message);
      progress.add({ items: 1 });
    }
  });
  signal?.throwIfAborted();

  const meta = metadataEntries(layout, items, sides, checked, confirmed);
  const metaItems = items.filter((it) => it.kind === 'M');
  if (meta.length) {
    progress.phase('setting directory owners, modes and times');
    // Everything is in place by now: a failure here only fails the directory metadata items (a
    // cancel still stops the restore, as the operator asked).
    let problem: string | undefined;
    try {
      const res = await runScript(remote, metadataScript(layout.base), `setting directory metadata in ${D}`, {
        stdin: tarStream(target.repo, meta),
        ...(signal ? { signal } : {}),
      });
      if (res.code !== 0) problem = why(res.stderr) || `tar exit ${res.code}`;
    } catch (e) {
      if (signal?.aborted) throw e;
      problem = e instanceof Error ? e.message : String(e);
    }
    for (const it of metaItems) report(it, problem ? 'failed' : 'done', problem ?? ownerNote(it));
    progress.add({ items: metaItems.length });
  }
  return { bytes: sent };
}

interface Expect {
  sha: string;
  /** The preview's hash, when it held one (checked against what the point really holds). */
  previewed?: string;
  item: string;
}

/** The write stream: the two lists, the stages, then every written item under its stage. */
function streamEntries(
  layout: Layout,
  sides: Map<number, PointSide>,
  pt: PointTree,
  names: Names,
  me: { uid: number; gid: number },
) {
  const now = { sec: Math.floor(Date.now() / 1000), nsec: 0 };
  const own = { mode: 0o600, uid: me.uid, gid: me.gid, mtime: now };
  const entries: StreamEntry[] = [];
  const expectAt: (Expect | undefined)[] = [];
  const expected = new Map<string, Expect>();
  // The staged files in two lists of about equal bytes, hashed at once on the server.
  const files: [Buffer[], Buffer[]] = [[], []];
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
    const want: Expect = {
      sha: sha ?? '',
      ...(w.item.change.new?.sha256 ? { previewed: w.item.change.new.sha256 } : {}),
      item: w.item.change.path,
    };
    expected.set(dot(w.archive).toString('latin1'), want);
    expectAt[entries.length + 3] = want; // after the three lists
    entries.push({ header: header(path, side), content, ...(sha ? {} : { hash: true }) });
    const half = halves[0]! <= halves[1]! ? 0 : 1;
    files[half].push(dot(w.archive));
    halves[half]! += side.size + 512;
    bytes += side.size;
  }
  const list = (name: string, data: Buffer): StreamEntry => ({
    header: { ...own, path: Buffer.from(name), type: 'file', size: data.length },
    data,
  });
  const lists = [
    list(names.stages, nulList(layout.stages.map(dot))),
    list(names.files[0], nulList(files[0])),
    list(names.files[1], nulList(files[1])),
  ];
  return { entries: [...lists, ...entries], expected, expectAt, bytes };
}

/** Runs the write; on any failure (cancel, lost connection) the stages go, best effort. */
async function withCleanup<T>(
  remote: Remote,
  layout: Layout,
  names: Names,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    await cleanup(remote, layout, names);
    throw e;
  }
}

async function cleanup(remote: Remote, layout: Layout, names: Names): Promise<void> {
  await runScript(remote, cleanupScript(layout.base, names), 'removing staged files', {
    stdin: nulList(layout.stages.map(dot)),
    signal: AbortSignal.timeout(60_000),
  }).catch(() => {}); // best effort: a dead connection leaves it to the server-side cleanup
}
