// A repository in a local folder (USB disk, NAS mount). Objects are files named by their keys.
// Writes go to a temp file in the same folder, are fsynced, then hard-linked to the final name
// (link fails when the name exists, so nothing is overwritten); on file systems without hard
// links (exFAT, some SMB shares) they are renamed after an existence check. The folder itself
// must exist: it is never created, so an unmounted disk is reported instead of filled.

import { randomBytes } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isLifeboatError } from '../../api/errors';
import type { LocationOp } from '../../connect/local';
import { normalizeLocalPath } from '../../connect/local';
import type { Backend, ObjectInfo, ReadOptions } from './backend';
import { throwIfCancelled } from './cancel';
import { isValidKey, validateKey, validatePrefix } from './keys';
import { createHandleCache, type OpenFile } from './local-handles';
import {
  fsCode,
  localError,
  notAFile,
  notAFolder,
  objectExists,
  objectMissing,
  unsafeLink,
} from './local-errors';
import { checkMaxBytes, checkRangeFits, shortRead, validateRange } from './range';

/** Data is written and read in slices of this size, with a cancellation check between them. */
const CHUNK = 4 << 20;
/** Files stat'ed at once while listing. */
const LIST_BATCH = 64;
/** The folders a repository has besides `packs/<2 hex>/`. */
const FLAT_DIRS = ['keys', 'index', 'snapshots'];
/** Errors of link() that mean "no hard links here" rather than "refused". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);
/** Opens the resolved path only: if its last part became a link since it was resolved, fail. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

function isInside(real: string, realRoot: string): boolean {
  const rel = path.relative(realRoot, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export function createLocalBackend(folder: string): Backend {
  const root = normalizeLocalPath(folder);
  const fileOf = (key: string) => path.join(root, ...key.split('/'));
  /** Packs being read in ranges stay open between reads (see local-handles.ts). */
  const handles = createHandleCache();
  /**
   * The folder's real path for reads, resolved once it is found usable; every object read is
   * checked against it. Kept for the backend's life, so a root later swapped for a link to
   * elsewhere makes objects look outside it (refused) rather than moving the repository along.
   * Writes, listings and deletes resolve it afresh: they are rare, and must notice a disk gone.
   */
  let readRoot: string | undefined;

  /** The folder's real path; `repo.not_found` / `repo.not_a_directory` when it is not usable. */
  async function realRoot(op: LocationOp): Promise<string> {
    try {
      const real = await realpath(root);
      if (!(await stat(real)).isDirectory())
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      return real;
    } catch (err) {
      throw localError(err, root, op);
    }
  }

  async function keptRoot(): Promise<string> {
    readRoot ??= await realRoot('read');
    return readRoot;
  }

  /**
   * After an object was not found: when the folder itself is gone (an unmounted disk) that is
   * the error to report, not a missing object.
   */
  async function rootGone(): Promise<unknown> {
    try {
      await realRoot('read');
      return undefined;
    } catch (err) {
      readRoot = undefined;
      return err;
    }
  }

  /** Throws `repo.unsafe_link` when `p` (which must exist) resolves to a place outside the root. */
  async function assertInside(p: string, rr: string): Promise<void> {
    if (!isInside(await realpath(p), rr)) throw unsafeLink(p, root);
  }

  /** Creates `dir` and its parents below the root (never the root itself), each checked. */
  async function ensureDir(dir: string, rr: string): Promise<void> {
    const parts = path.relative(root, dir).split(path.sep);
    let current = root;
    for (const part of parts) {
      current = path.join(current, part);
      try {
        await mkdir(current);
      } catch (err) {
        if (fsCode(err) !== 'EEXIST') throw err;
      }
      await assertInside(current, rr);
      if (!(await stat(current)).isDirectory()) throw notAFolder(current);
    }
  }

  /** Gives `tmp` the name `target` unless that exists. */
  async function commit(tmp: string, target: string, key: string): Promise<void> {
    try {
      await link(tmp, target);
      await unlink(tmp).catch(() => undefined);
      return;
    } catch (err) {
      if (fsCode(err) === 'EEXIST') throw objectExists(key, root);
      if (!NO_HARD_LINKS.has(fsCode(err) as string)) throw err;
    }
    try {
      await lstat(target);
      throw objectExists(key, root);
    } catch (err) {
      if (fsCode(err) !== 'ENOENT') throw err;
    }
    await rename(tmp, target);
  }

  /** Makes a new name in `dir` durable; not every platform can fsync a folder, so best effort. */
  async function syncDir(dir: string): Promise<void> {
    try {
      const handle = await open(dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Windows cannot open a folder; the data itself was fsynced.
    }
  }

  async function put(key: string, data: Buffer, opts?: { signal?: AbortSignal }): Promise<void> {
    validateKey(key);
    const signal = opts?.signal;
    const what = `Writing ${key} in ${root}`;
    throwIfCancelled(signal, what);
    const target = fileOf(key);
    const dir = path.dirname(target);
    let tmp: string | undefined;
    let done = false;
    try {
      const rr = await realRoot('write');
      await ensureDir(dir, rr);
      throwIfCancelled(signal, what);
      tmp = path.join(dir, `.${path.basename(target)}.tmp-${randomBytes(8).toString('hex')}`);
      const handle = await open(tmp, 'wx', 0o444);
      try {
        for (let at = 0; at < data.length;) {
          throwIfCancelled(signal, what);
          const { bytesWritten } = await handle.write(data, at, Math.min(CHUNK, data.length - at));
          at += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      throwIfCancelled(signal, what);
      await commit(tmp, target, key);
      done = true;
      await syncDir(dir);
    } catch (err) {
      throw localError(err, root, 'write', key);
    } finally {
      if (tmp !== undefined && !done) await rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** Opens an object's file for reading once its real path is checked to be inside the root. */
  async function openInside(file: string): Promise<OpenFile> {
    const rr = await keptRoot();
    const real = await realpath(file);
    if (!isInside(real, rr)) throw unsafeLink(file, root);
    let handle: FileHandle;
    try {
      handle = await open(real, READ_FLAGS);
    } catch (err) {
      if (fsCode(err) === 'ELOOP') throw unsafeLink(file, root);
      throw err;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw notAFile(file);
      return { handle, size: info.size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async function readFrom(
    { handle, size }: OpenFile,
    key: string,
    range: { offset: number; length: number } | undefined,
    { signal, maxBytes }: ReadOptions,
  ): Promise<Buffer> {
    if (range) checkRangeFits(key, range, size);
    const what = `Reading ${key} in ${root}`;
    const offset = range?.offset ?? 0;
    const length = range?.length ?? size;
    // Before allocating: the buffer is never longer than this, so a file that grows while it is
    // read can't push the read past the limit either.
    checkMaxBytes(key, length, maxBytes);
    // Unzeroed: every byte is read into it, and a short read throws before it is handed out.
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      throwIfCancelled(signal, what);
      const { bytesRead } = await handle.read(buf, got, Math.min(CHUNK, length - got), offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got < length) throw shortRead(key, length, got);
    return buf;
  }

  async function get(
    key: string,
    range?: { offset: number; length: number },
    opts: ReadOptions = {},
  ): Promise<Buffer> {
    validateKey(key);
    if (range) validateRange(key, range);
    throwIfCancelled(opts.signal, `Reading ${key} in ${root}`);
    const file = fileOf(key);
    try {
      // Ranged reads are of packs, read again and again: keep those open. Whole objects are
      // read once (keys, index, snapshots, config): open, read, close.
      if (range && key.startsWith('packs/')) {
        try {
          return await handles.use(
            key,
            () => openInside(file),
            (f) => readFrom(f, key, range, opts),
          );
        } catch (err) {
          // The file shrank since it was opened (damage, or a repair elsewhere): read it afresh,
          // so the range is checked against its size now.
          if (!isLifeboatError(err) || err.code !== 'repo.short_read') throw err;
          await handles.evict(key);
          return await handles.use(
            key,
            () => openInside(file),
            (f) => readFrom(f, key, range, opts),
          );
        }
      }
      const f = await openInside(file);
      try {
        return await readFrom(f, key, range, opts);
      } finally {
        await f.handle.close();
      }
    } catch (err) {
      const code = fsCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw localError((await rootGone()) ?? objectMissing(key, root), root, 'read', key);
      }
      throw localError(err, root, 'read', key);
    }
  }

  async function statKey(key: string, opts?: { signal?: AbortSignal }): Promise<ObjectInfo | undefined> {
    validateKey(key);
    throwIfCancelled(opts?.signal, `Looking up ${key} in ${root}`);
    const file = fileOf(key);
    try {
      const rr = await keptRoot();
      await assertInside(file, rr);
      const info = await stat(file);
      if (!info.isFile()) throw notAFile(file);
      return { key, size: info.size };
    } catch (err) {
      const code = fsCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        const gone = await rootGone();
        if (gone) throw localError(gone, root, 'read', key);
        return undefined;
      }
      throw localError(err, root, 'read', key);
    }
  }

  /** The entries of a folder below the root; none when it does not exist. */
  async function entries(dir: string, rr: string): Promise<Dirent[]> {
    try {
      await assertInside(dir, rr);
      return await readdir(dir, { withFileTypes: true });
    } catch (err) {
      const code = fsCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw err;
    }
  }

  /** Size of a listed entry named like a key: regular files, and links to files inside the root. */
  async function sizeOf(entry: Dirent, file: string, rr: string): Promise<number | undefined> {
    if (!entry.isFile() && !entry.isSymbolicLink()) return undefined;
    try {
      if (entry.isSymbolicLink()) await assertInside(file, rr);
      const info = await stat(file);
      return info.isFile() ? info.size : undefined;
    } catch (err) {
      if (fsCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** The objects directly in the folder `relDir` ('' = the root, for `config`). */
  async function* listDir(relDir: string, rr: string, signal?: AbortSignal): AsyncGenerator<ObjectInfo> {
    const dir = relDir === '' ? root : path.join(root, ...relDir.split('/'));
    const candidates = (await entries(dir, rr)).filter((e) =>
      isValidKey(relDir === '' ? e.name : `${relDir}/${e.name}`),
    );
    for (let i = 0; i < candidates.length; i += LIST_BATCH) {
      throwIfCancelled(signal, `Listing ${root}`);
      const batch = candidates.slice(i, i + LIST_BATCH);
      const sizes = await Promise.all(batch.map((e) => sizeOf(e, path.join(dir, e.name), rr)));
      for (const [j, entry] of batch.entries()) {
        const size = sizes[j];
        if (size !== undefined) yield { key: relDir === '' ? entry.name : `${relDir}/${entry.name}`, size };
      }
    }
  }

  async function* listPacks(rr: string, signal?: AbortSignal): AsyncGenerator<ObjectInfo> {
    const subdirs = (await entries(path.join(root, 'packs'), rr))
      .filter((e) => /^[0-9a-f]{2}$/.test(e.name) && (e.isDirectory() || e.isSymbolicLink()))
      .map((e) => e.name)
      .sort();
    for (const sub of subdirs) yield* listDir(`packs/${sub}`, rr, signal);
  }

  async function* list(prefix: string, opts?: { signal?: AbortSignal }): AsyncIterable<ObjectInfo> {
    validatePrefix(prefix);
    const signal = opts?.signal;
    throwIfCancelled(signal, `Listing ${root}`);
    try {
      const rr = await realRoot('list');
      if (prefix === '') {
        yield* listDir('', rr, signal);
        for (const dir of FLAT_DIRS) yield* listDir(dir, rr, signal);
        yield* listPacks(rr, signal);
      } else if (prefix === 'packs/') {
        yield* listPacks(rr, signal);
      } else {
        yield* listDir(prefix.slice(0, -1), rr, signal);
      }
    } catch (err) {
      throw localError(err, root, 'list');
    }
  }

  async function remove(key: string, opts?: { signal?: AbortSignal }): Promise<void> {
    validateKey(key);
    throwIfCancelled(opts?.signal, `Deleting ${key} in ${root}`);
    const file = fileOf(key);
    try {
      const rr = await realRoot('delete');
      // The folder must be inside the root; the file itself may be a link (unlink removes the link).
      await assertInside(path.dirname(file), rr);
      await handles.evict(key);
      await unlink(file);
      await syncDir(path.dirname(file));
    } catch (err) {
      const code = fsCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw localError(err, root, 'delete', key);
    }
  }

  return { location: root, put, get, stat: statKey, list, delete: remove, close: () => handles.closeAll() };
}
