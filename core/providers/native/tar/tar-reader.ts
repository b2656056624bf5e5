// Reads a tar stream (as `tar -cf -` writes it on a server) entry by entry, streaming file
// contents, never buffering a whole file. Hostile or broken input gets a clear error:
// absolute paths, ".." segments, over-long names, bad checksums, a stream that ends early.
import { LifeboatError } from '../../../api/errors';
import { ByteReader } from './byte-reader';
import { blockSize, damaged, decodeHeader, decodePax, isZeroBlock, type RawHeader } from './header';

export const pathMax = 4096;
export const nameMax = 255;

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'blockdev' | 'fifo';

export interface TarEntry {
  /** Relative path as raw bytes, without a leading "./" or a trailing "/". */
  path: Buffer;
  type: EntryType;
  /** Permission bits with setuid/setgid/sticky (07777). */
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  size: number;
  mtime: { sec: number; nsec: number };
  /** Symlink target or hardlink source path, as raw bytes. */
  link?: Buffer;
  devMajor: number;
  devMinor: number;
  /** The content of a regular file. Read it fully or not at all before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

const empty: AsyncIterable<Buffer> = { async *[Symbol.asyncIterator]() {} };

/** Escapes a raw path for messages: printable ASCII/UTF-8 kept, the rest as \xNN. */
export function showPath(p: Buffer): string {
  const text = p.subarray(0, 300).toString('latin1');
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function unsafe(path: Buffer, why: string): LifeboatError {
  return new LifeboatError('backup.unsafe_path', `Refused tar entry "${showPath(path)}": ${why}.`);
}

/** Validates and normalizes an entry path (raw bytes). */
export function cleanPath(raw: Buffer): Buffer {
  let p = raw;
  if (p.includes(0)) throw unsafe(p, 'it contains a NUL byte');
  if (p[0] === 0x2f) throw unsafe(raw, 'it is absolute');
  while (p.length >= 2 && p[0] === 0x2e && p[1] === 0x2f) p = p.subarray(2);
  while (p.length && p[p.length - 1] === 0x2f) p = p.subarray(0, p.length - 1);
  if (p.length === 0 || (p.length === 1 && p[0] === 0x2e)) return Buffer.alloc(0);
  if (p.length > pathMax) throw unsafe(raw, `it is longer than ${pathMax} bytes`);
  let start = 0;
  for (let i = 0; i <= p.length; i++) {
    if (i === p.length || p[i] === 0x2f) {
      const seg = p.subarray(start, i);
      if (seg.length === 0) throw unsafe(raw, 'it has an empty segment ("//")');
      if (seg.length === 2 && seg[0] === 0x2e && seg[1] === 0x2e) throw unsafe(raw, 'it contains ".."');
      if (seg.length === 1 && seg[0] === 0x2e) throw unsafe(raw, 'it contains "."');
      if (seg.length > nameMax) throw unsafe(raw, `a name in it is longer than ${nameMax} bytes`);
      start = i + 1;
    }
  }
  return Buffer.from(p);
}

const padding = (size: number) => (blockSize - (size % blockSize)) % blockSize;

/** The most metadata bytes believed: one long name or PAX header, and all global PAX values kept. */
const metaMax = 1024 * 1024;

/** The PAX keys the reader uses: a global header's other keys are dropped as it is read. */
const paxKeys = new Set(['path', 'linkpath', 'size', 'uid', 'gid', 'uname', 'gname', 'mtime']);

const badPax = (key: string, v: Buffer) =>
  damaged(`PAX ${key} "${v.toString('latin1').slice(0, 30)}" is not a number`);

function paxNumber(v: Buffer | undefined, key: string): number | undefined {
  if (!v) return undefined;
  const text = v.toString('latin1');
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw badPax(key, v);
  return n;
}

/**
 * Seconds since the epoch with an optional fraction ("1714564800.123456789"), as PAX and find
 * print them. The seconds are not bounded here: the tree clamps a time it can't hold.
 */
export function paxTime(v: Buffer | undefined): { sec: number; nsec: number } | undefined {
  if (!v) return undefined;
  const m = /^(-?\d+)(?:\.(\d{1,9})\d*)?$/.exec(v.toString('latin1'));
  if (!m?.[1]) return undefined;
  const sec = Number(m[1]) || 0; // no -0
  const nsec = Number((m[2] ?? '').padEnd(9, '0'));
  // "-1.5" is one and a half seconds before the epoch: second -2, plus half a second.
  return nsec && m[1].startsWith('-') ? { sec: sec - 1, nsec: 1e9 - nsec } : { sec, nsec };
}

function paxMtime(v: Buffer | undefined): { sec: number; nsec: number } | undefined {
  if (!v) return undefined;
  const t = paxTime(v);
  if (!t) throw badPax('mtime', v);
  return t;
}

export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const r = new ByteReader(source);
  let longName: Buffer | undefined;
  let longLink: Buffer | undefined;
  let pax: Map<string, Buffer> | undefined;
  /** Global PAX values of the keys the reader uses, and their total bytes (capped at metaMax). */
  const globalPax = new Map<string, Buffer>();
  let globalBytes = 0;
  let entries = 0;
  for (;;) {
    const { data: block, partial } = await r.read(blockSize);
    if (!block) {
      throw new LifeboatError(
        'backup.truncated',
        `The tar stream ended early${partial ? ' in the middle of a header' : ''}, after ${entries} entries (no end-of-archive marker).`,
      );
    }
    if (isZeroBlock(block)) return; // end of archive (a second zero block and padding may follow)
    const h: RawHeader = decodeHeader(block);
    const meta = async (what: string) => {
      if (h.size > metaMax) throw damaged(`${what} of ${h.size} bytes is not believable`);
      const chunks: Buffer[] = [];
      for await (const c of r.stream(h.size, what)) chunks.push(c);
      await r.skip(padding(h.size), what);
      return Buffer.concat(chunks);
    };
    if (h.type === 'gnu-long-name') {
      const v = await meta('a long name');
      longName = v.subarray(0, v.indexOf(0) < 0 ? v.length : v.indexOf(0));
      continue;
    }
    if (h.type === 'gnu-long-link') {
      const v = await meta('a long link name');
      longLink = v.subarray(0, v.indexOf(0) < 0 ? v.length : v.indexOf(0));
      continue;
    }
    if (h.type === 'pax') {
      pax = decodePax(await meta('a PAX header'));
      continue;
    }
    if (h.type === 'pax-global') {
      for (const [key, v] of decodePax(await meta('a PAX global header'))) {
        if (!paxKeys.has(key)) continue;
        globalBytes -= globalPax.get(key)?.length ?? 0;
        // An empty value unsets the key (POSIX): the header fields count again.
        if (v.length) globalPax.set(key, v);
        else globalPax.delete(key);
        globalBytes += v.length;
      }
      if (globalBytes > metaMax)
        throw damaged(`its PAX global headers hold ${globalBytes} bytes of values, more than ${metaMax}`);
      continue;
    }
    if (h.type === 'gnu-sparse' || h.type === 'unknown') {
      throw new LifeboatError(
        'backup.unsupported_tar',
        `The tar stream holds an entry of type "${h.typeFlag}" (${h.type}) at "${showPath(longName ?? h.name)}", which Lifeboat does not read.`,
      );
    }
    // The entry's PAX value, else the global one; an empty value means unset (POSIX): the header field.
    const entryPax = pax;
    const x = (key: string) => {
      const v = entryPax?.get(key) ?? globalPax.get(key);
      return v?.length ? v : undefined;
    };
    const rawPath = x('path') ?? longName ?? h.name;
    const link = x('linkpath') ?? longLink ?? (h.linkName.length ? h.linkName : undefined);
    longName = longLink = pax = undefined;
    const size = paxNumber(x('size'), 'size') ?? h.size;
    const entry: TarEntry = {
      path: cleanPath(rawPath),
      type: h.type,
      mode: h.mode & 0o7777,
      uid: paxNumber(x('uid'), 'uid') ?? h.uid,
      gid: paxNumber(x('gid'), 'gid') ?? h.gid,
      uname: x('uname')?.toString('utf8') ?? h.uname,
      gname: x('gname')?.toString('utf8') ?? h.gname,
      size: h.type === 'file' ? size : 0,
      mtime: paxMtime(x('mtime')) ?? { sec: h.mtime, nsec: 0 },
      ...(link ? { link: h.type === 'hardlink' ? cleanPath(link) : Buffer.from(link) } : {}),
      devMajor: h.devMajor,
      devMinor: h.devMinor,
      body: empty,
    };
    if (link && link.includes(0)) throw unsafe(link, 'its link target contains a NUL byte');
    entries++;
    if (h.type === 'file') {
      let delivered = 0;
      const what = `"${showPath(entry.path)}"`;
      entry.body = {
        async *[Symbol.asyncIterator]() {
          for await (const c of r.stream(size - delivered, what)) {
            delivered += c.length;
            yield c;
          }
        },
      };
      yield entry;
      await r.skip(size - delivered + padding(size), what); // what the consumer did not read
    } else {
      // A non-file header may still carry data (some tars give hardlinks a size): skip it.
      if (size > 0) await r.skip(size + padding(size), 'an entry');
      yield entry;
    }
  }
}
