// The one behaviour every Backend must have (see backend.ts), as a vitest suite. Run for memory
// and local folders beside the code, and for S3 in test/integration/repository-backend.test.ts:
//
//   backendContract('local', async () => ({ backend, cleanup, putForeign }));

import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LifeboatError } from '../../api/errors';
import type { Backend, ObjectInfo } from './backend';

export interface BackendUnderTest {
  backend: Backend;
  /** Removes everything the test stored. */
  cleanup(): Promise<void>;
  /** Stores a file that is not a repository object (e.g. "notes.txt") beside the objects. */
  putForeign?(relativePath: string, data: Buffer): Promise<void>;
}

export interface ContractOptions {
  /** Objects put for the listing test (S3: more than one 1,000-key page). Default 60. */
  listCount?: number;
  /** Timeout of the listing test, ms. */
  listTimeoutMs?: number;
}

/** A random 64-hex name; `first2` fixes its first two characters. */
export function hex64(first2?: string): string {
  const h = randomBytes(32).toString('hex');
  return first2 === undefined ? h : first2 + h.slice(2);
}

export function packKey(h = hex64()): string {
  return `packs/${h.slice(0, 2)}/${h}`;
}

export async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of iterable) out.push(info);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The error `promise` rejects with, checked to be a LifeboatError with `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<LifeboatError> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(LifeboatError);
  expect((caught as LifeboatError).code, (caught as Error).message).toBe(code);
  return caught as LifeboatError;
}

/** Keys every backend must refuse. */
export const BAD_KEYS: unknown[] = [
  '',
  '../x',
  '../config',
  'keys/../config',
  '/config',
  '/etc/passwd',
  'C:\\config',
  'config/',
  'Config',
  'configs',
  './config',
  'keys',
  'keys/',
  `keys/${'a'.repeat(63)}`,
  `keys/${'a'.repeat(65)}`,
  `keys/${'A'.repeat(64)}`,
  `keys/${'g'.repeat(64)}`,
  `keys//${'a'.repeat(64)}`,
  `keys/${'a'.repeat(64)}/`,
  `keys/${'a'.repeat(64)}\n`,
  `locks/${'a'.repeat(64)}`,
  `snapshots/../../${'a'.repeat(64)}`,
  `packs/${'a'.repeat(64)}`,
  `packs/zz/zz${'a'.repeat(62)}`,
  `packs/ab/cd${'a'.repeat(62)}`,
  `packs/AB/ab${'a'.repeat(62)}`,
  `packs/ab/../ab/ab${'a'.repeat(62)}`,
  `packs/a/a${'a'.repeat(63)}`,
  '.lifeboat-probe-0123',
  'notes.txt',
  undefined,
  42,
];

export const BAD_PREFIXES: unknown[] = [
  '../',
  '/',
  '/keys/',
  'keys',
  'packs',
  'config',
  'packs/zz/',
  'packs/a/',
  'packs/ab',
  'other/',
  'keys/../',
  undefined,
];

export function backendContract(
  name: string,
  make: () => Promise<BackendUnderTest>,
  options: ContractOptions = {},
): void {
  const listCount = options.listCount ?? 60;

  describe(`Backend contract: ${name}`, () => {
    let under: BackendUnderTest;
    let b: Backend;
    beforeEach(async () => {
      under = await make();
      b = under.backend;
    });
    afterEach(async () => {
      await under.cleanup();
    });

    it('stores and reads back every kind of key', async () => {
      const keys = ['config', `keys/${hex64()}`, `index/${hex64()}`, `snapshots/${hex64()}`, packKey()];
      const data = new Map(keys.map((k) => [k, randomBytes(100 + Math.floor(Math.random() * 1000))]));
      for (const [key, bytes] of data) await b.put(key, bytes);
      for (const [key, bytes] of data) {
        expect((await b.get(key)).equals(bytes), key).toBe(true);
        expect(await b.stat(key)).toEqual({ key, size: bytes.length });
      }
      expect(typeof b.location).toBe('string');
      expect(b.location.length).toBeGreaterThan(0);
    });

    it('stores an empty object, and a larger one intact', async () => {
      const empty = `index/${hex64()}`;
      await b.put(empty, Buffer.alloc(0));
      expect((await b.get(empty)).length).toBe(0);
      expect(await b.stat(empty)).toEqual({ key: empty, size: 0 });
      await expectCode(b.get(empty, { offset: 0, length: 1 }), 'repo.bad_range');

      const big = packKey();
      const bytes = randomBytes(5 * 1024 * 1024 + 17);
      await b.put(big, bytes);
      const back = await b.get(big);
      expect(createHash('sha256').update(back).digest('hex')).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    });

    it('keeps its own copy: changing the caller’s buffer or the result changes nothing', async () => {
      const key = `snapshots/${hex64()}`;
      const bytes = Buffer.from('original bytes');
      await b.put(key, bytes);
      bytes.fill(0);
      const first = await b.get(key);
      expect(first.toString()).toBe('original bytes');
      first.fill(0);
      expect((await b.get(key)).toString()).toBe('original bytes');
    });

    it('reads ranges, and refuses ranges past the end or malformed', async () => {
      const key = packKey();
      const bytes = randomBytes(1000);
      await b.put(key, bytes);
      const cases: Array<[number, number]> = [
        [0, 1],
        [0, 1000],
        [1, 1],
        [10, 90],
        [999, 1],
        [500, 500],
      ];
      for (const [offset, length] of cases) {
        const part = await b.get(key, { offset, length });
        expect(part.equals(bytes.subarray(offset, offset + length)), `${offset}+${length}`).toBe(true);
      }
      for (const [offset, length] of [
        [0, 1001],
        [999, 2],
        [1000, 1],
        [5000, 10],
      ] as Array<[number, number]>) {
        await expectCode(b.get(key, { offset, length }), 'repo.bad_range');
      }
      for (const [offset, length] of [
        [-1, 10],
        [0, 0],
        [0, -5],
        [1.5, 2],
        [0, Number.NaN],
        [Number.POSITIVE_INFINITY, 1],
      ] as Array<[number, number]>) {
        await expectCode(b.get(key, { offset, length }), 'repo.bad_range');
      }
    });

    it('refuses an object or range longer than maxBytes, without reading it', async () => {
      const key = `keys/${hex64()}`;
      const bytes = randomBytes(1000);
      await b.put(key, bytes);
      expect((await b.get(key, undefined, { maxBytes: 1000 })).equals(bytes)).toBe(true);
      const err = await expectCode(b.get(key, undefined, { maxBytes: 999 }), 'repo.object_too_large');
      expect(err.message).toContain(key);
      expect(err.details).toMatchObject({ key, maxBytes: 999 });
      expect((await b.get(key, { offset: 10, length: 100 }, { maxBytes: 100 })).length).toBe(100);
      await expectCode(b.get(key, { offset: 10, length: 101 }, { maxBytes: 100 }), 'repo.object_too_large');
      // The limit is not a reason to report anything else differently.
      await expectCode(b.get(`keys/${hex64()}`, undefined, { maxBytes: 1 }), 'repo.object_missing');
    });

    it('is append-only: an existing key is never overwritten', async () => {
      const key = `keys/${hex64()}`;
      await b.put(key, Buffer.from('first'));
      const err = await expectCode(b.put(key, Buffer.from('second, longer')), 'repo.object_exists');
      expect(err.message).toContain(key);
      expect((await b.get(key)).toString()).toBe('first');
      expect(await b.stat(key)).toEqual({ key, size: 5 });
    });

    it('reports a missing object', async () => {
      const key = `snapshots/${hex64()}`;
      const err = await expectCode(b.get(key), 'repo.object_missing');
      expect(err.message).toContain(key);
      await expectCode(b.get(key, { offset: 0, length: 1 }), 'repo.object_missing');
      expect(await b.stat(key)).toBeUndefined();
      expect(await b.stat('config')).toBeUndefined();
    });

    it('deletes idempotently, and a deleted key can be written again', async () => {
      const key = packKey();
      await b.delete(key);
      await b.put(key, Buffer.from('x'));
      await b.delete(key);
      await b.delete(key);
      expect(await b.stat(key)).toBeUndefined();
      await expectCode(b.get(key), 'repo.object_missing');
      expect(await collect(b.list(''))).toEqual([]);
      await b.put(key, Buffer.from('again'));
      expect((await b.get(key)).toString()).toBe('again');
    });

    it('refuses bad keys before touching storage', async () => {
      const data = Buffer.from('never stored');
      for (const key of BAD_KEYS) {
        const k = key as string;
        const err = await expectCode(b.put(k, data), 'repo.bad_key');
        if (typeof key === 'string') expect(err.message).toContain(JSON.stringify(key).slice(0, 20));
        await expectCode(b.get(k), 'repo.bad_key');
        await expectCode(b.get(k, { offset: 0, length: 1 }), 'repo.bad_key');
        await expectCode(b.stat(k), 'repo.bad_key');
        await expectCode(b.delete(k), 'repo.bad_key');
      }
      for (const prefix of BAD_PREFIXES) {
        await expectCode(collect(b.list(prefix as string)), 'repo.bad_key');
      }
      expect(await collect(b.list(''))).toEqual([]);
    });

    it(
      `lists by prefix (${listCount} packs, other kinds, foreign files skipped)`,
      { timeout: options.listTimeoutMs ?? 30_000 },
      async () => {
        const packs = Array.from({ length: listCount }, (_, i) =>
          packKey(hex64(i % 3 === 0 ? 'ab' : undefined)),
        );
        const others = ['config', `keys/${hex64()}`, `index/${hex64()}`, `snapshots/${hex64()}`];
        const all = [...others, ...packs];
        await mapLimit(all, 32, (key) => b.put(key, Buffer.from(key.padStart(7, '-').slice(-7))));
        if (under.putForeign) {
          for (const foreign of [
            'notes.txt',
            '.lifeboat-probe-0123abcd',
            'keys/notes.txt',
            `keys/${'A'.repeat(64)}`,
            `packs/zz/zz${'0'.repeat(62)}`,
            `packs/ab/cd${'0'.repeat(62)}`,
            `snapshots/.${'0'.repeat(64)}.tmp-12345678`,
          ]) {
            await under.putForeign(foreign, Buffer.from('foreign'));
          }
        }
        const expectInfos = (keys: string[]) =>
          keys.map((key) => ({ key, size: 7 })).sort((a, b) => a.key.localeCompare(b.key));

        const everything = await collect(b.list(''));
        expect(everything).toEqual(expectInfos(all));
        expect(await collect(b.list('packs/'))).toEqual(expectInfos(packs));
        expect(await collect(b.list('packs/ab/'))).toEqual(
          expectInfos(packs.filter((k) => k.startsWith('packs/ab/'))),
        );
        for (const kind of ['keys/', 'index/', 'snapshots/']) {
          expect(await collect(b.list(kind))).toEqual(expectInfos(others.filter((k) => k.startsWith(kind))));
        }
        const unused = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).find(
          (h) => !packs.some((k) => k.startsWith(`packs/${h}/`)),
        );
        if (unused !== undefined) expect(await collect(b.list(`packs/${unused}/`))).toEqual([]);
        expect(await collect(b.list('packs/ff/'))).toEqual(
          expectInfos(packs.filter((k) => k.startsWith('packs/ff/'))),
        );
      },
    );

    it('a cancelled put leaves nothing behind', async () => {
      const before = new AbortController();
      before.abort();
      const key = packKey();
      await expectCode(b.put(key, randomBytes(1000), { signal: before.signal }), 'repo.cancelled');
      expect(await b.stat(key)).toBeUndefined();

      // Cancelled right after it started.
      const during = new AbortController();
      const key2 = packKey();
      const pending = b.put(key2, randomBytes(3 * 1024 * 1024), { signal: during.signal });
      during.abort();
      await expectCode(pending, 'repo.cancelled');
      expect(await b.stat(key2)).toBeUndefined();
      expect(await collect(b.list(''))).toEqual([]);
    });

    it('cancels reads and listings', async () => {
      const key = `index/${hex64()}`;
      await b.put(key, Buffer.from('data'));
      const ac = new AbortController();
      ac.abort();
      const opts = { signal: ac.signal };
      await expectCode(b.get(key, undefined, opts), 'repo.cancelled');
      await expectCode(b.get(key, { offset: 0, length: 1 }, opts), 'repo.cancelled');
      await expectCode(b.stat(key, opts), 'repo.cancelled');
      await expectCode(collect(b.list('', opts)), 'repo.cancelled');
      await expectCode(b.delete(key, opts), 'repo.cancelled');
      expect(await b.stat(key)).toEqual({ key, size: 4 });
    });
  });
}
