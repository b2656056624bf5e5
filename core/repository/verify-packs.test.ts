// checkPackHeaders against a fake repository: the index and a pack's own header disagreeing about
// a blob, a damaged pack, and errors that are not damage.
import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../api/errors';
import type { BlobLocation } from './master-index';
import type { PackEntry } from './pack-entry';
import { checkPackHeaders } from './verify-packs';

const id = (c: string) => c.repeat(64);
const entry = (c: string, offset: number, length = 100): PackEntry => ({
  type: 'data',
  id: id(c),
  offset,
  length,
  rawLength: length - 29,
  compression: 'none',
});

function fakeRepo(index: Record<string, BlobLocation>, headers: Record<string, PackEntry[] | LifeboatError>) {
  const reads: string[] = [];
  return {
    reads,
    repo: {
      backend: { location: 'memory' } as never,
      locate: (_type: string, blob: string) => index[blob],
      readPackHeader: async (packId: string) => {
        reads.push(packId);
        const h = headers[packId];
        if (h instanceof Error) throw h;
        return h ?? [];
      },
    },
  };
}

describe('checkPackHeaders', () => {
  const p1 = id('1');
  const p2 = id('2');
  const index = {
    [id('a')]: { ...entry('a', 0), packId: p1 },
    [id('b')]: { ...entry('b', 100), packId: p1 },
    [id('c')]: { ...entry('c', 0), packId: p2 },
  };
  const blobs = ['a', 'b', 'c', 'z'].map((c) => ({ type: 'data' as const, id: id(c) }));

  it('reads each pack once and finds nothing when header and index agree', async () => {
    const { repo, reads } = fakeRepo(index, {
      [p1]: [entry('a', 0), entry('b', 100)],
      [p2]: [entry('c', 0)],
    });
    expect(await checkPackHeaders(repo, blobs, 2)).toEqual(new Map());
    expect(reads.sort()).toEqual([p1, p2]); // 'z' is not indexed: left to the caller
  });

  it('a blob the header places elsewhere, or does not list, is damaged; its neighbours are not', async () => {
    const { repo } = fakeRepo(index, { [p1]: [entry('a', 0), entry('b', 120)], [p2]: [] });
    const damage = await checkPackHeaders(repo, blobs, 2);
    expect([...damage.keys()].sort()).toEqual([`data:${id('b')}`, `data:${id('c')}`]);
    expect(damage.get(`data:${id('b')}`)).toMatchObject({
      code: 'repo.damaged_blob',
      message: expect.stringContaining('header puts it at 120 (100 bytes, 71 plain), the index at 100'),
    });
    expect(damage.get(`data:${id('c')}`)?.message).toContain('does not list it');
  });

  it("a damaged pack is damage to each of the point's blobs in it", async () => {
    const bad = new LifeboatError('repo.damaged_pack', 'pack 111 is damaged: header: authentication failed');
    const { repo } = fakeRepo(index, { [p1]: bad, [p2]: [entry('c', 0)] });
    const damage = await checkPackHeaders(repo, blobs, 1);
    expect(damage.get(`data:${id('a')}`)).toBe(bad);
    expect(damage.get(`data:${id('b')}`)).toBe(bad);
    expect(damage.has(`data:${id('c')}`)).toBe(false);
  });

  it('an error that is not damage (the backend unreachable) is thrown, not reported as damage', async () => {
    const down = new LifeboatError('repo.unreachable', 'the bucket cannot be reached');
    const { repo } = fakeRepo(index, { [p1]: down });
    await expect(checkPackHeaders(repo, blobs, 1)).rejects.toBe(down);
  });
});
