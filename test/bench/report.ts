// What every benchmark prints and writes: a table of measures, each a ratio against a baseline
// measured in the same run on the same machine (targets reported, never asserted), the machine
// described, and RESULTS.md sections replaced in place (one per benchmark and tree size).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MiB } from './tree';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;
export const rate = (bytes: number, ms: number) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
export const log = (s: string) => console.log(`[bench] ${s}`);

/** Speed as baseline time / our time: ≥ target is met. */
export function timeRow(measure: string, ours: number, baseline: number, target: number, bytes: number): Row {
  const ratio = baseline / ours;
  return {
    measure,
    ours: `${secs(ours)} (${rate(bytes, ours)})`,
    baseline: `${secs(baseline)} (${rate(bytes, baseline)})`,
    ratio: `${ratio.toFixed(2)}×`,
    target: `≥ ${target}×`,
    met: ratio >= target ? 'yes' : 'NO',
  };
}

export function bytesRow(measure: string, uploaded: number, tree: number, targetPct: number): Row {
  const pct = (uploaded / tree) * 100;
  return {
    measure,
    ours: mib(uploaded),
    baseline: `${mib(tree)} (tree)`,
    ratio: `${pct.toFixed(3)} %`,
    target: `< ${targetPct} %`,
    met: pct < targetPct ? 'yes' : 'NO',
  };
}

export function table(rows: Row[]): string {
  const head: Row = {
    measure: 'measure',
    ours: 'ours',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    met: 'met?',
  };
  const keys = Object.keys(head) as (keyof Row)[];
  const all = [head, ...rows];
  const width = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(width[i] ?? 0)).join(' | ')} |`;
  const sep = `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(head), sep, ...rows.map(line)].join('\n');
}

export async function machine(): Promise<string[]> {
  const sh = async (cmd: string) => {
    try {
      return (await run('sh', ['-c', cmd])).stdout.trim();
    } catch {
      return '?';
    }
  };
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- nproc: ${(await sh('nproc')) || os.availableParallelism()} (${cpus[0]?.model ?? '?'})`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node: ${process.version}; ${os.type()} ${os.release()}`,
    `- disk (tmp): ${await sh(`df -hT ${JSON.stringify(os.tmpdir())} | tail -1`)}`,
    `- sshd: ${await sh('/usr/sbin/sshd -V 2>&1 | head -1')}; tar: ${await sh('tar --version | head -1')}`,
  ];
}

/** Replaces (or adds) this size's section of RESULTS.md, keeping the others. */
export async function writeResults(label: string, section: string): Promise<string> {
  const file = path.join(here, 'RESULTS.md');
  const header =
    '# Benchmark results\n\n' +
    'Written by `BENCH_WRITE=1 npm run bench` (one section per benchmark and tree size; `BENCH_SIZE=full` for ≥ 1 GB / ≥ 50k files).\n' +
    'Every measure is a ratio against a baseline measured in the same run on the same machine;\n' +
    'targets are reported, never asserted. Rows marked (reference) are restic on the same tree, from local disk.\n' +
    'On a shared 2-core VM the baselines themselves vary run to run (disk writeback above all): compare within a run.\n';
  const start = `<!-- bench:${label}:start -->`;
  const end = `<!-- bench:${label}:end -->`;
  let text = existsSync(file) ? await readFile(file, 'utf8') : header;
  const block = `${start}\n${section.trim()}\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text =
    a >= 0 && b > a
      ? text.slice(0, a) + block + text.slice(b + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, text);
  // Keep the file as the repository's prettier wants it (best effort).
  await run(path.join(repoRoot, 'node_modules/.bin/prettier'), ['--write', file]).catch(() => {});
  return file;
}
