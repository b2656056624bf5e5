import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../api/errors';
import { sha256Hex } from './ids';
import { openRepository, type SnapshotInput } from './repository';
import { maxSealedDocumentBytes } from './sealed-json';
import { keysUnder, newRepository, passphrase, pseudoRandom } from './testing';

const stats = { files: 1, dirs: 1, bytes: 1000, blobsNew: 1, bytesNew: 1029, durationMs: 12 };

async function backupOne(repo: Awaited<ReturnType<typeof newRepository>>['repo'], seed = 1) {
  const content = pseudoRandom(1000, seed);
  const data = await repo.saveBlob('data', content);
  const tree = await repo.saveTree({
    nodes: [
      {
        name: 'a.txt',
        type: 'file',
        mode: 0o600,
        uid: 1000,
        gid: 1000,
        mtime: '2024-05-01T00:00:00Z',
        size: 1000,
        content: [data.id],
      },
    ],
  });
  return { content, data, tree };
}

describe('snapshots', () => {
  it('round-trip: save, list, load, and walk back to the bytes', async () => {
    const { backend, repo } = await newRepository();
    const { tree, content } = await backupOne(repo);
    const input: SnapshotInput = {
      scope: 'server web-1:/etc/app',
      host: 'web-1',
      paths: ['/etc/app'],
      tree,
      stats,
      tags: ['nightly'],
    };
    const id = await repo.saveSnapshot(input);
    expect(sha256Hex(backend.objects.get(`snapshots/${id}`)!)).toBe(id);

    const reopened = await openRepository(backend, passphrase);
    const listed = [];
    for await (const s of reopened.listSnapshots()) listed.push(s);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, snapshot: { ...input, version: 1, complete: true } });
    const snap = await reopened.loadSnapshot(id);
    const root = await reopened.loadTree(snap.tree);
    const blob = await reopened.loadBlob('data', root.nodes[0]!.content![0]!);
    expect(blob.equals(content)).toBe(true);
  });

  it('is written last: packs and index first; cancelling before leaves only orphan packs', async () => {
    const { backend, repo } = await newRepository({ packSize: 1 });
    const order: string[] = [];
    const put = backend.put.bind(backend);
    backend.put = async (key, data, opts) => {
      await put(key, data, opts);
      order.push(key.split('/')[0]!);
    };
    const { tree } = await backupOne(repo);
    await repo.saveSnapshot({ scope: 's', paths: [], tree, stats });
    expect(order.at(-1)).toBe('snapshots');
    expect(order.indexOf('index')).toBeGreaterThan(order.lastIndexOf('packs'));

    // A second backup that is cancelled before its snapshot.
    const controller = new AbortController();
    const { tree: tree2 } = await backupOne(repo, 2);
    controller.abort(new LifeboatError('jobs.cancelled', 'Cancelled by the user.'));
    await expect(
      repo.saveSnapshot({ scope: 's', paths: [], tree: tree2, stats }, { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'jobs.cancelled',
    });
    expect(keysUnder(backend, 'snapshots/')).toHaveLength(1);
    const reopened = await openRepository(backend, passphrase);
    expect(reopened.problems).toEqual([]);
    const listed = [];
    for await (const s of reopened.listSnapshots()) listed.push(s.id);
    expect(listed).toHaveLength(1);
  });

  it('refuses a snapshot whose root tree was never saved, and invalid input', async () => {
    const { repo } = await newRepository();
    await expect(
      repo.saveSnapshot({ scope: 's', paths: [], tree: 'a'.repeat(64), stats }),
    ).rejects.toMatchObject({
      code: 'repo.missing_blob',
    });
    await expect(
      repo.saveSnapshot({ scope: '', paths: [], tree: 'a'.repeat(64), stats }),
    ).rejects.toMatchObject({
      code: 'repo.invalid_snapshot',
    });
  });

  it('a snapshot whose data is gone loads, but reading its data is repo.missing_blob', async () => {
    const { backend, repo } = await newRepository();
    const { tree, data } = await backupOne(repo);
    const id = await repo.saveSnapshot({ scope: 's', paths: ['/'], tree, stats });
    const loc = repo.locate('data', data.id)!;
    backend.objects.delete(`packs/${loc.packId.slice(0, 2)}/${loc.packId}`);
    const reopened = await openRepository(backend, passphrase);
    const snap = await reopened.loadSnapshot(id);
    const root = await reopened.loadTree(snap.tree);
    await expect(reopened.loadBlob('data', root.nodes[0]!.content![0]!)).rejects.toMatchObject({
      code: 'repo.missing_blob',
      details: { blob: data.id },
    });
  });

  it('a damaged snapshot is listed with its error, not dropped', async () => {
    const { backend, repo } = await newRepository();
    const { tree } = await backupOne(repo);
    const good = await repo.saveSnapshot({ scope: 'good', paths: [], tree, stats });
    const bad = await repo.saveSnapshot({
      scope: 'bad',
      paths: [],
      tree,
      stats: { ...stats, durationMs: 13 },
    });
    backend.corrupt(`snapshots/${bad}`, 30);
    const listed = [];
    for await (const s of repo.listSnapshots()) listed.push(s);
    expect(listed.find((s) => s.id === good)?.snapshot?.scope).toBe('good');
    const damaged = listed.find((s) => s.id === bad);
    expect(damaged?.error).toMatchObject({ code: 'repo.damaged_snapshot' });
    await expect(repo.loadSnapshot('e'.repeat(64))).rejects.toMatchObject({
      code: 'repo.snapshot_not_found',
    });
  });

  it('a snapshot file larger than the format allows is a damaged snapshot, listed and not read', async () => {
    const { backend, repo } = await newRepository();
    const { tree } = await backupOne(repo);
    const good = await repo.saveSnapshot({ scope: 'good', paths: [], tree, stats });
    const huge = 'f'.repeat(64);
    backend.objects.set(`snapshots/${huge}`, Buffer.alloc(maxSealedDocumentBytes + 1));
    const before = repo.stats.bytesRead;
    const listed = [];
    for await (const s of repo.listSnapshots()) listed.push(s);
    expect(listed.map((s) => s.id).sort()).toEqual([good, huge].sort());
    expect(listed.find((s) => s.id === huge)?.error).toMatchObject({
      code: 'repo.damaged_snapshot',
      details: { key: `snapshots/${huge}` },
    });
    await expect(repo.loadSnapshot(huge)).rejects.toMatchObject({ code: 'repo.damaged_snapshot' });
    expect(repo.stats.bytesRead - before).toBeLessThan(10_000);
  });
});
