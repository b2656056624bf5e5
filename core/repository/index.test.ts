import { describe, expect, it } from 'vitest';
import { idPattern, isId, sha256Hex } from './ids';
import { indexFileSchema, plainIndexFile } from './index-file';
import { openRepository } from './repository';
import { maxSealedDocumentBytes } from './sealed-json';
import { keysUnder, newRepository, passphrase, pseudoRandom } from './testing';

describe('index files', () => {
  it('a truncated index file is reported as repo.damaged_index naming it; the others still work', async () => {
    const { backend, repo } = await newRepository();
    const a = await repo.saveBlob('data', pseudoRandom(5000, 1));
    await repo.flush();
    const b = await repo.saveBlob('data', pseudoRandom(5000, 2));
    await repo.flush();
    const indexes = keysUnder(backend, 'index/');
    expect(indexes).toHaveLength(2);
    const damaged = indexes[0]!;
    backend.objects.set(damaged, backend.objects.get(damaged)!.subarray(0, 40));

    const reopened = await openRepository(backend, passphrase);
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]).toMatchObject({ code: 'repo.damaged_index', details: { key: damaged } });
    expect(reopened.problems[0]!.message).toContain(damaged);
    // Exactly one of the two blobs is still reachable; the other is missing with a message that
    // points at the damaged index file.
    const results = await Promise.allSettled([
      reopened.loadBlob('data', a.id),
      reopened.loadBlob('data', b.id),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'repo.missing_blob' });
    expect((failed.reason as Error).message).toContain(damaged);
  });

  it('an index file larger than the format allows is repo.damaged_index in problems, not read', async () => {
    const { backend, repo } = await newRepository();
    const kept = await repo.saveBlob('data', pseudoRandom(5000, 1));
    await repo.flush();
    // Zero-filled and never touched: refused by its size, so its pages are never even read.
    const huge = `index/${'0'.repeat(64)}`;
    backend.objects.set(huge, Buffer.alloc(maxSealedDocumentBytes + 1));
    const reopened = await openRepository(backend, passphrase);
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]).toMatchObject({ code: 'repo.damaged_index', details: { key: huge } });
    expect(reopened.problems[0]!.message).toContain(`larger than the ${maxSealedDocumentBytes} bytes`);
    expect(reopened.stats.bytesRead).toBeLessThan(10_000);
    expect((await reopened.loadBlob('data', kept.id)).length).toBe(5000);
  });

  it('an index file whose bytes were replaced by another valid one fails its name check', async () => {
    const { backend, repo } = await newRepository();
    await repo.saveBlob('data', pseudoRandom(5000, 1));
    await repo.flush();
    await repo.saveBlob('data', pseudoRandom(5000, 2));
    await repo.flush();
    const [x, y] = keysUnder(backend, 'index/');
    backend.objects.set(x!, Buffer.from(backend.objects.get(y!)!));
    const reopened = await openRepository(backend, passphrase);
    expect(reopened.problems.map((p) => p.code)).toEqual(['repo.damaged_index']);
    expect(reopened.problems[0]!.message).toMatch(/does not match its name/);
  });

  it('an index lists only stored packs: a failed pack upload writes no index', async () => {
    const { backend, repo } = await newRepository();
    await repo.saveBlob('data', pseudoRandom(5000, 3));
    backend.failNextPut();
    await expect(repo.flush()).rejects.toThrow();
    expect(keysUnder(backend, 'index/')).toEqual([]);
  });

  it('long sessions write index files along the way', async () => {
    const { backend, repo } = await newRepository({ packSize: 1, indexEveryBlobs: 3 });
    for (let i = 0; i < 7; i++) await repo.saveBlob('data', pseudoRandom(100, 10 + i));
    await repo.flush();
    expect(keysUnder(backend, 'index/').length).toBeGreaterThanOrEqual(3);
    for (const k of keysUnder(backend, 'index/'))
      expect(sha256Hex(backend.objects.get(k)!)).toBe(k.slice(-64));
    const reopened = await openRepository(backend, passphrase);
    expect(reopened.problems).toEqual([]);
    for (let i = 0; i < 7; i++)
      expect(reopened.hasBlob(sha256Hex(pseudoRandom(100, 10 + i)), 'data')).toBe(true);
  });
});

describe('the plain index fast path', () => {
  const entry = {
    type: 'data',
    id: 'a'.repeat(64),
    offset: 0,
    length: 129,
    rawLength: 100,
    compression: 'brotli',
  } as const;
  const file = {
    version: 1,
    packs: [{ id: 'b'.repeat(64), blobs: [entry, { ...entry, type: 'tree', offset: 129 }] }],
  };
  const odd: unknown[] = [
    undefined,
    null,
    true,
    -1,
    0.5,
    28,
    29,
    2 ** 40 + 1,
    2 ** 53,
    '',
    'data',
    'tree',
    'none',
    'zstd',
    'A'.repeat(64),
    'a'.repeat(63),
    'g'.repeat(64),
    [],
    {},
    1e9,
  ];

  it('takes what writers write', () => {
    expect(plainIndexFile(file)).toBe(true);
    expect(isId('0123456789abcdef'.repeat(4))).toBe(true);
    for (const bad of [
      '0123456789ABCDEF'.repeat(4),
      'x'.repeat(64),
      'a'.repeat(65),
      '',
      '0'.repeat(63) + 'g',
    ])
      expect(isId(bad)).toBe(idPattern.test(bad));
  });

  it('accepts only files the schema accepts unchanged (every field mutated)', () => {
    let fast = 0;
    const cases: unknown[] = [];
    for (const key of [...Object.keys(entry), 'extra'])
      for (const value of odd) {
        const e = { ...entry, [key]: value } as Record<string, unknown>;
        if (value === undefined) delete e[key];
        cases.push({ ...file, packs: [{ id: 'b'.repeat(64), blobs: [e] }] });
      }
    for (const value of odd) {
      cases.push({ ...file, version: value }, { ...file, packs: value }, { ...file, extra: value });
      cases.push(
        { ...file, packs: [{ id: value, blobs: [entry] }] },
        { ...file, packs: [{ id: 'b'.repeat(64), blobs: value }] },
      );
    }
    for (const c of cases) {
      const json = JSON.parse(JSON.stringify(c)) as unknown;
      if (!plainIndexFile(json)) continue;
      fast++;
      const r = indexFileSchema.safeParse(json);
      expect(r.success, JSON.stringify(json)).toBe(true);
      expect(r.data).toEqual(json);
    }
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBeLessThan(cases.length / 3);
  });
});
