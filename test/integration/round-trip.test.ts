// The repository format round-trips: a server path backed up over the real sshd (tar → chunks →
// packs) into a local-folder repository and into an S3 repository on s3rver, then restored with
// the minimal local restore, comes back identical — every raw path, type, byte, mode (setuid
// included), owner, symlink target, hardlink, fifo and empty folder; mtimes to the microsecond
// (the snapshot keeps nanoseconds; Node's utimes keeps microseconds).
// Also: a cancelled backup and a backup whose SSH connection dies leave no snapshot, and the
// repository takes a later backup as if nothing happened (orphan packs are harmless).
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  chownSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LifeboatError } from '../../core/api/errors';
import type { SshSession } from '../../core/connect/ssh';
import { connectTo } from '../../core/restore/files/testing';
import type { Progress } from '../../core/jobs/progress';
import { restoreToFolder } from '../../core/providers/native/restore-to-folder';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { makeTree } from '../../core/providers/native/testing';
import {
  createLocalBackend,
  createS3Backend,
  type Backend,
  type S3Backend,
} from '../../core/repository/backend';
import { initRepository, openRepository, type Repository } from '../../core/repository/repository';
import { nodeName, type TreeNode } from '../../core/repository/tree';
import { requireService } from '../harness/services';

const sshd = requireService(inject('services'), 'sshd');
const s3 = requireService(inject('services'), 's3');
const passphrase = 'round trip passphrase';

const connect = () => connectTo(sshd.get());

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lifeboat-${prefix}-`));
}

/** Raw relative paths under `base` (find -print0), as latin1 strings so any byte survives. */
function pathsUnder(base: string, top: string): string[] {
  return execFileSync('find', [top, '-print0'], { cwd: base })
    .toString('latin1')
    .split('\0')
    .filter(Boolean)
    .sort();
}

function abs(base: string, rel: string): Buffer {
  return Buffer.concat([Buffer.from(base + '/'), Buffer.from(rel, 'latin1')]);
}

/** Every node of a snapshot by its path (latin1 of the raw bytes). */
async function walk(
  repo: Repository,
  treeId: string,
  prefix: Buffer = Buffer.alloc(0),
  out = new Map<string, TreeNode>(),
) {
  for (const n of (await repo.loadTree(treeId)).nodes) {
    const path: Buffer = prefix.length ? Buffer.concat([prefix, Buffer.from('/'), nodeName(n)]) : nodeName(n);
    out.set(path.toString('latin1'), n);
    if (n.subtree) await walk(repo, n.subtree, path, out);
  }
  return out;
}

/** RFC 3339 with 0–9 fraction digits → nanoseconds since the epoch. */
function nanos(mtime: string): bigint {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(mtime)!;
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

const typeBits = 0o170000n;

/** The restored tree equals the original, path by path; the snapshot stored mtimes to the ns. */
function expectSameTree(original: string, restored: string, top: string, nodes: Map<string, TreeNode>): void {
  const paths = pathsUnder(original, top);
  expect(pathsUnder(restored, top)).toEqual(paths);
  expect([...nodes.keys()].sort()).toEqual(paths);
  const stats = new Map<string, [BigIntStats, BigIntStats]>();
  for (const rel of paths) {
    const a = lstatSync(abs(original, rel), { bigint: true });
    const b = lstatSync(abs(restored, rel), { bigint: true });
    stats.set(rel, [a, b]);
    const what = JSON.stringify(rel);
    expect(b.mode & typeBits, `type of ${what}`).toBe(a.mode & typeBits);
    expect(b.mode & 0o7777n, `mode of ${what}`).toBe(a.mode & 0o7777n);
    expect([b.uid, b.gid], `owner of ${what}`).toEqual([a.uid, a.gid]);
    expect(nanos(nodes.get(rel)!.mtime), `stored mtime of ${what}`).toBe(a.mtimeNs);
    expect(b.mtimeNs, `mtime of ${what}`).toBe((a.mtimeNs / 1000n) * 1000n);
    if (a.isFile()) {
      expect(b.size).toBe(a.size);
      expect(readFileSync(abs(restored, rel)).equals(readFileSync(abs(original, rel))), what).toBe(true);
    }
    if (a.isSymbolicLink()) {
      const target = (base: string) => readlinkSync(abs(base, rel), { encoding: 'buffer' });
      expect(target(restored).equals(target(original)), what).toBe(true);
    }
  }
  // Hardlinks: two paths share an inode in the restored tree exactly when they do in the original.
  const others = paths.filter((p) => !stats.get(p)![0].isDirectory());
  for (const p of others)
    for (const q of others) {
      const [pa, pb] = stats.get(p)!;
      const [qa, qb] = stats.get(q)!;
      expect(pb.ino === qb.ino, `${p} ~ ${q}`).toBe(pa.ino === qa.ino);
    }
}

async function snapshotIds(repo: Repository): Promise<string[]> {
  const ids: string[] = [];
  for await (const s of repo.listSnapshots()) ids.push(s.id);
  return ids.sort();
}

/** 40 MiB of incompressible data: about a second of backup. */
function bigTree(): string {
  const dir = tempDir('big');
  const data = join(dir, 'big');
  mkdirSync(data);
  for (let i = 0; i < 4; i++) writeFileSync(join(data, `part-${i}.bin`), randomBytes(10 * 1024 * 1024));
  return data;
}

function progressThat(onBytes: () => void): Progress {
  return {
    phase() {},
    total() {},
    add(d) {
      if (d.bytes) onBytes();
    },
  };
}

describe.skipIf(sshd.skip)('round trip: backup over SSH, restore to a folder', () => {
  let session: SshSession;
  let tree: { root: string; big: Buffer };
  const s3Backends: S3Backend[] = [];

  beforeAll(async () => {
    session = await connect();
    tree = makeTree();
    // Owners other than root's, so a restore that ignored them would show.
    const d = join(tree.root, 'data');
    chownSync(join(d, 'with space.txt'), 1234, 5678);
    chownSync(join(d, 'empty dir'), 2345, 6789);
    lchownSync(join(d, 'link'), 3456, 7890);
  });
  afterAll(() => {
    session?.close();
    for (const b of s3Backends) b.destroy();
  });

  async function roundTrip(backend: Backend): Promise<void> {
    const repo = await initRepository(backend, passphrase);
    const path = join(tree.root, 'data');
    const r = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo });
    // Restore from a fresh handle: only what the repository holds counts.
    const reader = await openRepository(backend, passphrase);
    const nodes = await walk(reader, (await reader.loadSnapshot(r.snapshotId)).tree);
    const target = join(tempDir('restored'), 'out');
    const restored = await restoreToFolder(reader, r.snapshotId, target);
    expect(restored.notes).toEqual([]);
    expect(restored.ownersRestored).toBe(true);
    expect(restored.stats).toMatchObject({ fifos: 1, hardlinks: 1, symlinks: 2, bytes: r.stats.bytes });
    expectSameTree(tree.root, target, 'data', nodes);
    const ino = (name: string) => lstatSync(join(target, 'data', name)).ino;
    expect(ino('hardlink.txt')).toBe(ino('original.txt'));
    expect(lstatSync(join(target, 'data', 'pipe')).isFIFO()).toBe(true);
    expect(lstatSync(join(target, 'data', 'setuid')).mode & 0o7777).toBe(0o4755);
    expect(readFileSync(join(target, 'data', 'big.bin')).equals(tree.big)).toBe(true);
  }

  it('through a local-folder repository', async () => {
    await roundTrip(createLocalBackend(tempDir('repo')));
  }, 60_000);

  it.skipIf(s3.skip)(
    'through an S3 repository on s3rver',
    async () => {
      const info = s3.get();
      const backend = createS3Backend({
        endpoint: info.endpoint,
        region: info.region,
        bucket: 'lifeboat-test',
        prefix: `round-trip/${randomUUID()}`,
        pathStyle: true,
        credentials: { kind: 'keys', accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      });
      s3Backends.push(backend);
      await roundTrip(backend);
    },
    60_000,
  );

  it('a cancelled backup rejects with the reason, leaves no snapshot, and the next one works', async () => {
    const backend = createLocalBackend(tempDir('repo'));
    const repo = await initRepository(backend, passphrase);
    const path = bigTree();
    const before = await snapshotIds(repo);
    const ac = new AbortController();
    const reason = new LifeboatError('jobs.cancelled', 'The backup was cancelled.');
    let bytesSeen = false;
    const started = backupServerPath(
      { session, server: 'web-1', path, sudo: false, repo },
      {
        signal: ac.signal,
        progress: progressThat(() => {
          bytesSeen = true;
          ac.abort(reason);
        }),
      },
    );
    await expect(started).rejects.toBe(reason);
    expect(bytesSeen).toBe(true);
    expect(await snapshotIds(repo)).toEqual(before);
    // The same session and repository (a new handle, as a new job would open) take the next backup.
    const again = await openRepository(backend, passphrase);
    expect(await snapshotIds(again)).toEqual(before);
    const r = await backupServerPath({ session, server: 'web-1', path, sudo: false, repo: again });
    expect(await snapshotIds(again)).toEqual([...before, r.snapshotId].sort());
    const target = tempDir('restored');
    await restoreToFolder(again, r.snapshotId, target);
    expectSameTree(
      join(path, '..'),
      target,
      'big',
      await walk(again, (await again.loadSnapshot(r.snapshotId)).tree),
    );
  }, 120_000);

  it('a connection killed mid-backup gives a clear error and no snapshot', async () => {
    const backend = createLocalBackend(tempDir('repo'));
    const repo = await initRepository(backend, passphrase);
    const path = bigTree();
    const doomed = await connect();
    let closed = false;
    const started = backupServerPath(
      { session: doomed, server: 'web-1', path, sudo: false, repo },
      {
        progress: progressThat(() => {
          if (closed) return;
          closed = true;
          doomed.close();
        }),
      },
    );
    const err = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(closed).toBe(true);
    expect(err).toBeInstanceOf(LifeboatError);
    expect(err).toMatchObject({ code: 'backup.connection_lost' });
    expect((err as Error).message).toContain('The connection to web-1 dropped');
    expect(await snapshotIds(repo)).toEqual([]);
  }, 120_000);
});
