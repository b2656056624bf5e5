import { describe, expect, it } from 'vitest';
import { backendContract, collect, expectCode, hex64, packKey } from './contract-tests';
import { createMemoryBackend } from './memory';

backendContract('memory', async () => {
  const backend = createMemoryBackend();
  return {
    backend,
    cleanup: async () => backend.objects.clear(),
    putForeign: async (relativePath, data) => {
      backend.objects.set(relativePath, data);
    },
  };
});

describe('memory backend fault injection', () => {
  it('corrupts one byte of an object', async () => {
    const b = createMemoryBackend();
    const key = packKey();
    await b.put(key, Buffer.from([1, 2, 3]));
    b.corrupt(key, 1);
    expect([...(await b.get(key))]).toEqual([1, 0xfd, 3]);
    expect(() => b.corrupt(key, 3)).toThrow();
    expect(() => b.corrupt(`keys/${hex64()}`, 0)).toThrow();
  });

  it('fails the next put and stores nothing, then works again', async () => {
    const b = createMemoryBackend();
    const key = `index/${hex64()}`;
    b.failNextPut();
    await expectCode(b.put(key, Buffer.from('x')), 'repo.error');
    expect(await collect(b.list(''))).toEqual([]);
    await b.put(key, Buffer.from('x'));
    b.failNextPut(new Error('disk on fire'));
    await expect(b.put(`index/${hex64()}`, Buffer.from('y'))).rejects.toThrow('disk on fire');
    expect(await collect(b.list('index/'))).toEqual([{ key, size: 1 }]);
  });

  it('fails the next get, then works again', async () => {
    const b = createMemoryBackend();
    const key = `snapshots/${hex64()}`;
    await b.put(key, Buffer.from('abc'));
    b.failNextGet();
    await expectCode(b.get(key), 'repo.error');
    expect((await b.get(key)).toString()).toBe('abc');
  });
});
