// A minimal full restore of a snapshot into an empty local folder on this machine. It proves
// that the repository format round-trips (content, types, modes, owners, mtimes, links, odd
// names); the proper restore (over SSH, with plans, previews and safety points) is elsewhere.
//
// Safety: a repository is input, so nothing it says may make this write outside `target`.
// - every name is checked with `nameProblem` (trees are validated when loaded, this is a second
//   line of defence), paths are built as Buffers (non-UTF-8 names stay byte-exact);
// - nothing is ever written through a symlink: before each creation every folder from `target`
//   down to the parent is lstat'ed and must still be the very folder this restore made (same
//   device and inode), files and fifos are created under a temporary name with
//   O_CREAT|O_EXCL|O_NOFOLLOW and then linked into place without overwriting, metadata of files,
//   fifos and folders is set through a descriptor opened with O_NOFOLLOW (symlinks: lchown and
//   lutimes), and a hardlink only ever links to a node this restore placed itself;
// - the target must be empty ('restore.target_not_empty').
// What remains is the usual check-then-act window between an lstat and the next call (Node has
// no openat); a racing local attacker with write access inside the target could still win it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, type BigIntStats } from 'node:fs';
import {
  link,
  lstat,
  lutimes,
  lchown,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  symlink,
  unlink,
} from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LifeboatError, isLifeboatError } from '../../api/errors';
import type { Repository } from '../../repository/repository';
import { nameProblem, nodeName, relativePathProblem, type TreeNode } from '../../repository/tree';

export interface RestoreToFolderOptions {
  signal?: AbortSignal;
}

export interface RestoreToFolderResult {
  /** The folder restored into (its real path). */
  target: string;
  stats: {
    files: number;
    dirs: number;
    symlinks: number;
    hardlinks: number;
    fifos: number;
    /** Content bytes written. */
    bytes: number;
    /** Nodes recorded but not created (devices, sockets, fifos without mkfifo). */
    skipped: number;
  };
  /** false when not running as root: owners (uid/gid) were left as they are. */
  ownersRestored: boolean;
  /** What was not restored as such, and why. `item` is the path relative to the target. */
  notes: { item: string; message: string }[];
}

interface DirRef {
  abs: Buffer;
  rel: Buffer;
  dev: bigint;
  ino: bigint;
}

interface Placed {
  abs: Buffer;
  chain: DirRef[];
  dev: bigint;
  ino: bigint;
  type: 'file' | 'symlink' | 'fifo';
}

interface PendingDir {
  ref: DirRef;
  node: TreeNode;
}

interface PendingLink {
  rel: Buffer;
  abs: Buffer;
  chain: DirRef[];
  linkTo: Buffer;
}

const slash = Buffer.from('/');
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** A path relative to the target, for messages (raw bytes shown as UTF-8 with replacement). */
function show(rel: Buffer): string {
  return JSON.stringify(rel.length ? rel.toString('utf8') : '.');
}

function join(a: Buffer, b: Buffer): Buffer {
  return a.length ? Buffer.concat([a, slash, b]) : b;
}

function unsafe(rel: Buffer, why: string): LifeboatError {
  return new LifeboatError('restore.unsafe_path', `Refusing to restore ${show(rel)}: ${why}.`, {
    path: rel.toString('utf8'),
    reason: why,
  });
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** Tree mtime (RFC 3339 UTC, 0–9 fraction digits) → seconds for utimes. */
export function mtimeSeconds(mtime: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(mtime);
  if (!m) throw new LifeboatError('restore.bad_time', `Not a tree mtime: "${mtime}".`);
  const sec = Date.parse(`${m[1]}Z`) / 1000;
  const micros = Math.floor(Number((m[2] ?? '').padEnd(9, '0')) / 1000);
  // libuv keeps microseconds and truncates; +0.5 µs keeps the double's rounding error from
  // dropping a microsecond (a double near 1.7e9 s resolves ~0.24 µs).
  return sec + (micros + 0.5) / 1e6;
}

/**
 * Restores snapshot `snapshotId` of `repo` into the empty folder `target` (created if missing;
 * its parent must exist). Throws `restore.target_not_empty`, `restore.target_not_folder`,
 * `restore.unsafe_path` (a name or link that would leave the target, or a folder of the restore
 * replaced meanwhile), `restore.write_failed` (a file system error, naming the path), repository
 * errors as they are, and the abort reason when cancelled. Whatever was restored before a
 * failure stays in the target.
 */
export async function restoreToFolder(
  repo: Repository,
  snapshotId: string,
  target: string,
  opts: RestoreToFolderOptions = {},
): Promise<RestoreToFolderResult> {
  const signal = opts.signal;
  const sig = signal ? { signal } : {};
  signal?.throwIfAborted();
  const snapshot = await repo.loadSnapshot(snapshotId, sig);
  const root = await prepareTarget(resolve(target));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const result: RestoreToFolderResult = {
    target: root.abs.toString(),
    stats: { files: 0, dirs: 0, symlinks: 0, hardlinks: 0, fifos: 0, bytes: 0, skipped: 0 },
    ownersRestored: isRoot,
    notes: isRoot ? [] : [{ item: '.', message: 'owners not restored: not running as root' }],
  };
  const placed = new Map<string, Placed>();
  const dirs: PendingDir[] = [];
  const deferred: PendingLink[] = [];
  const temps = new Set<string>();
  const note = (rel: Buffer, message: string) => result.notes.push({ item: rel.toString('utf8'), message });

  /** Runs one file system step; an fs error becomes restore.write_failed naming the path. */
  async function step<T>(what: string, rel: Buffer, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isLifeboatError(e) || signal?.aborted) throw e;
      const code = errno(e);
      if (code === 'ELOOP' || code === 'ENOTDIR') throw unsafe(rel, `${what} met a symlink (${code})`);
      throw new LifeboatError(
        'restore.write_failed',
        `Could not ${what} ${show(rel)} in ${result.target}: ${(e as Error).message}`,
        { path: rel.toString('utf8'), code },
      );
    }
  }

  /** Every folder from the target down must still be the real folder this restore created. */
  async function checkChain(chain: DirRef[], rel: Buffer): Promise<void> {
    for (const ref of chain) {
      let st: BigIntStats;
      try {
        st = await lstat(ref.abs, { bigint: true });
      } catch {
        throw unsafe(rel, `the folder ${show(ref.rel)} has disappeared`);
      }
      if (!st.isDirectory() || st.dev !== ref.dev || st.ino !== ref.ino)
        throw unsafe(rel, `the folder ${show(ref.rel)} was replaced (e.g. by a symlink) during the restore`);
    }
  }

  function tempIn(dir: Buffer): Buffer {
    return Buffer.concat([dir, Buffer.from(`/.lifeboat-restore-${randomBytes(8).toString('hex')}`)]);
  }

  /** Moves a temp into place without ever replacing anything that is there. */
  async function place(tmp: Buffer, abs: Buffer, rel: Buffer): Promise<void> {
    try {
      await link(tmp, abs);
    } catch (e) {
      const code = errno(e);
      if (code === 'EEXIST') throw unsafe(rel, 'something already exists at that path');
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw e;
      // No hardlinks on this file system: rename after checking that nothing is there.
      const there = await lstat(abs).then(
        () => true,
        (err: unknown) => (errno(err) === 'ENOENT' ? false : Promise.reject(err)),
      );
      if (there) throw unsafe(rel, 'something already exists at that path');
      await rename(tmp, abs);
      temps.delete(tmp.toString('latin1'));
      return;
    }
    await unlink(tmp);
    temps.delete(tmp.toString('latin1'));
  }

  /** Owner (root only, first: chown clears setuid), mode, mtime — through the descriptor. */
  async function setMeta(fh: FileHandle, node: TreeNode): Promise<void> {
    if (isRoot) await fh.chown(node.uid, node.gid);
    await fh.chmod(node.mode);
    const t = mtimeSeconds(node.mtime);
    await fh.utimes(t, t);
  }

  async function restoreFile(node: TreeNode, rel: Buffer, abs: Buffer, chain: DirRef[]): Promise<void> {
    const parent = chain[chain.length - 1]!;
    await checkChain(chain, rel);
    const tmp = tempIn(parent.abs);
    const fh = await step('create', rel, () =>
      open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600),
    );
    temps.add(tmp.toString('latin1'));
    let st: BigIntStats;
    try {
      const ids = node.content ?? [];
      let written = 0;
      // Read ahead (neighbouring blobs together) while earlier ones are written.
      for await (const { plaintext: blob } of repo.loadBlobs('data', ids, sig)) {
        let off = 0;
        while (off < blob.length) {
          const { bytesWritten } = await step('write', rel, () => fh.write(blob, off, blob.length - off));
          off += bytesWritten;
        }
        written += blob.length;
        signal?.throwIfAborted();
      }
      if (written !== node.size)
        throw new LifeboatError(
          'restore.size_mismatch',
          `${show(rel)}: its content has ${written} bytes, the tree says ${node.size}; the snapshot is inconsistent.`,
        );
      await step('set owner, mode and time of', rel, () => setMeta(fh, node));
      await step('sync', rel, () => fh.sync());
      st = await fh.stat({ bigint: true });
    } finally {
      await fh.close();
    }
    await checkChain(chain, rel);
    await step('place', rel, () => place(tmp, abs, rel));
    placed.set(rel.toString('latin1'), { abs, chain, dev: st.dev, ino: st.ino, type: 'file' });
    result.stats.files++;
    result.stats.bytes += node.size;
  }

  async function restoreSymlink(node: TreeNode, rel: Buffer, abs: Buffer, chain: DirRef[]): Promise<void> {
    const to =
      node.linkTarget !== undefined
        ? Buffer.from(node.linkTarget, 'utf8')
        : Buffer.from(node.linkTargetBase64 ?? '', 'base64');
    await checkChain(chain, rel);
    await step('create the symlink', rel, () => symlink(to, abs));
    // The link itself, never its target: lchown and lutimes don't follow; symlinks have no mode.
    if (isRoot) await step('set the owner of', rel, () => lchown(abs, node.uid, node.gid));
    const t = mtimeSeconds(node.mtime);
    await step('set the time of', rel, () => lutimes(abs, t, t));
    const st = await step('check', rel, () => lstat(abs, { bigint: true }));
    if (!st.isSymbolicLink()) throw unsafe(rel, 'the symlink was replaced during the restore');
    placed.set(rel.toString('latin1'), { abs, chain, dev: st.dev, ino: st.ino, type: 'symlink' });
    result.stats.symlinks++;
  }

  async function restoreFifo(node: TreeNode, rel: Buffer, abs: Buffer, chain: DirRef[]): Promise<void> {
    // mkfifo takes string arguments only, so it is made under an ASCII name in the target's own
    // folder (same file system), set up, then linked to its byte-exact name.
    const tmp = tempIn(root.abs);
    await checkChain([root], rel);
    try {
      await new Promise<void>((ok, fail) =>
        execFile('mkfifo', ['-m', '600', tmp.toString()], (err) => (err ? fail(err) : ok())),
      );
    } catch (e) {
      if (errno(e) === 'ENOENT') {
        note(rel, 'fifo not restored: mkfifo is not available on this machine');
        result.stats.skipped++;
        return;
      }
      throw new LifeboatError(
        'restore.write_failed',
        `Could not create the fifo ${show(rel)}: ${(e as Error).message}`,
      );
    }
    temps.add(tmp.toString('latin1'));
    const fh = await step('open the fifo', rel, () =>
      open(tmp, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW),
    );
    let st: BigIntStats;
    try {
      st = await fh.stat({ bigint: true });
      if (!st.isFIFO()) throw unsafe(rel, 'the new fifo was replaced during the restore');
      await step('set owner, mode and time of', rel, () => setMeta(fh, node));
    } finally {
      await fh.close();
    }
    await checkChain(chain, rel);
    await step('place', rel, () => place(tmp, abs, rel));
    placed.set(rel.toString('latin1'), { abs, chain, dev: st.dev, ino: st.ino, type: 'fifo' });
    result.stats.fifos++;
  }

  async function restoreHardlink(l: PendingLink, src: Placed): Promise<void> {
    await checkChain(src.chain, l.rel);
    const st = await lstat(src.abs, { bigint: true }).catch(() => undefined);
    if (!st || st.dev !== src.dev || st.ino !== src.ino)
      throw unsafe(l.rel, `its first occurrence ${show(l.linkTo)} was replaced during the restore`);
    await checkChain(l.chain, l.rel);
    try {
      await link(src.abs, l.abs);
    } catch (e) {
      if (errno(e) === 'EEXIST') throw unsafe(l.rel, 'something already exists at that path');
      throw new LifeboatError(
        'restore.write_failed',
        `Could not link ${show(l.rel)} to ${show(l.linkTo)}: ${(e as Error).message}`,
      );
    }
    placed.set(l.rel.toString('latin1'), { ...src, abs: l.abs, chain: l.chain });
    result.stats.hardlinks++;
  }

  /** A linkTo that names no node this restore placed: through a symlink, a folder, or absent. */
  function unresolved(l: PendingLink): void {
    for (let i = 0; i < l.linkTo.length; i++) {
      if (l.linkTo[i] !== 0x2f) continue;
      if (placed.has(l.linkTo.subarray(0, i).toString('latin1')))
        throw unsafe(l.rel, `its hardlink target ${show(l.linkTo)} lies beyond a symlink or a file`);
    }
    if (dirs.some((d) => d.ref.rel.equals(l.linkTo)))
      throw unsafe(l.rel, `its hardlink target ${show(l.linkTo)} is a folder`);
    note(l.rel, `hardlink not restored: its target ${show(l.linkTo)} is not in the snapshot`);
    result.stats.skipped++;
  }

  async function walk(treeId: string, chain: DirRef[]): Promise<void> {
    const parent = chain[chain.length - 1]!;
    const tree = await repo.loadTree(treeId, sig);
    for (const node of tree.nodes) {
      signal?.throwIfAborted();
      const name = nodeName(node);
      const rel = join(parent.rel, name);
      const problem =
        nameProblem(name) ??
        (process.platform === 'win32' && name.includes(0x5c) ? 'a name containing "\\"' : undefined);
      if (problem) throw unsafe(rel, `${problem} would leave its folder`);
      const abs = Buffer.concat([parent.abs, slash, name]);
      switch (node.type) {
        case 'dir': {
          await checkChain(chain, rel);
          await step('create the folder', rel, () => mkdir(abs, 0o700));
          const st = await step('check', rel, () => lstat(abs, { bigint: true }));
          if (!st.isDirectory()) throw unsafe(rel, 'the new folder was replaced during the restore');
          const ref: DirRef = { abs, rel, dev: st.dev, ino: st.ino };
          dirs.push({ ref, node });
          result.stats.dirs++;
          await walk(node.subtree!, [...chain, ref]);
          break;
        }
        case 'file':
          await restoreFile(node, rel, abs, chain);
          break;
        case 'symlink':
          await restoreSymlink(node, rel, abs, chain);
          break;
        case 'fifo':
          await restoreFifo(node, rel, abs, chain);
          break;
        case 'hardlink': {
          const linkTo =
            node.linkTo !== undefined
              ? Buffer.from(node.linkTo, 'utf8')
              : Buffer.from(node.linkToBase64 ?? '', 'base64');
          const p = relativePathProblem(linkTo);
          if (p) throw unsafe(rel, `its hardlink target is ${p}`);
          const l: PendingLink = { rel, abs, chain, linkTo };
          const src = placed.get(linkTo.toString('latin1'));
          if (src) await restoreHardlink(l, src);
          else deferred.push(l); // its first occurrence comes later in name order
          break;
        }
        case 'chardev':
        case 'blockdev':
          note(
            rel,
            `${node.type} ${node.device?.major ?? '?'}:${node.device?.minor ?? '?'} recorded, not restored`,
          );
          result.stats.skipped++;
          break;
        case 'socket':
          note(rel, 'socket recorded, not restored');
          result.stats.skipped++;
          break;
      }
    }
  }

  try {
    await walk(snapshot.tree, [root]);
    // Hardlinks whose first occurrence came later (a link to a link resolves on a later pass).
    let waiting = deferred;
    for (let progress = true; waiting.length > 0 && progress;) {
      const still: PendingLink[] = [];
      for (const l of waiting) {
        signal?.throwIfAborted();
        const src = placed.get(l.linkTo.toString('latin1'));
        if (src) await restoreHardlink(l, src);
        else still.push(l);
      }
      progress = still.length < waiting.length;
      waiting = still;
    }
    for (const l of waiting) unresolved(l);
    // Folders last, deepest first: creating their content changed their mtime, and a read-only
    // mode set earlier would have blocked it.
    for (const { ref, node } of dirs.reverse()) {
      signal?.throwIfAborted();
      const fh = await step('open the folder', ref.rel, () =>
        open(ref.abs, constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW),
      );
      try {
        const st = await fh.stat({ bigint: true });
        if (st.dev !== ref.dev || st.ino !== ref.ino)
          throw unsafe(ref.rel, 'the folder was replaced during the restore');
        await step('set owner, mode and time of', ref.rel, () => setMeta(fh, node));
        await step('sync', ref.rel, () => fh.sync());
      } finally {
        await fh.close();
      }
    }
  } finally {
    // Temp names left by a failure, removed only where their folder is still ours.
    for (const t of temps) {
      const tmp = Buffer.from(t, 'latin1');
      const dir = tmp.subarray(0, tmp.lastIndexOf(0x2f));
      const ref = dir.equals(root.abs) ? root : dirs.find((d) => d.ref.abs.equals(dir))?.ref;
      const st = ref ? await lstat(ref.abs, { bigint: true }).catch(() => undefined) : undefined;
      if (ref && st?.isDirectory() && st.ino === ref.ino && st.dev === ref.dev)
        await unlink(tmp).catch(() => {});
    }
  }
  return result;
}

/** The target: an empty folder (made if missing, its parent must exist), by its real path. */
async function prepareTarget(target: string): Promise<DirRef> {
  try {
    await mkdir(target, 0o700);
  } catch (e) {
    if (errno(e) !== 'EEXIST')
      throw new LifeboatError(
        'restore.write_failed',
        `Could not create the folder ${target}: ${(e as Error).message}`,
      );
  }
  const real = await realpath(target);
  const st = await lstat(real, { bigint: true });
  if (!st.isDirectory())
    throw new LifeboatError(
      'restore.target_not_folder',
      `${target} is not a folder; restore into an empty folder.`,
    );
  const entries = await readdir(real);
  if (entries.length > 0)
    throw new LifeboatError(
      'restore.target_not_empty',
      `${target} is not empty (${entries.length} entries); restore into an empty folder so nothing is overwritten.`,
      { target, entries: entries.length },
    );
  return { abs: Buffer.from(real), rel: Buffer.alloc(0), dev: st.dev, ino: st.ino };
}
