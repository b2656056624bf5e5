// Many small files (`npm run bench`): the memory bound of a server backup ("a 1M-file tree must
// not need gigabytes") and how time and memory grow with the number of files. Each size is backed
// up in its own Node process (child-backup.ts: peak RSS is the backup's alone), with the raw
// `tar -cf - path` drained over the same SSH session as the time baseline, measured in the same run.
//
//   1. first backup of N tiny files   vs raw tar over SSH (ratio, as backup.bench-run.ts)
//   2. peak RSS                       per size, against 1 GiB; and its growth from the smallest
//                                     size to the largest against the growth in files
//
// Trees (N files of 10–210 bytes, 1,000 per folder) are generated once per size under
// os.tmpdir() and reused. BENCH_MANY=100000,1000000 (the default) chooses the sizes;
// BENCH_WRITE=1 writes RESULTS.md.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSshd, type SshdService } from '../harness/sshd';
import type { ChildResult } from './child-backup';
import { bundleChild, childConfig, runChild } from './child-run';
import { log, machine, mib, secs, table, timeRow, writeResults, type Row } from './report';
import { MiB } from './tree';

const BOUND_MIB = 1024;
const PASSPHRASE = 'benchmark passphrase';

/** N files of 10–210 bytes (each different), 1,000 per folder; cached, `.done` written last. */
function ensureManyFiles(n: number): { root: string; bytes: number } {
  const base = path.join(os.tmpdir(), `lifeboat-bench-many-${n}`);
  const root = path.join(base, 't');
  const content = (i: number) => `file ${i} ${'x'.repeat(i % 200)}\n`;
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += Buffer.byteLength(content(i));
  if (existsSync(path.join(base, '.done'))) return { root, bytes };
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const dir = path.join(root, `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `f${i}.txt`), content(i));
  }
  writeFileSync(path.join(base, '.done'), '');
  log(`generated ${n} files in ${secs(performance.now() - t)}`);
  return { root, bytes };
}

describe('many-files benchmark (ratios printed, not asserted)', () => {
  it('backs up trees of many tiny files and measures time and peak memory', async () => {
    const sizes = (process.env.BENCH_MANY ?? '100000,1000000').split(',').map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
      throw new Error(
        `BENCH_MANY takes file counts ≥ 1000, comma-separated, not "${process.env.BENCH_MANY}"`,
      );
    const work = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-bench-many-run-'));
    let sshd: SshdService | undefined;
    const rows: Row[] = [];
    const results: { n: number; r: ChildResult }[] = [];
    try {
      sshd = await startSshd();
      const script = await bundleChild(path.join(work, 'child'));
      for (const n of sizes) {
        const tree = ensureManyFiles(n);
        const repoDir = path.join(work, `repo-${n}`);
        await mkdir(repoDir);
        log(`first backup of ${n} files (child process) …`);
        const r = await runChild(
          script,
          childConfig(sshd, { repoDir, passphrase: PASSPHRASE, path: tree.root, baselineRuns: 1 }),
          work,
          Math.max(10 * 60_000, n * 2),
        );
        expect(r.files).toBe(n);
        expect(r.bytes).toBe(tree.bytes);
        results.push({ n, r });
        rows.push(timeRow(`first backup, ${n} files`, r.durationMs, Math.min(...r.baselineMs), 0.5, r.bytes));
        rows.push({
          measure: `peak RSS, ${n} files`,
          ours: mib(r.peakRssBytes),
          baseline: `${BOUND_MIB} MiB bound`,
          ratio: `${((r.peakRssBytes / (BOUND_MIB * MiB)) * 100).toFixed(0)} % of the bound`,
          target: `< ${BOUND_MIB} MiB`,
          met: r.peakRssBytes < BOUND_MIB * MiB ? 'yes' : 'NO',
        });
        await rm(repoDir, { recursive: true, force: true });
      }
      const [first, last] = [results[0]!, results[results.length - 1]!];
      if (results.length > 1) {
        const grew = last.r.peakRssBytes / first.r.peakRssBytes;
        const files = last.n / first.n;
        rows.push({
          measure: `peak RSS growth, ${first.n} → ${last.n} files`,
          ours: `${grew.toFixed(2)}×`,
          baseline: `${files.toFixed(0)}× the files`,
          ratio: `${((last.r.peakRssBytes - first.r.peakRssBytes) / (last.n - first.n)).toFixed(0)} B per extra file`,
          target: '—',
          met: '—',
        });
      }
      const text = table(rows);
      console.log(`\n${text}`);
      if (process.env.BENCH_WRITE) {
        const section = [
          `## Many small files (${sizes.join(', ')} files)`,
          '',
          text,
          '',
          ...(await machine()),
          `- each backup in its own Node process; peak RSS is its VmHWM (${first.r.peakReset ? 'reset just before the backup' : 'whole process'}); the raw tar baseline drained over the same session`,
          ...results.map(
            ({ n, r }) =>
              `- ${n} files: ours ${secs(r.durationMs)}, raw tar ${r.baselineMs.map(secs).join(', ')}; before the backup ${mib(r.peakBeforeBackupBytes)}`,
          ),
        ].join('\n');
        log(`written to ${await writeResults('many-files', section)}`);
      }
    } finally {
      await sshd?.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
