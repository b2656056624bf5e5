import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifeboatError } from '../api/errors';
import type { Backend } from './backend/backend';
import { createLocalBackend } from './backend/local';
import { createMemoryBackend } from './backend/memory';
import { decodeBlob, encodeBlob } from './blob-codec';
import { loadBlobs, readBlobs, type BlobResult, type BlobSource, type ReadBlobsOptions } from './blob-reader';
import { damagedBlob, missingBlob } from './errors';
import { packKey, sha256Hex, shortId } from './ids';
import type { BlobLocation } from './master-index';
import { newRepository, pseudoRandom, textLike } from './testing';

const KiB = 1024;
const brotli = { algorithm: 'brotli', level: 1, minSaving: 0.03 } as const;
const stored = { algorithm: 'none', level: 0, minSaving: 0.03 } as const;

const tmpRoots: string[] = [];
afterEach(async () => {
  await Promise.all(tmpRoots.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

interface Fixture {
  backend: Backend;
  key: Buffer;
  packId: string;
  ids: string[];
  plain: Map<string, Buffer>;
  locs: Map<string, BlobLocation>;
  packBytes: Buffer;
  /** Where the pack's file is (local backend only). */
  file?: string;
}

/** A pack of `count` blobs of mixed sizes and kinds, stored directly (no index needed). */
async function fixture(kind: 'memory' | 'local', count = 30, bad?: number): Promise<Fixture> {
  let backend: Backend;
  let dir: string | undefined;
  if (kind === 'memory') backend = createMemoryBackend();
  else {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-reader-'));
    tmpRoots.push(dir);
    backend = createLocalBackend(dir);
  }
  const key = randomBytes(32);
  const plains = Array.from({ length: count }, (_, i) =>
    i % 2 ? pseudoRandom(1 + ((i * 7919) % (40 * KiB)), i + 1) : textLike(100 + ((i * 4099) % (60 * KiB))),
  );
  const parts: Buffer[] = [];
  const entries: Omit<BlobLocation, 'packId'>[] = [];
  let offset = 0;
  for (const [i, p] of plains.entries()) {
    const id = sha256Hex(p);
    // The blob `bad` is sealed for its id and type but holds other bytes of the same length:
    // it authenticates, and only the hash check can tell.
    const content = i === bad ? Buffer.from(p).fill(0x41, 0, 1) : p;
    const blob = await encodeBlob(key, 'data', id, content, i === bad ? stored : brotli);
    parts.push(blob.bytes);
    entries.push({
      type: 'data',
      id,
      offset,
      length: blob.bytes.length,
      rawLength: p.length,
      compression: blob.compression,
    });
    offset += blob.bytes.length;
  }
  const packBytes = Buffer.concat(parts);
  const packId = sha256Hex(packBytes);
  await backend.put(packKey(packId), packBytes);
  const ids = entries.map((e) => e.id);
  return {
    backend,
    key,
    packId,
    ids,
    plain: new Map(plains.map((p) => [sha256Hex(p), p])),
    locs: new Map(entries.map((e) => [e.id, { ...e, packId }])),
    packBytes,
    ...(dir ? { file: path.join(dir, ...packKey(packId).split('/')) } : {}),
  };
}

function sourceOf(f: Fixture): BlobSource & { bytesRead: number } {
  const source = {
    backend: f.backend,
    bytesRead: 0,
    locate: (_type: string, id: string) => f.locs.get(id),
    loadUnlocated: (type: 'data' | 'tree', id: string) =>
      Promise.reject(missingBlob(f.backend.location, type, id, 'no index file lists it')),
    decode: async (type: 'data' | 'tree', id: string, packId: string, bytes: Buffer, rawLength: number) => {
      const r = await decodeBlob(f.key, type, id, bytes, rawLength);
      if (!r.ok) throw damagedBlob(f.backend.location, type, id, packId, r.reason);
      return r.plaintext;
    },
    countRead: (n: number) => {
      source.bytesRead += n;
    },
  };
  return source;
}

async function all(f: Fixture, ids: readonly string[], opts: ReadBlobsOptions = {}): Promise<BlobResult[]> {
  const out: BlobResult[] = [];
  for await (const r of readBlobs(sourceOf(f), 'data', ids, opts)) out.push(r);
  return out;
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.each(['memory', 'local'] as const)('batched blob reads, %s backend', (kind) => {
  it('yields every blob in the order asked, duplicates too, from one read of the neighbours', async () => {
    const f = await fixture(kind);
    const get = vi.spyOn(f.backend, 'get');
    const source = sourceOf(f);
    const asked = [...shuffled(f.ids, 7), f.ids[3]!, f.ids[3]!, f.ids[0]!];
    const got: string[] = [];
    for await (const r of readBlobs(source, 'data', asked)) {
      expect(r.error).toBeUndefined();
      expect(r.plaintext!.equals(f.plain.get(r.id)!)).toBe(true);
      got.push(r.id);
    }
    expect(got).toEqual(asked);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0]![1]).toEqual({ offset: 0, length: f.packBytes.length });
    expect(source.bytesRead).toBe(f.packBytes.length);
  });

  it('caps the size of a read', async () => {
    const f = await fixture(kind);
    const get = vi.spyOn(f.backend, 'get');
    const maxRunBytes = 64 * KiB;
    const results = await all(f, f.ids, { runLimits: { maxRunBytes } });
    expect(results.map((r) => r.id)).toEqual(f.ids);
    expect(results.every((r) => r.plaintext)).toBe(true);
    expect(get.mock.calls.length).toBeGreaterThanOrEqual(Math.ceil(f.packBytes.length / maxRunBytes));
    for (const [, range] of get.mock.calls) expect(range!.length).toBeLessThanOrEqual(maxRunBytes);
  });

  it('a blob that does not hash to its id fails alone, naming itself', async () => {
    const f = await fixture(kind, 12, 5);
    const bad = f.ids[5]!;
    const results = await all(f, f.ids);
    for (const r of results) {
      if (r.id !== bad) expect(r.plaintext?.equals(f.plain.get(r.id)!)).toBe(true);
    }
    const err = results[5]!.error!;
    expect(err.code).toBe('repo.damaged_blob');
    expect(err.details).toMatchObject({ blob: bad, pack: f.packId });
    expect(err.message).toContain(shortId(bad));
    expect(err.message).toContain('hashes to');

    // loadBlobs hands out the blobs before it, then throws its error.
    const before: string[] = [];
    await expect(async () => {
      for await (const b of loadBlobs(sourceOf(f), 'data', f.ids)) before.push(b.id);
    }).rejects.toMatchObject({ code: 'repo.damaged_blob', details: { blob: bad } });
    expect(before).toEqual(f.ids.slice(0, 5));
  });

  it('a truncated pack: blobs before the cut are whole, the others say the pack is short', async () => {
    const f = await fixture(kind, 12);
    const cutAfter = f.locs.get(f.ids[6]!)!;
    const cut = cutAfter.offset + cutAfter.length + 10; // into blob 7
    // The local backend's first read keeps the pack open: the file shrinks under that handle.
    expect((await all(f, f.ids.slice(0, 1)))[0]!.plaintext).toBeDefined();
    if (f.file) {
      await chmod(f.file, 0o644);
      await truncate(f.file, cut);
    } else {
      const objects = (f.backend as ReturnType<typeof createMemoryBackend>).objects;
      objects.set(packKey(f.packId), f.packBytes.subarray(0, cut));
    }
    const results = await all(f, f.ids);
    expect(results.slice(0, 7).every((r) => r.plaintext)).toBe(true);
    for (const r of results.slice(7)) {
      expect(r.error?.code).toBe('repo.damaged_blob');
      expect(r.error?.details).toMatchObject({ blob: r.id, pack: f.packId });
      expect(r.error?.message).toMatch(new RegExp(`shorter than the index says \\(${cut} bytes`));
    }
  });

  it('a missing pack: every blob is missing, naming its pack', async () => {
    const f = await fixture(kind, 4);
    await f.backend.delete(packKey(f.packId));
    const results = await all(f, f.ids);
    for (const r of results) {
      expect(r.error?.code).toBe('repo.missing_blob');
      expect(r.error?.details).toMatchObject({ blob: r.id, pack: f.packId });
    }
  });
});

describe('batched blob reads: bounds and stopping', () => {
  it('reads ahead only within its byte budget', async () => {
    const f = await fixture('memory', 40);
    const get = vi.spyOn(f.backend, 'get');
    const opts = { aheadBytes: 96 * KiB, runLimits: { maxRunBytes: 32 * KiB, maxGapBytes: 0 } };
    const reader = readBlobs(sourceOf(f), 'data', f.ids, opts);
    await reader.next();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    const requested = get.mock.calls.reduce((n, [, range]) => n + range!.length, 0);
    const biggest = Math.max(...[...f.locs.values()].map((l) => l.length));
    expect(requested).toBeLessThanOrEqual(opts.aheadBytes + Math.max(biggest, opts.runLimits.maxRunBytes));
    expect(requested).toBeLessThan(f.packBytes.length);
    await reader.return(undefined);
  });

  it('decodes the next blobs as soon as their bytes arrive, a bounded number ahead', async () => {
    const f = await fixture('memory', 40);
    const source = sourceOf(f);
    const decode = source.decode;
    let started = 0;
    let running = 0;
    let most = 0;
    source.decode = async (...args) => {
      started++;
      most = Math.max(most, ++running);
      try {
        await new Promise((r) => setTimeout(r, 2));
        return await decode(...args);
      } finally {
        running--;
      }
    };
    const reader = readBlobs(source, 'data', f.ids);
    expect((await reader.next()).value?.id).toBe(f.ids[0]);
    // All 40 blobs come in one read: while the first decoded, the next ones did too.
    expect(started).toBeGreaterThan(1);
    for await (const r of reader) expect(r.plaintext).toBeDefined();
    expect(started).toBe(40);
    expect(most).toBeLessThanOrEqual(1 + 8); // the caller's blob and at most 8 ahead
  });

  it('stops reading when the caller stops, and throws when cancelled', async () => {
    const f = await fixture('memory', 40);
    const get = vi.spyOn(f.backend, 'get');
    const opts = { runLimits: { maxRunBytes: 16 * KiB, maxGapBytes: 0 } };
    for await (const r of readBlobs(sourceOf(f), 'data', f.ids, opts)) {
      expect(r.plaintext).toBeDefined();
      break;
    }
    const calls = get.mock.calls.length;
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(get.mock.calls.length).toBe(calls);

    const ac = new AbortController();
    const reader = readBlobs(sourceOf(f), 'data', f.ids, { ...opts, signal: ac.signal });
    await reader.next();
    ac.abort(new LifeboatError('repo.cancelled', 'Stopped by the test.'));
    await expect(reader.next()).rejects.toMatchObject({ code: 'repo.cancelled' });
  });
});

describe('Repository.loadBlobs and readBlobs', () => {
  it('read stored and not yet stored blobs, count the bytes read, and report unknown ids', async () => {
    const { repo } = await newRepository();
    const a = textLike(50 * KiB);
    const b = pseudoRandom(20 * KiB, 3);
    const ida = (await repo.saveBlob('data', a)).id;
    await repo.flush();
    const idb = (await repo.saveBlob('data', b)).id; // in this session's open pack only
    const before = repo.stats.bytesRead;
    const got = [];
    for await (const r of repo.loadBlobs('data', [ida, idb, ida])) got.push(r.plaintext);
    expect(got.map((g) => sha256Hex(g))).toEqual([ida, idb, ida]);
    expect(repo.stats.bytesRead - before).toBe(repo.locate('data', ida)!.length);

    const unknown = sha256Hex(Buffer.from('never saved'));
    const results = [];
    for await (const r of repo.readBlobs('data', [unknown, ida])) results.push(r);
    expect(results[0]!.error).toMatchObject({ code: 'repo.missing_blob', details: { blob: unknown } });
    expect(results[1]!.plaintext?.equals(a)).toBe(true);
  });
});
