// Turns a stream of tar entries (depth-first, as tar writes a directory) into one tree blob
// per directory, bottom-up: a directory's tree is saved as soon as tar moves past it, so memory
// holds only the directories currently open (depth × their entries), never the whole tree.
// A partial stream (tar --no-recursion over a list, as a safety point reads) builds the same way,
// as long as every listed path comes after its directory and a directory's names come together.
import { isLifeboatError, LifeboatError } from '../../api/errors';
import { linkTargetFields, nameFields, type Tree, type TreeNode } from '../../repository/tree';
import { showPath, type TarEntry } from './tar/tar-reader';

/** A file's blob ids in order, and how many of its bytes were new. */
export interface SavedFile {
  content: string[];
  newBytes: number;
}

/** Where the builder puts content and listings (the repository, in the real backup). */
export interface TreeSink {
  /**
   * Reads a file's body and stores its content. Resolves once the body is read (so the next
   * entry can come); `saved` settles when the content is stored, which may be later.
   */
  saveFile(body: AsyncIterable<Buffer>, size: number): Promise<{ saved: Promise<SavedFile> }>;
  saveTree(tree: Tree): Promise<string>;
}

/** A tar entry, or a listed one: with `reuse`, a file unchanged since the parent point (its blobs). */
export interface BuildEntry extends TarEntry {
  reuse?: string[];
  ctime?: { sec: number; nsec: number };
  inode?: string;
}

export interface BuildStats {
  files: number;
  dirs: number;
  links: number;
  others: number;
  bytes: number;
  /** Content bytes read from the source (the rest reused from the parent point unread). */
  bytesRead: number;
  newBytes: number;
}

interface Frame {
  path: Buffer;
  nodes: TreeNode[];
  /** Files of this directory whose content is still being stored. */
  pending: Promise<void>[];
  /** The directory's own node (its subtree filled in when it closes); undefined for the root. */
  self?: TreeNode;
}

/**
 * The seconds a tree time can hold: RFC 3339 has four-digit years, so 0001-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z.
 */
const firstSec = -62135596800;
const lastSec = 253402300799;

const inRange = (t: { sec: number }) => t.sec >= firstSec && t.sec <= lastSec;

/**
 * A time as the tree holds it. Every time of a backup comes through here (tar headers, PAX
 * records, find's listing), so one file's far-future or far-past time is clamped to the nearest
 * end of the range here rather than failing the whole backup; baseNode notes it on the file.
 */
export function rfc3339(t: { sec: number; nsec: number }): string {
  const c = inRange(t) ? t : { sec: t.sec > lastSec ? lastSec : firstSec, nsec: 0 };
  const base = new Date(c.sec * 1000).toISOString().slice(0, 19);
  return c.nsec ? `${base}.${String(c.nsec).padStart(9, '0').replace(/0+$/, '')}Z` : `${base}Z`;
}

/** What the node's note says of a time rfc3339 clamped. */
function clampedNote(what: string, t: { sec: number }, stored: string): string {
  return `${what} out of range (${t.sec} seconds from 1970), clamped to ${stored}`;
}

function baseNode(e: BuildEntry, name: Buffer): TreeNode {
  // Assigned field by field (no spreads): this runs once per entry of the tree.
  const node: TreeNode = nameFields(name) as TreeNode;
  node.type = e.type;
  node.mode = e.mode;
  node.uid = e.uid;
  node.gid = e.gid;
  if (e.uname) node.user = e.uname;
  if (e.gname) node.group = e.gname;
  node.mtime = rfc3339(e.mtime);
  node.size = 0;
  if (!inRange(e.mtime)) node.note = clampedNote('mtime', e.mtime, node.mtime);
  if (e.ctime) {
    node.ctime = rfc3339(e.ctime);
    if (!inRange(e.ctime)) addNote(node, clampedNote('ctime', e.ctime, node.ctime));
  }
  if (e.inode) node.inode = e.inode;
  return node;
}

function addNote(node: TreeNode, note: string): void {
  node.note = node.note ? `${node.note}; ${note}` : note;
}

function parentOf(path: Buffer): Buffer {
  const i = path.lastIndexOf(0x2f);
  return i < 0 ? Buffer.alloc(0) : path.subarray(0, i);
}

function nameOf(path: Buffer): Buffer {
  return path.subarray(path.lastIndexOf(0x2f) + 1);
}

export async function buildTree(
  entries: AsyncIterable<BuildEntry>,
  sink: TreeSink,
  opts: { signal?: AbortSignal; onEntry?: (e: BuildEntry) => void } = {},
): Promise<{ root: string; stats: BuildStats }> {
  const stats: BuildStats = { files: 0, dirs: 0, links: 0, others: 0, bytes: 0, bytesRead: 0, newBytes: 0 };
  const stack: Frame[] = [{ path: Buffer.alloc(0), nodes: [], pending: [] }];
  const closed = new Set<string>();

  const close = async () => {
    const frame = stack.pop() as Frame;
    await Promise.all(frame.pending);
    const id = await sink.saveTree({ nodes: frame.nodes }).catch((e: unknown) => {
      // A folder listing is one tree blob (FORMAT.md): a folder of about a million entries is more.
      if (!isLifeboatError(e) || e.code !== 'repo.blob_too_large') throw e;
      throw new LifeboatError(
        'backup.folder_too_large',
        `Folder "${showPath(frame.path) || '.'}" holds ${frame.nodes.length} entries, more than one folder listing of a restore point can hold. Back up its subfolders as separate scopes, or split the folder.`,
      );
    });
    closed.add(frame.path.toString('latin1'));
    if (frame.self) {
      frame.self.subtree = id;
      stack[stack.length - 1]?.nodes.push(frame.self);
    }
    return id;
  };

  for await (const e of entries) {
    opts.signal?.throwIfAborted();
    if (e.path.length === 0) continue; // "." — the root's own entry carries nothing we keep
    const parent = parentOf(e.path);
    while (stack.length > 1 && !(stack[stack.length - 1] as Frame).path.equals(parent)) await close();
    if (!(stack[stack.length - 1] as Frame).path.equals(parent)) {
      throw new LifeboatError(
        'backup.bad_tar',
        closed.has(parent.toString('latin1'))
          ? `The tar stream came back to "${showPath(parent)}" after leaving it; entries are out of order.`
          : `The tar stream holds "${showPath(e.path)}" before its directory "${showPath(parent)}".`,
      );
    }
    const frame = stack[stack.length - 1] as Frame;
    const node = baseNode(e, nameOf(e.path));
    opts.onEntry?.(e);
    switch (e.type) {
      case 'dir':
        stats.dirs++;
        stack.push({ path: e.path, nodes: [], pending: [], self: node });
        continue;
      case 'file': {
        node.size = e.size;
        stats.files++;
        stats.bytes += e.size;
        if (e.reuse) {
          node.content = e.reuse;
          break;
        }
        stats.bytesRead += e.size;
        const { saved } = await sink.saveFile(e.body, e.size);
        const done = saved.then((s) => {
          node.content = s.content;
          stats.newBytes += s.newBytes;
        });
        done.catch(() => {}); // awaited when the directory closes; never unhandled meanwhile
        frame.pending.push(done);
        break;
      }
      case 'symlink':
        Object.assign(node, linkTargetFields(e.link ?? Buffer.alloc(0)));
        stats.links++;
        break;
      case 'hardlink': {
        const f = nameFields(e.link ?? Buffer.alloc(0));
        Object.assign(node, 'name' in f ? { linkTo: f.name } : { linkToBase64: f.nameBase64 });
        stats.links++;
        break;
      }
      case 'chardev':
      case 'blockdev':
        node.device = { major: e.devMajor, minor: e.devMinor };
        addNote(node, 'device recorded, not restored');
        stats.others++;
        break;
      case 'fifo':
        stats.others++;
        break;
    }
    frame.nodes.push(node);
  }
  while (stack.length > 1) await close();
  return { root: await close(), stats };
}
