// The benchmark's data set: a deterministic tree of mixed compressible (text, JSON-like) and
// incompressible (random) files, from a few bytes to tens of MiB, in nested folders. Generated
// once per size under os.tmpdir() and reused; a manifest written last marks it complete, and a
// "dirty" marker (set while a benchmark has files changed) makes the next run regenerate it.
import { createCipheriv, createHash } from 'node:crypto';
import { existsSync, openSync, closeSync, readSync, writeSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, utimes, writeFile, open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Bump when the generator changes: old caches are then regenerated. */
const GENERATOR_VERSION = 1;
/** All files get this mtime, so tar streams of the same tree are identical across runs. */
const MTIME = new Date('2024-05-01T12:00:00Z');

export interface TreeSize {
  label: string;
  bytes: number;
  files: number;
  seed: number;
}

/**
 * BENCH_SIZE=small | default | full (≥ 1 GB, ≥ 50k files), or BENCH_MB / BENCH_FILES to set
 * either number directly (the label then says so).
 */
export function treeSizeFromEnv(env: NodeJS.ProcessEnv = process.env): TreeSize {
  const presets: Record<string, { mb: number; files: number }> = {
    small: { mb: 40, files: 3_000 },
    default: { mb: 300, files: 20_000 },
    full: { mb: 1_100, files: 55_000 },
  };
  const name = env.BENCH_SIZE ?? 'default';
  const preset = presets[name];
  if (!preset) throw new Error(`BENCH_SIZE must be one of ${Object.keys(presets).join(', ')}, not "${name}"`);
  const mb = env.BENCH_MB ? Number(env.BENCH_MB) : preset.mb;
  const files = env.BENCH_FILES ? Number(env.BENCH_FILES) : preset.files;
  if (!(mb > 0) || !Number.isInteger(files) || files < 10) {
    throw new Error(`BENCH_MB must be > 0 and BENCH_FILES an integer ≥ 10 (got ${mb}, ${files})`);
  }
  return { label: `${mb}MB-${files}f`, bytes: Math.round(mb * 1e6), files, seed: 20240501 };
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const logUniform = (r: () => number, lo: number, hi: number) =>
  Math.max(lo, Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)))));

export interface FileSpec {
  /** Relative to the tree root, '/'-separated. */
  rel: string;
  size: number;
  kind: 'random' | 'text' | 'json';
}

export interface Manifest {
  version: number;
  size: TreeSize;
  files: FileSpec[];
  dirs: number;
  totalBytes: number;
  generatedInMs: number;
}

function plan(size: TreeSize): { files: FileSpec[]; dirs: string[] } {
  const r = prng(size.seed);
  // Folders: each under a random earlier one (so depth varies), at most 6 deep.
  const dirCount = Math.max(8, Math.round(size.files / 40));
  const dirs: string[] = [''];
  const depth: number[] = [0];
  for (let i = 1; i < dirCount; i++) {
    let p = Math.floor(r() * dirs.length);
    while ((depth[p] ?? 0) >= 6) p = Math.floor(r() * dirs.length);
    dirs.push(`${dirs[p] ? `${dirs[p]}/` : ''}d${i}`);
    depth.push((depth[p] ?? 0) + 1);
  }
  // Sizes: mostly small (1 B – 32 KiB), some medium (32 KiB – 1 MiB); large files (MiBs to tens of
  // MiB) take whatever is left of the byte budget.
  const sizes: number[] = [];
  let small = 0;
  const nSmallish = size.files - Math.max(2, Math.round((size.bytes * 0.5) / (16 * MiB)));
  for (let i = 0; i < nSmallish; i++) {
    const s = r() < 0.985 ? logUniform(r, 1, 32 * KiB) : logUniform(r, 32 * KiB, MiB);
    sizes.push(s);
    small += s;
  }
  if (small > size.bytes * 0.6) {
    const k = (size.bytes * 0.6) / small;
    small = 0;
    for (let i = 0; i < sizes.length; i++) {
      sizes[i] = Math.max(1, Math.round((sizes[i] ?? 1) * k));
      small += sizes[i] ?? 0;
    }
  }
  const nLarge = size.files - nSmallish;
  const raw = Array.from({ length: nLarge }, () => logUniform(r, 4 * MiB, 48 * MiB));
  const rawSum = raw.reduce((a, b) => a + b, 0);
  const budget = size.bytes - small;
  for (const x of raw) sizes.push(Math.min(64 * MiB, Math.max(MiB, Math.round((x * budget) / rawSum))));
  // Shuffle so large files land anywhere.
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j] ?? 0, sizes[i] ?? 0];
  }
  const files = sizes.map((s, i): FileSpec => {
    const x = r();
    // Large files alternate so that bytes split about evenly between random and compressible.
    const kind: FileSpec['kind'] =
      s >= MiB ? (i % 2 ? 'random' : 'text') : x < 0.4 ? 'random' : x < 0.75 ? 'text' : 'json';
    const dir = dirs[Math.floor(r() * dirs.length)] ?? '';
    const ext = kind === 'random' ? 'bin' : kind === 'json' ? 'json' : 'txt';
    return { rel: `${dir ? `${dir}/` : ''}f${i}.${ext}`, size: s, kind };
  });
  return { files, dirs };
}

const WORDS = (() => {
  const r = prng(7);
  const letters = 'etaoinshrdlucmfwypvbgkjqxz';
  return Array.from({ length: 3000 }, () => {
    let w = '';
    const n = 2 + Math.floor(r() * r() * 12);
    for (let i = 0; i < n; i++) w += letters[Math.floor(r() * r() * letters.length)];
    return w;
  });
})();

/** 8 MiB of text-like and JSON-like lines; files are made of random slices of it. */
function textPool(kind: 'text' | 'json'): Buffer {
  const r = prng(kind === 'text' ? 11 : 13);
  const word = () => WORDS[Math.floor(r() * r() * WORDS.length)] ?? 'x';
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < 8 * MiB; i++) {
    let line: string;
    if (kind === 'text') {
      const k = 4 + Math.floor(r() * 14);
      const ws: string[] = [];
      for (let j = 0; j < k; j++) ws.push(word());
      line = `${ws.join(' ')}.\n`;
    } else {
      line = `{"id":${i},"user":"${word()}_${word()}","status":"${word()}","score":${Math.floor(r() * 1e6)},"tags":["${word()}","${word()}"],"note":"${word()} ${word()} ${word()}"},\n`;
    }
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

/** Deterministic bytes of one file, written in pieces of at most 1 MiB. */
function* contentOf(spec: FileSpec, index: number, seed: number, pools: Record<'text' | 'json', Buffer>) {
  if (spec.kind === 'random') {
    const key = createHash('sha256').update(`${seed}:${index}`).digest().subarray(0, 16);
    const c = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
    const zeros = Buffer.alloc(Math.min(spec.size, MiB));
    for (let left = spec.size; left > 0; left -= MiB) yield c.update(zeros.subarray(0, Math.min(MiB, left)));
    return;
  }
  const pool = pools[spec.kind];
  const r = prng(seed ^ (index * 2654435761));
  const header = Buffer.from(`# file ${index} ${spec.rel}\n`, 'latin1');
  const out: Buffer[] = [header.subarray(0, spec.size)];
  let have = out[0]?.length ?? 0;
  while (have < spec.size) {
    const len = Math.min(spec.size - have, 512 + Math.floor(r() * 8 * KiB));
    const at = Math.floor(r() * (pool.length - len));
    out.push(pool.subarray(at, at + len));
    have += len;
    if (out.length >= 256) {
      yield Buffer.concat(out.splice(0));
    }
  }
  if (out.length) yield Buffer.concat(out);
}

export interface BenchTree {
  /** The cache folder: manifest.json, the dirty marker and `tree/`. */
  cache: string;
  /** The folder backed up. */
  root: string;
  manifest: Manifest;
  /** True when this call generated it (false: reused from the cache). */
  generated: boolean;
}

/** Returns the cached tree for `size`, generating it first when missing, stale or dirty. */
export async function ensureTree(size: TreeSize, log: (s: string) => void = () => {}): Promise<BenchTree> {
  const cache = path.join(os.tmpdir(), `lifeboat-bench-tree-${size.label}`);
  const root = path.join(cache, 'tree');
  const manifestPath = path.join(cache, 'manifest.json');
  const dirty = path.join(cache, 'dirty');
  if (existsSync(manifestPath) && !existsSync(dirty)) {
    try {
      const m = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
      if (m.version === GENERATOR_VERSION && m.size.seed === size.seed && m.size.bytes === size.bytes) {
        return { cache, root, manifest: m, generated: false };
      }
    } catch {
      // regenerate
    }
  }
  log(`generating the benchmark tree ${size.label} in ${cache} …`);
  const t0 = performance.now();
  await rm(cache, { recursive: true, force: true });
  const { files, dirs } = plan(size);
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
  const pools = { text: textPool('text'), json: textPool('json') };
  let totalBytes = 0;
  for (const [i, spec] of files.entries()) {
    const file = path.join(root, spec.rel);
    const fh = await open(file, 'w');
    try {
      for (const piece of contentOf(spec, i, size.seed, pools)) await fh.write(piece);
    } finally {
      await fh.close();
    }
    await utimes(file, MTIME, MTIME);
    totalBytes += spec.size;
  }
  for (const d of [...dirs].reverse()) await utimes(path.join(root, d), MTIME, MTIME);
  const manifest: Manifest = {
    version: GENERATOR_VERSION,
    size,
    files,
    dirs: dirs.length,
    totalBytes,
    generatedInMs: Math.round(performance.now() - t0),
  };
  await writeFile(manifestPath, JSON.stringify(manifest));
  log(
    `generated ${files.length} files, ${(totalBytes / MiB).toFixed(0)} MiB in ${(manifest.generatedInMs / 1000).toFixed(1)} s`,
  );
  return { cache, root, manifest, generated: true };
}

export interface Change {
  file: string;
  offset: number;
  original: Buffer;
}

/**
 * Rewrites one region (up to 4 KiB) of `percent`% of the files, chosen deterministically. Sets the
 * dirty marker first; `undoChanges` puts the bytes (and mtimes) back and clears it.
 */
export function changeFiles(
  tree: BenchTree,
  percent: number,
  seed = 99,
): { changes: Change[]; bytes: number } {
  writeFileSyncSafe(path.join(tree.cache, 'dirty'));
  const r = prng(seed);
  const files = tree.manifest.files.filter((f) => f.size > 0);
  const count = Math.max(1, Math.round((files.length * percent) / 100));
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(r() * files.length));
  const changes: Change[] = [];
  let bytes = 0;
  for (const i of picked) {
    const spec = files[i] as FileSpec;
    const len = Math.min(4 * KiB, spec.size);
    const offset = Math.floor(r() * (spec.size - len + 1));
    const file = path.join(tree.root, spec.rel);
    const fd = openSync(file, 'r+');
    try {
      const original = Buffer.alloc(len);
      readSync(fd, original, 0, len, offset);
      const fresh = Buffer.from(original.map((b) => b ^ (1 + Math.floor(r() * 255))));
      writeSync(fd, fresh, 0, len, offset);
      changes.push({ file, offset, original });
      bytes += len;
    } finally {
      closeSync(fd);
    }
  }
  return { changes, bytes };
}

export async function undoChanges(tree: BenchTree, changes: Change[]): Promise<void> {
  for (const c of changes) {
    const fd = openSync(c.file, 'r+');
    try {
      writeSync(fd, c.original, 0, c.original.length, c.offset);
    } finally {
      closeSync(fd);
    }
    await utimes(c.file, MTIME, MTIME);
  }
  rmSync(path.join(tree.cache, 'dirty'), { force: true });
}

function writeFileSyncSafe(file: string) {
  closeSync(openSync(file, 'w'));
}
