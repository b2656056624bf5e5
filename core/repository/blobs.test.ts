import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../api/errors';
import { packKey, sha256Hex } from './ids';
import { openRepository } from './repository';
import { sealOverhead } from './sealed';
import { keysUnder, newRepository, passphrase, pseudoRandom, textLike } from './testing';

const KiB = 1024;

describe('blobs and packs', () => {
  it('round-trips data and tree blobs, before and after flush, and in a new session', async () => {
    const { backend, repo } = await newRepository();
    const a = pseudoRandom(300 * KiB, 1);
    const t = Buffer.from(JSON.stringify({ nodes: [] }));
    const sa = await repo.saveBlob('data', a);
    const st = await repo.saveBlob('tree', t);
    expect(sa).toMatchObject({ id: sha256Hex(a), stored: true });
    expect(repo.hasBlob(sa.id)).toBe(true);
    expect(repo.hasBlob(sa.id, 'tree')).toBe(false);
    // Loadable before it is stored (from the open pack).
    expect((await repo.loadBlob('data', sa.id)).equals(a)).toBe(true);
    await repo.flush();
    expect(keysUnder(backend, 'packs/')).toHaveLength(2); // data and tree blobs go to separate packs
    expect(keysUnder(backend, 'index/')).toHaveLength(1);
    expect((await repo.loadBlob('tree', st.id)).equals(t)).toBe(true);

    const again = await openRepository(backend, passphrase);
    expect(again.problems).toEqual([]);
    expect((await again.loadBlob('data', sa.id)).equals(a)).toBe(true);
    expect((await again.loadBlob('tree', st.id)).equals(t)).toBe(true);
    // Every stored key has the shape the backend expects.
    for (const k of keysUnder(backend, 'packs/')) expect(k).toMatch(/^packs\/([0-9a-f]{2})\/\1[0-9a-f]{62}$/);
  });

  it('stores the same content once: within a session, across sessions', async () => {
    const { backend, repo } = await newRepository();
    const a = pseudoRandom(100 * KiB, 2);
    const [first, second] = await Promise.all([repo.saveBlob('data', a), repo.saveBlob('data', a)]);
    expect([first!.stored, second!.stored].sort()).toEqual([false, true]);
    await repo.flush();
    const again = await openRepository(backend, passphrase);
    expect(await again.saveBlob('data', a)).toEqual({ id: sha256Hex(a), stored: false, storedBytes: 0 });
    await again.flush();
    expect(keysUnder(backend, 'packs/')).toHaveLength(1);
    expect(keysUnder(backend, 'index/')).toHaveLength(1); // nothing new, no new index file
    expect(repo.stats).toMatchObject({ blobsStored: 1, blobsDeduplicated: 1 });
    expect(again.stats).toMatchObject({ blobsStored: 0, blobsDeduplicated: 1 });
  });

  it('closes packs at the target size, and reads one blob with one ranged read of its own length', async () => {
    const packSize = 1024 * KiB;
    const { backend, repo } = await newRepository({ packSize });
    const blobs = Array.from({ length: 26 }, (_, i) => pseudoRandom(200 * KiB, 100 + i));
    for (const b of blobs) await repo.saveBlob('data', b);
    await repo.flush();
    const packs = keysUnder(backend, 'packs/');
    expect(packs.length).toBe(5); // 26 × 200 KiB: four packs of six (≥ 1 MiB), two flushed
    const sizes = packs.map((k) => backend.objects.get(k)!.length).sort((a, b) => a - b);
    for (const s of sizes.slice(1)) {
      expect(s).toBeGreaterThanOrEqual(packSize);
      expect(s).toBeLessThan(packSize + 200 * KiB + 4 * KiB);
    }
    for (const k of packs) expect(sha256Hex(backend.objects.get(k)!)).toBe(k.slice(-64)); // id = hash of bytes

    const reader = await openRepository(backend, passphrase);
    const calls: { key: string; range?: { offset: number; length: number } }[] = [];
    const get = backend.get.bind(backend);
    backend.get = (key, range, opts) => {
      calls.push({ key, ...(range ? { range } : {}) });
      return get(key, range, opts);
    };
    const before = reader.stats.bytesRead;
    const target = blobs[13]!;
    const loc = reader.locate('data', sha256Hex(target))!;
    expect((await reader.loadBlob('data', sha256Hex(target))).equals(target)).toBe(true);
    expect(calls).toEqual([{ key: packKey(loc.packId), range: { offset: loc.offset, length: loc.length } }]);
    expect(reader.stats.bytesRead - before).toBe(loc.length);
    expect(loc.length).toBe(target.length + sealOverhead); // random data: stored uncompressed
  });

  it('a pack describes itself: its header lists exactly the blobs the index lists', async () => {
    const { backend, repo } = await newRepository();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await repo.saveBlob('data', textLike(50 * KiB + i))).id);
    await repo.flush();
    const [pk] = keysUnder(backend, 'packs/');
    const packId = pk!.slice(-64);
    const reopened = await openRepository(backend, passphrase);
    const header = await reopened.readPackHeader(packId);
    expect(header.map((e) => e.id)).toEqual(ids);
    for (const e of header) expect(reopened.locate('data', e.id)).toEqual({ ...e, packId });
    backend.corrupt(pk!, backend.objects.get(pk!)!.length - 10);
    await expect(reopened.readPackHeader(packId)).rejects.toMatchObject({ code: 'repo.damaged_pack' });
  });

  it('compresses text, stores random data as is (the flag decides)', async () => {
    const { repo } = await newRepository();
    const text = textLike(256 * KiB);
    const noise = pseudoRandom(256 * KiB, 9);
    const st = await repo.saveBlob('data', text);
    const sn = await repo.saveBlob('data', noise);
    expect(st.storedBytes).toBeLessThan(text.length / 4);
    expect(sn.storedBytes).toBe(noise.length + sealOverhead);
    await repo.flush();
    expect(repo.locate('data', st.id)).toMatchObject({ compression: 'brotli', rawLength: text.length });
    expect(repo.locate('data', sn.id)).toMatchObject({ compression: 'none', rawLength: noise.length });
    expect((await repo.loadBlob('data', st.id)).equals(text)).toBe(true);
  });

  it('a flipped byte in a pack → repo.damaged_blob naming blob and pack; other blobs still load', async () => {
    const { backend, repo } = await newRepository();
    const a = await repo.saveBlob('data', pseudoRandom(10 * KiB, 3));
    const b = await repo.saveBlob('data', pseudoRandom(10 * KiB, 4));
    await repo.flush();
    const loc = repo.locate('data', a.id)!;
    backend.corrupt(packKey(loc.packId), loc.offset + 100);
    const err = await repo.loadBlob('data', a.id).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.damaged_blob', details: { blob: a.id, pack: loc.packId } });
    expect((err as Error).message).toContain(a.id.slice(0, 12));
    expect((err as Error).message).toContain(loc.packId.slice(0, 12));
    expect((await repo.loadBlob('data', b.id)).length).toBe(10 * KiB);
  });

  it('a blob moved to another id fails authentication (the id is bound to the ciphertext)', async () => {
    const { backend, repo } = await newRepository();
    const a = await repo.saveBlob('data', Buffer.from('a'.repeat(100)));
    const b = await repo.saveBlob('data', Buffer.from('b'.repeat(100)));
    await repo.flush();
    const la = repo.locate('data', a.id)!;
    const lb = repo.locate('data', b.id)!;
    const pack = backend.objects.get(packKey(la.packId))!;
    // Swap a's bytes into b's place (same length).
    pack.subarray(la.offset, la.offset + la.length).copy(pack, lb.offset);
    await expect(repo.loadBlob('data', b.id)).rejects.toMatchObject({ code: 'repo.damaged_blob' });
  });

  it('an unknown blob or a vanished pack is repo.missing_blob', async () => {
    const { backend, repo } = await newRepository();
    const a = await repo.saveBlob('data', pseudoRandom(1000, 5));
    await repo.flush();
    await expect(repo.loadBlob('data', 'f'.repeat(64))).rejects.toMatchObject({ code: 'repo.missing_blob' });
    const loc = repo.locate('data', a.id)!;
    backend.objects.delete(packKey(loc.packId));
    const err = await repo.loadBlob('data', a.id).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'repo.missing_blob', details: { pack: loc.packId } });
  });

  it('keeps uploads bounded: saveBlob waits while packs are in flight', async () => {
    const { backend, repo } = await newRepository({ packSize: 64 * KiB, uploadsInFlight: 2 });
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const put = backend.put.bind(backend);
    backend.put = async (key, data, opts) => {
      if (!key.startsWith('packs/')) return put(key, data, opts);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((r) => release.push(r));
      inFlight--;
      return put(key, data, opts);
    };
    let saved = 0;
    const writer = (async () => {
      for (let i = 0; i < 10; i++) {
        await repo.saveBlob('data', pseudoRandom(70 * KiB, 200 + i));
        saved++;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    expect(most).toBe(2);
    expect(saved).toBe(2); // the third pack waits for a slot
    const pump = setInterval(() => release.shift()?.(), 1);
    await writer;
    await repo.flush();
    clearInterval(pump);
    expect(most).toBe(2);
    expect(keysUnder(backend, 'packs/')).toHaveLength(10);
  });

  it('a failed upload ends the session: later calls rethrow it, nothing is indexed', async () => {
    const { backend, repo } = await newRepository({ packSize: 1 });
    backend.failNextPut();
    await repo.saveBlob('data', pseudoRandom(1000, 6));
    await expect(repo.flush()).rejects.toMatchObject({ code: 'repo.error' });
    await expect(repo.saveBlob('data', pseudoRandom(1000, 7))).rejects.toMatchObject({ code: 'repo.error' });
    expect(keysUnder(backend, 'index/')).toEqual([]);
  });

  it('a cancel while waiting for an upload slot ends the session; no snapshot can refer to lost blobs', async () => {
    const { backend, repo } = await newRepository({ packSize: 1, uploadsInFlight: 1 });
    const put = backend.put.bind(backend);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    backend.put = async (key, data, opts) => {
      if (key.startsWith('packs/')) await gate;
      return put(key, data, opts);
    };
    const cancelled = { code: 'jobs.cancelled' };
    const controller = new AbortController();
    const first = await repo.saveBlob('data', pseudoRandom(1000, 1), { signal: controller.signal });
    const waiting = repo.saveBlob('data', pseudoRandom(1000, 2), { signal: controller.signal });
    controller.abort(new LifeboatError('jobs.cancelled', 'Cancelled by the user.'));
    release();
    await expect(waiting).rejects.toMatchObject(cancelled);
    await expect(repo.saveBlob('data', pseudoRandom(1000, 1))).rejects.toMatchObject(cancelled);
    await expect(
      repo.saveTree({
        nodes: [
          {
            name: 'a',
            type: 'file',
            mode: 0o644,
            uid: 0,
            gid: 0,
            mtime: '2024-05-01T00:00:00Z',
            size: 1000,
            content: [first.id],
          },
        ],
      }),
    ).rejects.toMatchObject(cancelled);
    await expect(repo.flush()).rejects.toMatchObject(cancelled);
    expect(keysUnder(backend, 'snapshots/')).toEqual([]);
    expect(keysUnder(backend, 'index/')).toEqual([]);
  });
});
