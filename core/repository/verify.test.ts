import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../api/errors';
import type { Progress } from '../jobs/progress';
import { packKey, sha256Hex } from './ids';
import { openRepository, type Repository, type TreeNode } from './repository';
import { keysUnder, newRepository, passphrase, pseudoRandom, textLike } from './testing';
import { verifySnapshot, type VerifyReport } from './verify';

const KiB = 1024;
const stats = { files: 7, dirs: 3, bytes: 0, blobsNew: 0, bytesNew: 0, durationMs: 1 };
const meta = { mode: 0o644, uid: 0, gid: 0, mtime: '2024-05-01T12:00:00Z' } as const;

function file(name: string, content: string[], size: number): TreeNode {
  return { name, type: 'file', ...meta, size, content };
}
function dir(name: string, subtree: string): TreeNode {
  return { name, type: 'dir', ...meta, mode: 0o755, size: 0, subtree };
}

/**
 * One blob per pack (packSize 1), so a pack can be damaged or deleted for exactly one blob:
 *   etc/app.conf        1 blob
 *   etc/shared.txt      the shared blob
 *   etc-copy/           the same tree as etc/ (a duplicated directory)
 *   data/big.bin        3 blobs
 *   data/copy.txt       the shared blob again
 *   readme.txt          1 blob
 *   current -> readme.txt
 */
async function fixture() {
  const { backend, repo } = await newRepository({ packSize: 1 });
  const save = async (b: Buffer) => (await repo.saveBlob('data', b)).id;
  const app = await save(textLike(3 * KiB));
  const shared = await save(pseudoRandom(4 * KiB, 7));
  const big = [
    await save(pseudoRandom(20 * KiB, 1)),
    await save(pseudoRandom(20 * KiB, 2)),
    await save(pseudoRandom(20 * KiB, 3)),
  ];
  const readme = await save(Buffer.from('read me\n'));
  const etc = await repo.saveTree({
    nodes: [file('app.conf', [app], 3 * KiB), file('shared.txt', [shared], 4 * KiB)],
  });
  const data = await repo.saveTree({
    nodes: [file('big.bin', big, 60 * KiB), file('copy.txt', [shared], 4 * KiB)],
  });
  const root = await repo.saveTree({
    nodes: [
      { name: 'current', type: 'symlink', ...meta, size: 0, linkTarget: 'readme.txt' },
      dir('data', data),
      dir('etc', etc),
      dir('etc-copy', etc),
      file('readme.txt', [readme], 8),
    ],
  });
  const snapshot = await repo.saveSnapshot({
    scope: 'server web-1:/srv',
    paths: ['/srv'],
    tree: root,
    stats,
  });
  const reader = await openRepository(backend, passphrase);
  return { backend, repo: reader, snapshot, ids: { app, shared, big, readme, etc, data, root } };
}

const packOf = (repo: Repository, type: 'data' | 'tree', id: string) => repo.locate(type, id)!.packId;
const paths = (r: VerifyReport) => r.damage.map((d) => d.path);

function recorder() {
  const calls = {
    totals: [] as { items?: number; bytes?: number }[],
    items: 0,
    bytes: 0,
    phases: [] as string[],
  };
  const progress: Progress = {
    phase: (t) => calls.phases.push(t),
    total: (t) => calls.totals.push(t),
    add: (d) => {
      calls.items += d.items ?? 0;
      calls.bytes += d.bytes ?? 0;
    },
  };
  return { calls, progress };
}

describe('verifySnapshot', () => {
  it('structure: trees load, blobs are indexed, packs exist — and no data is read', async () => {
    const { repo, snapshot } = await fixture();
    const before = repo.stats.bytesRead;
    const { calls, progress } = recorder();
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure', progress });
    expect(r).toMatchObject({
      snapshotId: snapshot,
      mode: 'structure',
      ok: true,
      damage: [],
      checked: {
        trees: 3,
        dataBlobs: 6,
        dataBlobsRead: 0,
        bytesRead: 0,
        packs: 9,
        packHeaders: 0,
        dataBlobsSkipped: 0,
      },
    });
    expect(r.samplePercent).toBeUndefined();
    expect(Date.parse(r.finishedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    // Only the snapshot and the three tree blobs were read.
    const treeBytes = repo.stats.bytesRead - before;
    expect(treeBytes).toBeLessThan(3 * KiB);
    expect(calls.totals.at(-1)).toEqual({ items: 6, bytes: 0 });
    expect(calls).toMatchObject({ items: 6, bytes: 0 });
  });

  it('read-data: reads and hashes every data blob once, even when shared', async () => {
    const { repo, snapshot, ids } = await fixture();
    const { calls, progress } = recorder();
    const r = await verifySnapshot(repo, snapshot, { mode: 'read-data', progress });
    const all = [ids.app, ids.shared, ...ids.big, ids.readme];
    const sealed = all.reduce((n, id) => n + repo.locate('data', id)!.length, 0);
    expect(r).toMatchObject({
      mode: 'read-data',
      ok: true,
      checked: { trees: 3, dataBlobs: 6, dataBlobsRead: 6, bytesRead: sealed, packs: 9 },
    });
    expect(r.checked.bytesRead).toBeGreaterThan(60 * KiB);
    expect(calls.totals.at(-1)).toEqual({ items: 6, bytes: sealed });
    expect(calls).toMatchObject({ items: 6, bytes: sealed });
  });

  it('a flipped byte in a data pack: read-data names the file, blob and pack; structure does not read it', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const blob = ids.big[1]!;
    const pack = packOf(repo, 'data', blob);
    backend.corrupt(packKey(pack), repo.locate('data', blob)!.offset + 50);

    const r = await verifySnapshot(repo, snapshot, { mode: 'read-data' });
    expect(r.ok).toBe(false);
    expect(r.damage).toEqual([
      {
        path: 'data/big.bin',
        blob,
        pack,
        code: 'repo.damaged_blob',
        message: expect.stringContaining(pack.slice(0, 12)),
      },
    ]);
    expect(r.checked).toMatchObject({ dataBlobs: 6, dataBlobsRead: 5 });

    expect(await verifySnapshot(repo, snapshot, { mode: 'structure' })).toMatchObject({
      ok: true,
      damage: [],
    });
  });

  it("read-data checks the packs' own headers: a changed header or bytes appended is damage to the files in them", async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const appPack = packOf(repo, 'data', ids.app);
    const readmePack = packOf(repo, 'data', ids.readme);
    const dataTreePack = packOf(repo, 'tree', ids.data);
    const sizeOf = (pack: string) => backend.objects.get(packKey(pack))!.length;
    backend.corrupt(packKey(appPack), sizeOf(appPack) - 10); // inside the sealed header
    backend.corrupt(packKey(dataTreePack), sizeOf(dataTreePack) - 10);
    const readme = backend.objects.get(packKey(readmePack))!;
    backend.objects.set(packKey(readmePack), Buffer.concat([readme, Buffer.from('appended')]));

    const seen = new Set<string>();
    const r = await verifySnapshot(repo, snapshot, { mode: 'read-data', seen });
    expect(r.ok).toBe(false);
    expect(r.damage.map((d) => [d.path, d.code, d.pack])).toEqual([
      ['data', 'repo.damaged_pack', dataTreePack],
      ['etc-copy/app.conf', 'repo.damaged_pack', appPack],
      ['etc/app.conf', 'repo.damaged_pack', appPack],
      ['readme.txt', 'repo.damaged_pack', readmePack],
    ]);
    // The blobs themselves still decode; they are reported, not read, and not taken as checked.
    expect(seen.has(ids.app) || seen.has(ids.readme)).toBe(false);
    expect(r.checked).toMatchObject({ dataBlobsRead: 4, packHeaders: 9 });
    // The structure check reads no header: it cannot see this.
    expect((await verifySnapshot(repo, snapshot, { mode: 'structure' })).ok).toBe(true);
  });

  it('a damaged shared blob is reported at every path that uses it, duplicated directories included', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const pack = packOf(repo, 'data', ids.shared);
    backend.corrupt(packKey(pack), 20);
    const r = await verifySnapshot(repo, snapshot, { mode: 'read-data' });
    expect(paths(r)).toEqual(['data/copy.txt', 'etc-copy/shared.txt', 'etc/shared.txt']);
    for (const d of r.damage) expect(d).toMatchObject({ blob: ids.shared, pack, code: 'repo.damaged_blob' });
  });

  it('a deleted pack: structure names the affected files and the pack', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const pack = packOf(repo, 'data', ids.shared);
    backend.objects.delete(packKey(pack));
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.ok).toBe(false);
    expect(paths(r)).toEqual(['data/copy.txt', 'etc-copy/shared.txt', 'etc/shared.txt']);
    for (const d of r.damage) {
      expect(d).toMatchObject({ blob: ids.shared, pack, code: 'repo.missing_blob' });
      expect(d.message).toContain(pack);
    }
    expect(r.checked).toMatchObject({ dataBlobs: 6, packs: 8, bytesRead: 0 });
  });

  it('a truncated pack is found by structure (the index says more bytes than the pack has)', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const key = packKey(packOf(repo, 'data', ids.readme));
    backend.objects.set(key, backend.objects.get(key)!.subarray(0, 10));
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.damage).toEqual([
      expect.objectContaining({ path: 'readme.txt', blob: ids.readme, code: 'repo.damaged_blob' }),
    ]);
  });

  it('a damaged tree blob: damage at that directory, the rest is still checked', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    const pack = packOf(repo, 'tree', ids.data);
    backend.corrupt(packKey(pack), 15);
    const r = await verifySnapshot(repo, snapshot, { mode: 'read-data' });
    expect(r.damage).toEqual([
      expect.objectContaining({ path: 'data', blob: ids.data, pack, code: 'repo.damaged_blob' }),
    ]);
    // etc/ (and its copy) and readme.txt were still checked: 3 blobs.
    expect(r.checked).toMatchObject({ trees: 2, dataBlobs: 3, dataBlobsRead: 3 });
  });

  it('an invalid tree (repo.damaged_tree) and a missing subtree are damage at their directories', async () => {
    const { backend, repo } = await newRepository({ packSize: 1 });
    const bad = await repo.saveBlob(
      'tree',
      Buffer.from(JSON.stringify({ nodes: [{ name: '..', type: 'fifo', ...meta, size: 0 }] })),
    );
    const gone = await repo.saveTree({ nodes: [file('x', [], 0)] });
    const root = await repo.saveTree({ nodes: [dir('bad', bad.id), dir('gone', gone)] });
    const snapshot = await repo.saveSnapshot({ scope: 's', paths: [], tree: root, stats });
    const gonePack = packOf(repo, 'tree', gone);
    backend.objects.delete(packKey(gonePack));
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.damage).toEqual([
      expect.objectContaining({ path: 'bad', blob: bad.id, code: 'repo.damaged_tree' }),
      expect.objectContaining({ path: 'gone', blob: gone, pack: gonePack, code: 'repo.missing_blob' }),
    ]);
    expect(r.checked.trees).toBe(1);
  });

  it("a file whose size is not its blobs' total length is damage at that file (every copy), in every mode", async () => {
    const { repo } = await newRepository({ packSize: 1 });
    const five = (await repo.saveBlob('data', Buffer.from('hello'))).id;
    const sub = await repo.saveTree({ nodes: [file('liar.txt', [five], 999), file('ok.txt', [five], 5)] });
    const root = await repo.saveTree({
      nodes: [dir('a', sub), dir('b', sub), file('empty', [], 0), file('short', [five, five], 9)],
    });
    const snapshot = await repo.saveSnapshot({ scope: 's', paths: [], tree: root, stats });
    for (const mode of ['structure', 'read-data'] as const) {
      const r = await verifySnapshot(repo, snapshot, { mode });
      expect(r.ok, mode).toBe(false);
      expect(r.damage, mode).toEqual([
        expect.objectContaining({ path: 'a/liar.txt', blob: sub, code: 'repo.damaged_tree' }),
        expect.objectContaining({ path: 'b/liar.txt', blob: sub, code: 'repo.damaged_tree' }),
        expect.objectContaining({ path: 'short', blob: root, pack: packOf(repo, 'tree', root) }),
      ]);
      expect(r.damage[0]!.message).toMatch(
        /size is 999 bytes, but the index gives its content \(1 blob\) 5 bytes/,
      );
      expect(r.damage[2]!.message).toMatch(/size is 9 bytes, but .* \(2 blobs\) 10 bytes/);
      // The blob itself is whole: read-data read it without damage.
      if (mode === 'read-data') expect(r.checked.dataBlobsRead).toBe(1);
    }
  });

  it('a damaged index file: missing blobs, and the damaged index file named at path ""', async () => {
    const { backend, snapshot, ids } = await fixture();
    const [index] = keysUnder(backend, 'index/');
    backend.corrupt(index!, 30);
    const repo = await openRepository(backend, passphrase);
    expect(repo.problems).toHaveLength(1);
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.damage).toEqual([
      expect.objectContaining({ path: '', code: 'repo.damaged_index' }),
      expect.objectContaining({ path: '', blob: ids.root, code: 'repo.missing_blob' }),
    ]);
    expect(r.damage[0]!.message).toContain(index!);
    expect(r.damage[1]!.message).toContain(index!);
  });

  it('sample: reads the given share of the blobs, chosen by the random source, at least one', async () => {
    const { repo, snapshot } = await fixture();
    const half = await verifySnapshot(repo, snapshot, { mode: { sample: 50 }, random: () => 0.5 });
    expect(half).toMatchObject({
      mode: 'sample',
      samplePercent: 50,
      ok: true,
      checked: { dataBlobs: 6, dataBlobsRead: 3 },
    });
    expect(half.checked.bytesRead).toBeGreaterThan(0);
    const one = await verifySnapshot(repo, snapshot, { mode: { sample: 1 }, random: () => 0 });
    expect(one.checked.dataBlobsRead).toBe(1);
    await expect(verifySnapshot(repo, snapshot, { mode: { sample: 0 } })).rejects.toMatchObject({
      code: 'repo.invalid_verify',
    });
    // Default random source: still the right count.
    expect((await verifySnapshot(repo, snapshot, { mode: { sample: 50 } })).checked.dataBlobsRead).toBe(3);
  });

  it('sample finds a damaged blob when it is chosen, and only then', async () => {
    const { backend, repo, snapshot, ids } = await fixture();
    backend.corrupt(packKey(packOf(repo, 'data', ids.app)), 20);
    // The walk meets etc/ or data/ first depending on concurrency; try every single-blob sample.
    const found = [];
    for (let i = 0; i < 6; i++) {
      const r = await verifySnapshot(repo, snapshot, { mode: { sample: 10 }, random: () => (i + 0.5) / 6 });
      expect(r.checked.dataBlobsRead + new Set(r.damage.map((d) => d.blob)).size).toBe(1);
      if (!r.ok) found.push(...paths(r));
    }
    expect(found).toEqual(['etc-copy/app.conf', 'etc/app.conf']);
  });

  it('cancel mid-way rejects with the signal reason', async () => {
    const { backend, repo, snapshot } = await fixture();
    const controller = new AbortController();
    const reason = new LifeboatError('jobs.cancelled', 'Cancelled by the user.');
    let reads = 0;
    const progress: Progress = {
      phase() {},
      total() {},
      add(d) {
        if (d.bytes && ++reads === 2) controller.abort(reason);
      },
    };
    const err = await verifySnapshot(repo, snapshot, {
      mode: 'read-data',
      signal: controller.signal,
      progress,
      concurrency: 1,
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(reads).toBe(2);

    // Cancelled during the tree walk (after the snapshot and the root tree were read), too.
    const c2 = new AbortController();
    const get = backend.get.bind(backend);
    let gets = 0;
    backend.get = (key, range, opts) => {
      if (++gets === 2) c2.abort(reason);
      return get(key, range, opts);
    };
    await expect(verifySnapshot(repo, snapshot, { mode: 'structure', signal: c2.signal })).rejects.toBe(
      reason,
    );
    expect(gets).toBe(2);
  });

  it('seen: blobs checked for one snapshot are skipped for the next; damaged ones are reported by both', async () => {
    const { backend, repo: writer, snapshot, ids } = await fixture();
    // A second snapshot: readme.txt and a new file.
    const fresh = (await writer.saveBlob('data', Buffer.from('new\n'))).id;
    const root2 = await writer.saveTree({
      nodes: [file('new.txt', [fresh], 4), file('readme.txt', [ids.readme], 8), dir('data', ids.data)],
    });
    const snapshot2 = await writer.saveSnapshot({ scope: 's', paths: [], tree: root2, stats });
    const repo = await openRepository(backend, passphrase);
    backend.corrupt(packKey(packOf(repo, 'data', ids.big[0]!)), 20);

    const seen = new Set<string>();
    const r1 = await verifySnapshot(repo, snapshot, { mode: 'read-data', seen });
    expect(r1.checked).toMatchObject({ dataBlobs: 6, dataBlobsRead: 5, dataBlobsSkipped: 0 });
    expect(seen.size).toBe(5);
    expect(seen.has(ids.big[0]!)).toBe(false);

    const r2 = await verifySnapshot(repo, snapshot2, { mode: 'read-data', seen });
    // readme, shared, big[1], big[2] seen; big[0] (damaged) re-checked; new.txt read.
    expect(r2.checked).toMatchObject({ dataBlobs: 2, dataBlobsRead: 1, dataBlobsSkipped: 4 });
    expect(r2.damage).toEqual([expect.objectContaining({ path: 'data/big.bin', blob: ids.big[0] })]);
    expect(seen.size).toBe(6);
  });

  it('names that are not UTF-8 are reported as base64 paths', async () => {
    const { backend, repo } = await newRepository({ packSize: 1 });
    const blob = (await repo.saveBlob('data', Buffer.from('x'))).id;
    const name = Buffer.from([0x66, 0xff]);
    const sub = await repo.saveTree({
      nodes: [{ nameBase64: name.toString('base64'), type: 'file', ...meta, size: 1, content: [blob] }],
    });
    const root = await repo.saveTree({ nodes: [dir('d', sub)] });
    const snapshot = await repo.saveSnapshot({ scope: 's', paths: [], tree: root, stats });
    backend.objects.delete(packKey(packOf(repo, 'data', blob)));
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.damage).toEqual([
      expect.objectContaining({
        path: Buffer.concat([Buffer.from('d/'), name]).toString('base64'),
        pathEncoding: 'base64',
        code: 'repo.missing_blob',
      }),
    ]);
  });

  it('caps the paths listed per blob and says how many more', async () => {
    const { backend, repo } = await newRepository({ packSize: 1 });
    const blob = (await repo.saveBlob('data', Buffer.from('same'))).id;
    const nodes = Array.from({ length: 25 }, (_, i) => file(`f${String(i).padStart(2, '0')}`, [blob], 4));
    const root = await repo.saveTree({ nodes });
    const snapshot = await repo.saveSnapshot({ scope: 's', paths: [], tree: root, stats });
    backend.objects.delete(packKey(packOf(repo, 'data', blob)));
    const r = await verifySnapshot(repo, snapshot, { mode: 'structure' });
    expect(r.damage).toHaveLength(20);
    expect(r.damage[0]!.message).toContain('+5 more');
  });

  it('a snapshot that cannot be loaded throws (not found, damaged)', async () => {
    const { backend, repo, snapshot } = await fixture();
    await expect(
      verifySnapshot(repo, sha256Hex(Buffer.from('nope')), { mode: 'structure' }),
    ).rejects.toMatchObject({
      code: 'repo.snapshot_not_found',
    });
    backend.corrupt(`snapshots/${snapshot}`, 40);
    await expect(verifySnapshot(repo, snapshot, { mode: 'structure' })).rejects.toMatchObject({
      code: 'repo.damaged_snapshot',
    });
  });
});
