// The tar stream of a files restore: headers from the point's metadata, content straight from
// the repository. Blobs are loaded a bounded distance ahead (Repository.loadBlobs: neighbouring
// blobs in one read, bounded reads and bytes) so the network and the repository work at once
// while memory stays bounded; small pieces are gathered into larger writes because every
// channel write has a cost of its own.
import { createHash } from 'node:crypto';
import { LifeboatError } from '../../api/errors';
import { tarEnd, tarHeader, tarPadding, type TarWriteEntry } from '../../providers/native/tar/tar-writer';
import type { Repository } from '../../repository/repository';
import { parseMtime, type PointSide } from './compare';

export interface StreamEntry {
  header: TarWriteEntry;
  /** Files with content: blob ids in order (their lengths must add up to header.size). */
  content?: string[];
  /** Or the content itself (small files the restore writes for its own use); a function is called
   * when the entry is reached, for content known only once what comes before it was sent. */
  data?: Buffer | (() => Buffer);
  /** Set when the stream computes the content's SHA-256 (files stored in several blobs). */
  hash?: boolean;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Content bytes as they are handed to the channel. */
  onBytes?(n: number): void;
  /** After each entry's last byte. */
  onEntry?(index: number, sha256?: string): void;
}

/** The header of a point item at `path` (the point's mode, owner, time); with `link`, a hardlink. */
export function header(path: Buffer, side: PointSide, link?: Buffer): TarWriteEntry {
  const n = side.node;
  const base = { path, mode: n.mode, uid: n.uid, gid: n.gid, mtime: parseMtime(n.mtime) };
  if (link) return { ...base, type: 'hardlink', link };
  if (side.type === 'file') return { ...base, type: 'file', size: side.size };
  if (side.type === 'symlink') return { ...base, type: 'symlink', link: side.link ?? Buffer.alloc(0) };
  return { ...base, type: side.type === 'dir' ? 'dir' : 'fifo' };
}

const gather = 256 * 1024;

/** The whole archive as chunks of about `gather` bytes. */
export async function* tarStream(
  repo: Repository,
  entries: StreamEntry[],
  opts: StreamOptions = {},
): AsyncGenerator<Buffer> {
  const ids = entries.flatMap((e) => e.content ?? []);
  // Blob contents in order; the repository reads neighbours together, a bounded distance ahead.
  const source = repo.loadBlobs('data', ids, opts.signal ? { signal: opts.signal } : {});
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let pendingContent = 0;
  const take = (b: Buffer, content: boolean) => {
    pending.push(b);
    pendingBytes += b.length;
    if (content) pendingContent += b.length;
  };
  const flush = () => {
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    opts.onBytes?.(pendingContent);
    pending = [];
    pendingBytes = 0;
    pendingContent = 0;
    return out;
  };
  try {
    for (const [i, e] of entries.entries()) {
      opts.signal?.throwIfAborted();
      take(tarHeader(e.header), false);
      const size = e.header.type === 'file' ? (e.header.size ?? 0) : 0;
      const hash = e.hash ? createHash('sha256') : undefined;
      let sent = 0;
      const data = typeof e.data === 'function' ? e.data() : e.data;
      if (data) {
        take(data, false);
        sent = data.length;
      }
      for (let k = 0; k < (e.content?.length ?? 0); k++) {
        const next = await source.next();
        if (next.done) throw new Error('the blob list ended early');
        const value = next.value.plaintext;
        sent += value.length;
        if (sent > size) break;
        hash?.update(value);
        take(value, true);
        if (pendingBytes >= gather) yield flush();
      }
      if (sent !== size) {
        const path = e.header.path.toString('utf8');
        throw new LifeboatError(
          'restore.size_mismatch',
          `${path}: its content has ${sent} bytes, the point's tree says ${size}; the restore point is inconsistent.`,
        );
      }
      take(tarPadding(size), false);
      opts.onEntry?.(i, hash?.digest('hex'));
      if (pendingBytes >= gather) yield flush();
    }
    take(tarEnd, false);
    yield flush();
  } finally {
    await source.return(undefined);
  }
}
