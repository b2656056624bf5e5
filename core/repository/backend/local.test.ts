import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backendContract, collect, expectCode, hex64, packKey } from './contract-tests';
import { createLocalBackend } from './local';

// `link` can be made to fail once, to exercise failures after the temp file is written and the
// rename fallback of file systems without hard links.
// `open` is counted, to see that ranged reads of a pack keep its file open.
const fault = vi.hoisted(() => ({ link: undefined as string | undefined, opens: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    open: (...args: Parameters<typeof real.open>) => {
      fault.opens++;
      return real.open(...args);
    },
    link: async (from: string, to: string) => {
      const code = fault.link;
      if (code !== undefined) {
        fault.link = undefined;
        throw Object.assign(new Error(`${code}: injected, link '${from}' -> '${to}'`), { code });
      }
      return real.link(from, to);
    },
  };
});

const tmpRoots: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-backend-'));
  tmpRoots.push(dir);
  return dir;
}
afterEach(async () => {
  fault.link = undefined;
  await Promise.all(tmpRoots.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Every file below `dir`, relative, with '/' separators. */
async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

backendContract('local', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-backend-'));
  return {
    backend: createLocalBackend(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
    putForeign: async (relativePath, data) => {
      const file = path.join(root, ...relativePath.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, data);
    },
  };
});

describe('local backend', () => {
  let root: string;
  beforeEach(async () => {
    root = path.join(await tempDir(), 'repo');
    await mkdir(root);
  });

  it('lays objects out as files named by their keys', async () => {
    const b = createLocalBackend(root);
    const pack = packKey();
    const snap = `snapshots/${hex64()}`;
    await b.put('config', Buffer.from('c'));
    await b.put(pack, Buffer.from('p'));
    await b.put(snap, Buffer.from('s'));
    expect(await filesBelow(root)).toEqual(['config', pack, snap].sort());
    expect(await readFile(path.join(root, ...pack.split('/')), 'utf8')).toBe('p');
    expect(b.location).toBe(root);
  });

  it('refuses a relative folder, and reports a missing folder without creating it', async () => {
    expect(() => createLocalBackend('repo')).toThrow(expect.objectContaining({ code: 'repo.bad_location' }));
    const missing = path.join(root, 'unmounted');
    const b = createLocalBackend(missing);
    const err = await expectCode(b.put('config', Buffer.from('x')), 'repo.not_found');
    expect(err.message).toContain(missing);
    await expectCode(b.put(packKey(), Buffer.from('x')), 'repo.not_found');
    await expectCode(b.get('config'), 'repo.not_found');
    await expectCode(b.stat('config'), 'repo.not_found');
    await expectCode(collect(b.list('')), 'repo.not_found');
    await expectCode(b.delete('config'), 'repo.not_found');
    expect(await readdir(root)).toEqual([]);
  });

  it('reports a folder that is a file', async () => {
    const file = path.join(root, 'file');
    await writeFile(file, 'x');
    await expectCode(createLocalBackend(file).get('config'), 'repo.not_a_directory');
  });

  it('a put cancelled while writing leaves no temp file', async () => {
    const b = createLocalBackend(root);
    await b.put(packKey(hex64('ab')), Buffer.from('first'));
    const ac = new AbortController();
    const key = packKey(hex64('ab'));
    const pending = b.put(key, Buffer.alloc(16 * 1024 * 1024, 7), { signal: ac.signal });
    // The folder exists, so the temp file is opened before the next check sees the abort.
    ac.abort();
    await expectCode(pending, 'repo.cancelled');
    expect(await readdir(path.join(root, 'packs', 'ab'))).toHaveLength(1);
    expect(await b.stat(key)).toBeUndefined();
  });

  it('a put that fails after writing the temp file leaves nothing', async () => {
    const b = createLocalBackend(root);
    const key = `index/${hex64()}`;
    fault.link = 'EIO';
    await expectCode(b.put(key, Buffer.from('data')), 'repo.error');
    expect(await filesBelow(root)).toEqual([]);

    fault.link = 'ENOSPC';
    const err = await expectCode(b.put(key, Buffer.from('data')), 'repo.no_space');
    expect(err.message).toContain(root);
    expect(err.message).toContain(key);
    expect(await filesBelow(root)).toEqual([]);
    await b.put(key, Buffer.from('data'));
    expect(await filesBelow(root)).toEqual([key]);
  });

  it('falls back to rename where hard links are not supported, still append-only', async () => {
    const b = createLocalBackend(root);
    const key = `keys/${hex64()}`;
    fault.link = 'EPERM';
    await b.put(key, Buffer.from('one'));
    expect((await b.get(key)).toString()).toBe('one');
    fault.link = 'ENOTSUP';
    await expectCode(b.put(key, Buffer.from('two')), 'repo.object_exists');
    expect((await b.get(key)).toString()).toBe('one');
    expect(await filesBelow(root)).toEqual([key]);
  });

  it('fails cleanly when a folder of the layout is a file, or an object is a folder', async () => {
    const b = createLocalBackend(root);
    await mkdir(path.join(root, 'packs'));
    await writeFile(path.join(root, 'packs', 'ab'), 'not a folder');
    await expectCode(b.put(packKey(hex64('ab')), Buffer.from('x')), 'repo.error');
    expect(await b.stat(packKey(hex64('ab')))).toBeUndefined();

    const key = `snapshots/${hex64()}`;
    await mkdir(path.join(root, ...key.split('/')), { recursive: true });
    await expectCode(b.put(key, Buffer.from('x')), 'repo.object_exists');
    await expectCode(b.get(key), 'repo.error');
    expect(await readdir(path.join(root, 'snapshots'))).toHaveLength(1);
  });

  it('refuses symbolic links that lead outside the folder', async () => {
    const outside = await tempDir();
    const secret = path.join(outside, 'secret');
    await writeFile(secret, 'outside data');
    const b = createLocalBackend(root);

    // A whole folder of the layout pointing elsewhere.
    await symlink(outside, path.join(root, 'snapshots'));
    const snap = `snapshots/${hex64()}`;
    await expectCode(b.put(snap, Buffer.from('x')), 'repo.unsafe_link');
    await expectCode(collect(b.list('snapshots/')), 'repo.unsafe_link');
    await expectCode(collect(b.list('')), 'repo.unsafe_link');
    await expectCode(b.get(snap), 'repo.object_missing');
    await expectCode(b.delete(snap), 'repo.unsafe_link');
    expect(await readdir(outside)).toEqual(['secret']);
    await rm(path.join(root, 'snapshots'));

    // One object pointing at a file elsewhere.
    const key = `keys/${hex64()}`;
    await mkdir(path.join(root, 'keys'));
    await symlink(secret, path.join(root, ...key.split('/')));
    const err = await expectCode(b.get(key), 'repo.unsafe_link');
    expect(err.message).not.toContain('outside data');
    await expectCode(b.get(key, { offset: 0, length: 3 }), 'repo.unsafe_link');
    await expectCode(b.stat(key), 'repo.unsafe_link');
    await expectCode(collect(b.list('keys/')), 'repo.unsafe_link');
    await expectCode(b.put(key, Buffer.from('x')), 'repo.object_exists');
    // Deleting removes the link, never the file it points to.
    await b.delete(key);
    expect(await readFile(secret, 'utf8')).toBe('outside data');
    expect(await collect(b.list(''))).toEqual([]);
  });

  it('follows links that stay inside the folder, and a folder reached through a link', async () => {
    const b = createLocalBackend(root);
    const real = `index/${hex64()}`;
    await b.put(real, Buffer.from('inside'));
    const alias = `index/${hex64()}`;
    await symlink(path.join(root, ...real.split('/')), path.join(root, ...alias.split('/')));
    expect((await b.get(alias)).toString()).toBe('inside');
    expect(await b.stat(alias)).toEqual({ key: alias, size: 6 });
    expect((await collect(b.list('index/'))).map((i) => i.key).sort()).toEqual([real, alias].sort());

    const via = path.join(await tempDir(), 'link-to-repo');
    await symlink(root, via);
    const throughLink = createLocalBackend(via);
    expect((await throughLink.get(real)).toString()).toBe('inside');
    await throughLink.put('config', Buffer.from('cfg'));
    expect(await readFile(path.join(root, 'config'), 'utf8')).toBe('cfg');
  });

  it('keeps a pack open across ranged reads; delete and close let it go', async () => {
    const b = createLocalBackend(root);
    const key = packKey();
    await b.put(key, Buffer.from('0123456789'));
    const opens = fault.opens;
    for (let i = 0; i < 5; i++)
      expect((await b.get(key, { offset: i, length: 2 })).toString()).toBe(`${i}${i + 1}`);
    expect(fault.opens - opens).toBe(1);
    await b.close?.();
    expect((await b.get(key, { offset: 8, length: 2 })).toString()).toBe('89');
    expect(fault.opens - opens).toBe(2);
    await b.delete(key);
    await expectCode(b.get(key, { offset: 0, length: 1 }), 'repo.object_missing');
    await expectCode(b.get(key, { offset: 0, length: 11 }), 'repo.object_missing');
  });

  it('refuses a pack linked to a file outside the folder, for ranged reads too, every time', async () => {
    const outside = await tempDir();
    await writeFile(path.join(outside, 'secret'), 'outside data');
    const b = createLocalBackend(root);
    const key = packKey(hex64('cd'));
    await mkdir(path.join(root, 'packs', 'cd'), { recursive: true });
    await symlink(path.join(outside, 'secret'), path.join(root, ...key.split('/')));
    for (let i = 0; i < 2; i++) await expectCode(b.get(key, { offset: 0, length: 3 }), 'repo.unsafe_link');
  });

  it('keeps the folder it resolved: a root swapped for a link elsewhere is refused, not followed', async () => {
    const b = createLocalBackend(root);
    const first = packKey();
    await b.put(first, Buffer.from('inside'));
    expect((await b.get(first, { offset: 0, length: 6 })).toString()).toBe('inside');
    // The folder is moved away and its name now leads to another place with a pack of its own.
    const outside = await tempDir();
    const other = packKey();
    await mkdir(path.join(outside, ...other.split('/').slice(0, -1)), { recursive: true });
    await writeFile(path.join(outside, ...other.split('/')), 'outside data');
    await rename(root, `${root}-moved`);
    await symlink(outside, root);
    await expectCode(b.get(other, { offset: 0, length: 7 }), 'repo.unsafe_link');
    await expectCode(b.get(other), 'repo.unsafe_link');
    await expectCode(b.stat(other), 'repo.unsafe_link');
  });

  it('refuses a huge (sparse) file over maxBytes from its size, without allocating it', async () => {
    const b = createLocalBackend(root);
    const key = `keys/${'0'.repeat(64)}`;
    await mkdir(path.join(root, 'keys'));
    await writeFile(path.join(root, ...key.split('/')), '');
    await truncate(path.join(root, ...key.split('/')), 3 * 1024 ** 3);
    const before = process.memoryUsage().rss;
    const err = await expectCode(b.get(key, undefined, { maxBytes: 64 * 1024 }), 'repo.object_too_large');
    expect(err.details).toMatchObject({ key, size: 3 * 1024 ** 3, maxBytes: 64 * 1024 });
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('reports a folder that disappeared (an unmounted disk) as such, not as missing objects', async () => {
    const b = createLocalBackend(root);
    const key = packKey();
    await b.put(key, Buffer.from('data'));
    expect((await b.get(key, { offset: 0, length: 4 })).toString()).toBe('data');
    await b.close?.();
    await rm(root, { recursive: true });
    await expectCode(b.get(key, { offset: 0, length: 4 }), 'repo.not_found');
    await expectCode(b.get(packKey()), 'repo.not_found');
    await expectCode(b.stat(key), 'repo.not_found');
  });
});
