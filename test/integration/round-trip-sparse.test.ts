// Sparse files round-trip by content, not by layout (FORMAT.md §9, "Sparse files"): the backup
// runs tar without --sparse, so tar reads a file's holes as zeros and the repository stores the
// full content — the long zero runs cost almost nothing, because the zero chunks are identical
// (one blob, deduplicated) and compress to under 1 KiB. Restoring writes every byte, so the file
// comes back with the same content, size, mode and mtime, its holes as written zeros.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SshSession } from '../../core/connect/ssh';
import { connectTo } from '../../core/restore/files/testing';
import { restoreToFolder } from '../../core/providers/native/restore-to-folder';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository, openRepository } from '../../core/repository/repository';
import { nodeName, type TreeNode } from '../../core/repository/tree';
import { requireService } from '../harness/services';

const sshd = requireService(inject('services'), 'sshd');
const passphrase = 'sparse round trip passphrase';
const KiB = 1024;
const MiB = 1024 * KiB;

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lifeboat-${prefix}-`));
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const piece of createReadStream(file)) h.update(piece as Buffer);
  return h.digest('hex');
}

/** Bytes of every file under `dir`: what the repository really occupies. */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

/** Writes `pieces` at their offsets into a new file of `size` bytes; everything else is a hole. */
function sparseFile(path: string, size: number, pieces: { at: number; data: Buffer }[]): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (const { at, data } of pieces) writeSync(fd, data, 0, data.length, at);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/** Holes really are holes here: fewer blocks allocated than the size needs. */
function isSparse(path: string): boolean {
  const st = statSync(path);
  return st.blocks * 512 < st.size;
}

describe.skipIf(sshd.skip)('round trip of sparse files', () => {
  let session: SshSession;

  beforeAll(async () => {
    session = await connectTo(sshd.get());
  });
  afterAll(() => session?.close());

  it('stores the full content for very few bytes and restores it identical, holes as zeros', async () => {
    const root = tempDir('sparse');
    const data = join(root, 'sparse');
    mkdirSync(data);
    // 64 MiB with 4 KiB of data at 0, at 20 MiB and at the very end; and one that is all hole.
    const size = 64 * MiB;
    const pieces = [0, 20 * MiB, size - 4 * KiB].map((at) => ({ at, data: randomBytes(4 * KiB) }));
    const holes = join(data, 'holes.img');
    sparseFile(holes, size, pieces);
    const empty = join(data, 'hole-only.img');
    sparseFile(empty, 8 * MiB + 1, []);
    chmodSync(holes, 0o640);
    utimesSync(holes, 1_700_000_000.123456, 1_700_000_000.123456);
    utimesSync(empty, 1_600_000_000.654321, 1_600_000_000.654321);
    const files = [holes, empty];
    // On a file system without holes (or one that fills them) the test still runs: the content
    // assertions below hold either way; only the premise "these are sparse" is then not shown.
    const sparseHere = files.every(isSparse);
    if (!sparseHere) console.warn(`[sparse test] ${tmpdir()} does not keep holes; content checked only`);

    const repoDir = tempDir('repo');
    const backend = createLocalBackend(repoDir);
    const repo = await initRepository(backend, passphrase);
    const repoBefore = bytesUnder(repoDir);
    const r = await backupServerPath({ session, server: 'web-1', path: data, sudo: false, repo });
    expect(r.notes).toEqual([]);
    const logical = size + 8 * MiB + 1;
    expect(r.stats.files).toBe(2);
    expect(r.stats.bytes).toBe(logical);
    // Dedup: the zero runs are one repeated chunk, so the new plaintext is a few chunks (measured:
    // 4 × 4 MiB + 1 byte of 72 MiB). Compression: the sealed bytes added are the 12 KiB of random
    // data, one zero chunk (< 1 KiB), trees and index (measured: ~17 KiB); the folder on disk
    // agrees with the stats.
    expect(r.stats.newBytes).toBeLessThan(logical / 4);
    expect(r.stats.bytesNew).toBeLessThan(64 * KiB);
    const stored = bytesUnder(repoDir) - repoBefore;
    expect(stored).toBeGreaterThanOrEqual(r.stats.bytesNew);
    expect(stored).toBeLessThan(128 * KiB);

    // The tree: a plain file node with the full size, its zero chunks one repeated blob.
    const reader = await openRepository(backend, passphrase);
    const top = await reader.loadTree((await reader.loadSnapshot(r.snapshotId)).tree);
    const dir = top.nodes.find((n) => nodeName(n).toString() === 'sparse') as TreeNode;
    const nodes = (await reader.loadTree(dir.subtree!)).nodes;
    const node = (name: string) => nodes.find((n) => nodeName(n).toString() === name) as TreeNode;
    expect(node('holes.img')).toMatchObject({ type: 'file', size, mode: 0o640 });
    expect(node('hole-only.img')).toMatchObject({ type: 'file', size: 8 * MiB + 1, mode: 0o600 });
    const ids = node('holes.img').content ?? [];
    expect(new Set(ids).size).toBeLessThan(ids.length);
    // The all-hole file is the same zero chunks as the big one's gaps (its last one shorter).
    const zeroIds = new Set(node('hole-only.img').content);
    expect([...zeroIds].some((id) => ids.includes(id))).toBe(true);

    const target = join(tempDir('restored'), 'out');
    const restored = await restoreToFolder(reader, r.snapshotId, target);
    expect(restored.stats).toMatchObject({ files: 2, bytes: logical, skipped: 0 });
    for (const original of files) {
      const back = join(target, 'sparse', original.slice(data.length + 1));
      const a = lstatSync(original, { bigint: true });
      const b = lstatSync(back, { bigint: true });
      expect(b.isFile()).toBe(true);
      expect(b.size).toBe(a.size);
      expect(b.mode & 0o7777n).toBe(a.mode & 0o7777n);
      expect(b.mtimeNs).toBe((a.mtimeNs / 1000n) * 1000n);
      expect(await sha256(back)).toBe(await sha256(original));
    }
    // Equal hashes prove something only if the file is not all zeros: the data is where written.
    const fd = openSync(join(target, 'sparse', 'holes.img'), 'r');
    try {
      for (const { at, data: piece } of pieces) {
        const buf = Buffer.alloc(piece.length);
        expect(readSync(fd, buf, 0, buf.length, at)).toBe(piece.length);
        expect(buf.equals(piece)).toBe(true);
      }
    } finally {
      closeSync(fd);
    }
  }, 120_000);
});
