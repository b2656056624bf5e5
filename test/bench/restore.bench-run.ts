// Restore benchmarks (`npm run bench`), each printed against a baseline measured in the same run:
//
//   1. one small file, tree S          ours (open repository → plan → write over SSH) vs
//                                      `restic restore latest --include FILE` from a restic
//                                      repository of the same tree — target ours ≤ 1.0× restic
//   2. the same on a tree 5× larger    our time grows ≤ 1.5× (BENCH_RESTORE_SCALE sets the factor)
//   3. bytes read for that file        data read ≤ 2× the file's packed size (index and trees apart)
//   4. whole scope into an empty dir   vs raw `tar -cf - | ssh host tar -xf -` — target ≥ 0.6×
//   5. reference (info)                `restic restore latest` of the whole tree to local disk (no
//                                      SSH) against the same baseline
//
// Both sides read a repository on local disk and write on this machine (the sshd is local).
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { shQuote, type SshSession } from '../../core/connect/ssh';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository, openRepository, type Repository } from '../../core/repository/repository';
import { nodeName } from '../../core/repository/tree';
import type { Snapshot } from '../../core/repository/snapshot';
import type { FilesTarget } from '../../core/restore/engine';
import { filesEngine } from '../../core/restore/files';
import { startSshd, type SshdService } from '../harness/sshd';
import { benchSession } from './measure';
import { log, machine, mib, secs, table, timeRow, writeResults, type Row } from './report';
import { ensureTree, MiB, treeSizeFromEnv, type BenchTree, type TreeSize } from './tree';

const run = promisify(execFile);
const PASSPHRASE = 'benchmark passphrase';
const RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_RESTORE_SCALE ?? 5);
const best = (xs: number[]) => Math.min(...xs);

interface Prepared {
  tree: BenchTree;
  repoDir: string;
  resticDir: string;
  snapshotId: string;
  /** A small file of the tree (absolute path). */
  file: string;
  fileSize: number;
}

async function prepare(size: TreeSize, session: SshSession, work: string): Promise<Prepared> {
  const tree = await ensureTree(size, log);
  const repoDir = path.join(work, `repo-${size.label}`);
  const resticDir = path.join(work, `restic-${size.label}`);
  await mkdir(repoDir);
  await initRepository(createLocalBackend(repoDir), PASSPHRASE);
  const repo = await openRepository(createLocalBackend(repoDir), PASSPHRASE);
  log(`backing up ${size.label} (ours, then restic) …`);
  const { snapshotId } = await backupServerPath({
    session,
    server: 'bench',
    path: tree.root,
    sudo: false,
    repo,
  });
  const env = { ...process.env, RESTIC_PASSWORD: PASSPHRASE };
  await run('restic', ['-r', resticDir, 'init', '--quiet'], { env });
  await run('restic', ['-r', resticDir, 'backup', '--quiet', tree.root], { env, maxBuffer: 16 * MiB });
  const files = tree.manifest.files;
  const small = files.filter((f) => f.size >= 1024 && f.size <= 16 * 1024);
  const pick = small[Math.floor(small.length / 2)] ?? files[0]!;
  return { tree, repoDir, resticDir, snapshotId, file: path.join(tree.root, pick.rel), fileSize: pick.size };
}

/** The packed (stored) size of a file's blobs in the point. */
async function packedSize(repo: Repository, p: Prepared): Promise<number> {
  const snapshot = await repo.loadSnapshot(p.snapshotId);
  const parts = [path.basename(p.tree.root), ...path.relative(p.tree.root, p.file).split('/')];
  let tree = await repo.loadTree(snapshot.tree);
  for (const [i, part] of parts.entries()) {
    const node = tree.nodes.find((n) => nodeName(n).toString() === part);
    if (!node) throw new Error(`${part} is not in the point`);
    if (i === parts.length - 1)
      return (node.content ?? []).reduce((n, id) => n + (repo.locate('data', id)?.length ?? 0), 0);
    tree = await repo.loadTree(node.subtree!);
  }
  throw new Error('unreachable');
}

/** The engine's target: the point's tree root restored at `dest` on the bench server. */
function targetOf(
  repo: Repository,
  snapshot: Snapshot,
  p: Prepared,
  session: SshSession,
  dest: string,
): FilesTarget {
  return { repo, snapshot, sourcePath: p.tree.root, session, server: 'bench', sudo: false, destPath: dest };
}

/** Ours: open the repository, plan the one file alongside, write it. Fresh repository object each run. */
async function oursOneFile(p: Prepared, session: SshSession, dest: string) {
  const t0 = performance.now();
  const repo = await openRepository(createLocalBackend(p.repoDir), PASSPHRASE);
  const metaBefore = repo.stats.bytesRead;
  const snapshot = await repo.loadSnapshot(p.snapshotId);
  const target = targetOf(repo, snapshot, p, session, dest);
  const preview = await filesEngine.plan({ ...target, subset: [p.file], deleteExtra: false });
  const planned = repo.stats.bytesRead;
  await filesEngine.apply(target, preview, {});
  const ms = performance.now() - t0;
  if (preview.kind !== 'files' || preview.create.filter((c) => c.new?.type === 'file').length !== 1)
    throw new Error('the plan should create exactly the one file');
  return {
    ms,
    indexBytes: metaBefore,
    treeBytes: planned - metaBefore,
    dataBytes: repo.stats.bytesRead - planned,
    repo,
  };
}

async function resticOneFile(p: Prepared, dest: string): Promise<number> {
  const t0 = performance.now();
  await run('restic', ['-r', p.resticDir, 'restore', 'latest', '--target', dest, '--include', p.file], {
    env: { ...process.env, RESTIC_PASSWORD: PASSPHRASE },
  });
  return performance.now() - t0;
}

/** Raw tar the other way: a local `tar -cf -` piped into `tar -xf -` over the same SSH session. */
async function rawTarUpload(session: SshSession, root: string, destBase: string): Promise<number> {
  const t0 = performance.now();
  const channel = await session.execStream(
    `mkdir -p ${shQuote(destBase)} && tar -xf - -C ${shQuote(destBase)}`,
  );
  const closed = new Promise<number | null>((resolve) => {
    let code: number | null = null;
    channel.on('exit', (c: number | null) => (code = c));
    channel.on('close', () => resolve(code));
  });
  const tar = spawn('tar', ['-cf', '-', '-C', path.dirname(root), path.basename(root)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  channel.resume(); // tar -x prints nothing, but an unread channel stalls its window
  channel.stderr.resume();
  tar.stdout.pipe(channel);
  const code = await closed;
  if (code !== 0) throw new Error(`raw tar upload exited with ${String(code)}`);
  return performance.now() - t0;
}

describe('restore benchmarks (ratios printed, not asserted)', () => {
  it('restores one file (vs restic, at two tree sizes) and a whole scope (vs raw tar)', async () => {
    const size = treeSizeFromEnv();
    const mb = size.bytes / 1e6;
    const bigger: TreeSize = {
      label: `${mb * SCALE}MB-${size.files * SCALE}f`,
      bytes: size.bytes * SCALE,
      files: size.files * SCALE,
      seed: size.seed,
    };
    let sshd: SshdService | undefined;
    let session: SshSession | undefined;
    const work = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-bench-restore-'));
    const rows: Row[] = [];
    const notes: string[] = [];
    try {
      sshd = await startSshd();
      session = await benchSession(sshd);
      const oneFile: { label: string; ours: number; restic: number }[] = [];
      let n = 0;
      const prepared: Prepared[] = [];
      for (const s of [size, bigger]) {
        const p = await prepare(s, session, work);
        prepared.push(p);
        const ours: Awaited<ReturnType<typeof oursOneFile>>[] = [];
        const restic: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          ours.push(await oursOneFile(p, session, path.join(work, `ours-${n}`, 'tree')));
          restic.push(await resticOneFile(p, path.join(work, `restic-out-${n}`)));
          n++;
        }
        const o = ours.reduce((a, b) => (b.ms < a.ms ? b : a));
        const r = best(restic);
        oneFile.push({ label: s.label, ours: o.ms, restic: r });
        rows.push({
          measure: `1. one ${(p.fileSize / 1024).toFixed(1)} KiB file, tree ${s.label}`,
          ours: secs(o.ms),
          baseline: `${secs(r)} (restic)`,
          ratio: `${(o.ms / r).toFixed(2)}× of restic's time`,
          target: '≤ 1.0×',
          met: o.ms <= r ? 'yes' : 'NO',
        });
        const packed = await packedSize(o.repo, p);
        rows.push({
          measure: `3. data read for it, tree ${s.label}`,
          ours: `${o.dataBytes} B`,
          baseline: `${packed} B packed`,
          ratio: `${(o.dataBytes / packed).toFixed(2)}×`,
          target: '≤ 2×',
          met: o.dataBytes <= 2 * packed ? 'yes' : 'NO',
        });
        notes.push(
          `- tree ${s.label}: ${p.tree.manifest.files.length} files, ${mib(p.tree.manifest.totalBytes)}; one-file runs ours ${ours
            .map((x) => secs(x.ms))
            .join(
              ', ',
            )}, restic ${restic.map(secs).join(', ')}; metadata read: index ${mib(o.indexBytes)}, snapshot + trees ${(
            o.treeBytes / 1024
          ).toFixed(1)} KiB`,
        );
      }
      const [a, b] = oneFile as [(typeof oneFile)[0], (typeof oneFile)[0]];
      rows.push({
        measure: `2. one file, ${SCALE}× larger tree`,
        ours: `${secs(b.ours)} vs ${secs(a.ours)}`,
        baseline: `restic ${secs(b.restic)} vs ${secs(a.restic)}`,
        ratio: `${(b.ours / a.ours).toFixed(2)}× growth`,
        target: '≤ 1.5×',
        met: b.ours / a.ours <= 1.5 ? 'yes' : 'NO',
      });

      // 4: the whole scope of the first tree into an empty directory. The larger tree's manifest
      // (a record per file) is let go first: a heap this process keeps for its own bookkeeping
      // would make every garbage collection of the restore slower than in the product.
      const p = prepared[0]!;
      prepared.length = 1;
      log(`heap before the whole-scope runs: ${mib(process.memoryUsage().heapUsed)}`);
      const repo = await openRepository(createLocalBackend(p.repoDir), PASSPHRASE);
      const snapshot = await repo.loadSnapshot(p.snapshotId);
      // Raw and ours take turns; before each run the previous run's writes are flushed (sync), so
      // that no run pays for another's dirty pages.
      const raw: number[] = [];
      const ours: number[] = [];
      for (let i = 0; i < Math.min(RUNS, 2); i++) {
        await run('sync');
        raw.push(await rawTarUpload(session, p.tree.root, path.join(work, `raw-${i}`)));
        await run('sync');
        log('whole-scope restore …');
        const dest = path.join(work, `full-${i}`, 'tree');
        await mkdir(path.dirname(dest), { recursive: true });
        const t0 = performance.now();
        const target = targetOf(repo, snapshot, p, session, dest);
        const preview = await filesEngine.plan({ ...target, deleteExtra: false });
        const out = await filesEngine.apply(target, preview, {});
        ours.push(performance.now() - t0);
        expect(out.bytes).toBe(p.tree.manifest.totalBytes);
        const { stdout } = await run('sh', ['-c', `find ${shQuote(dest)} -type f | wc -l`]);
        expect(Number(stdout.trim())).toBe(p.tree.manifest.files.length);
      }
      const fullMs = best(ours);
      const resticFull: number[] = [];
      for (let i = 0; i < Math.min(RUNS, 2); i++) {
        await run('sync');
        const t0 = performance.now();
        await run(
          'restic',
          ['-r', p.resticDir, 'restore', 'latest', '--target', path.join(work, `restic-full-${i}`)],
          {
            env: { ...process.env, RESTIC_PASSWORD: PASSPHRASE },
            maxBuffer: 16 * MiB,
          },
        );
        resticFull.push(performance.now() - t0);
      }
      rows.push(
        timeRow('4. whole scope into an empty dir', fullMs, best(raw), 0.6, p.tree.manifest.totalBytes),
      );
      rows.push({
        ...timeRow(
          '5. restic restore of the scope (local disk)',
          best(resticFull),
          best(raw),
          0.6,
          p.tree.manifest.totalBytes,
        ),
        target: '(reference)',
        met: '',
      });
      notes.push(
        `- whole scope: raw tar runs ${raw.map(secs).join(', ')}; ours ${ours.map(secs).join(', ')} (plan + write), taking turns; restic (reference, local disk, no SSH) ${resticFull.map(secs).join(', ')}`,
      );

      const printed = table(rows);
      console.log(`\n${printed}\n\n${notes.join('\n')}\n`);
      if (process.env.BENCH_WRITE === '1') {
        const section = [
          `## Restore, ${size.label} (and ${bigger.label})`,
          '',
          ...(await machine()),
          '',
          printed,
          '',
          ...notes,
        ].join('\n');
        log(`written to ${await writeResults(`restore-${size.label}`, section)}`);
      }
    } finally {
      session?.close();
      await sshd?.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
