// Writes tar headers (POSIX pax over ustar) for a stream that GNU tar extracts on a server.
// Names and link targets are raw bytes: anything that does not fit a ustar field as plain
// ASCII goes into a pax extended header, bytes as they are — the way GNU tar itself writes them
// (GNU tar 1.34 warns about `hdrcharset=BINARY` as an unknown keyword and extracts the raw bytes
// byte-exact without it, in the C and UTF-8 locales alike; the tests prove both). Times keep their
// nanoseconds (pax `mtime`), owners are numeric; the caller writes each file's content after
// its header, then `tarPadding(size)`, and `tarEnd` once at the end.
import { blockSize as headerBlockSize } from './header';

// A local copy: an imported binding is a property read each time (loaders wrap modules), and the
// checksum loop below reads it once per byte.
const blockSize = headerBlockSize;

export type TarWriteType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'fifo';

export interface TarWriteEntry {
  /** Relative path as raw bytes (no leading "/", no trailing "/"). */
  path: Buffer;
  type: TarWriteType;
  /** Permission bits with setuid/setgid/sticky (07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes that follow the header (files only). */
  size?: number;
  mtime: { sec: number; nsec: number };
  /** Symlink target, or the archive path of the hardlink's first occurrence. */
  link?: Buffer;
}

const typeFlag: Record<TarWriteType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  dir: '5',
  fifo: '6',
};

/** The biggest values the octal ustar fields hold (7 and 11 digits). */
const max7 = 0o7777777;
const max11 = 0o77777777777;

/** Printable ASCII without the NUL-terminated field's troubles: safe as a plain ustar name. */
function plainAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! < 0x20 || b[i]! > 0x7e) return false;
  return true;
}

/** `length - 1` octal digits (zero-padded) and a NUL; the value always fits (callers clamp it). */
function octal(block: Buffer, offset: number, length: number, value: number): void {
  let v = value;
  for (let i = offset + length - 2; i >= offset; i--) {
    block[i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  block[offset + length - 1] = 0;
}

/** One pax record "LEN key=value\n"; LEN counts itself, so it is found by trying lengths. */
export function paxRecord(key: string, value: Buffer): Buffer {
  const body = 3 + Buffer.byteLength(key) + value.length; // " " + "=" + "\n"
  let len = body + 1;
  while (String(len).length + body !== len) len = String(len).length + body;
  return Buffer.concat([Buffer.from(`${len} ${key}=`, 'latin1'), value, Buffer.from('\n')]);
}

function padding(size: number): number {
  return (blockSize - (size % blockSize)) % blockSize;
}

const zeros = Buffer.alloc(blockSize);

/** Zero bytes that round content of `size` bytes up to a whole block (read-only: shared). */
export function tarPadding(size: number): Buffer {
  return zeros.subarray(0, padding(size));
}

/** The end-of-archive marker: two zero blocks. */
export const tarEnd: Buffer = Buffer.alloc(2 * blockSize);

/** A ustar-safe stand-in name for a header whose real name is in its pax header. */
function fallbackName(path: Buffer): Buffer {
  const tail = path.subarray(Math.max(0, path.length - 99));
  return Buffer.from(tail.toString('latin1').replace(/[^\x20-\x7e]/g, '_'), 'latin1');
}

/** What every ustar header holds the same: magic and version, device numbers 0; the rest zeros. */
const template = (() => {
  const b = Buffer.alloc(blockSize);
  b.write('ustar\0' + '00', 257, 8, 'latin1');
  octal(b, 329, 8, 0);
  octal(b, 337, 8, 0);
  return b;
})();

/** Writes one ustar header block into `out` at `at` (this runs once or twice per entry). */
function ustar(
  out: Buffer,
  at: number,
  name: Buffer,
  flag: string,
  fields: { mode: number; uid: number; gid: number; size: number; mtime: number; link?: Buffer },
): void {
  template.copy(out, at);
  name.copy(out, at, 0, Math.min(100, name.length));
  octal(out, at + 100, 8, fields.mode);
  octal(out, at + 108, 8, fields.uid);
  octal(out, at + 116, 8, fields.gid);
  octal(out, at + 124, 12, fields.size);
  octal(out, at + 136, 12, fields.mtime);
  out[at + 156] = flag.charCodeAt(0);
  fields.link?.copy(out, at + 157, 0, Math.min(100, fields.link.length));
  // The checksum is taken with its own field as spaces, then written as 6 digits, NUL, space.
  out.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + blockSize; i++) sum += out[i]!;
  octal(out, at + 148, 7, sum);
  out[at + 155] = 0x20;
}

/**
 * The header blocks of one entry: a pax extended header when a name, link, time, owner or
 * size does not fit ustar exactly, then the ustar header. Throws on a path or link holding NUL.
 */
export function tarHeader(e: TarWriteEntry): Buffer {
  if (e.path.length === 0 || e.path.includes(0)) throw new Error('a tar path must be non-empty without NUL');
  if (e.link?.includes(0)) throw new Error('a tar link target must not hold NUL');
  const size = e.type === 'file' ? (e.size ?? 0) : 0;
  const records: Buffer[] = [];
  const longName = e.path.length > 100 || !plainAscii(e.path);
  if (longName) records.push(paxRecord('path', e.path));
  if (e.link && (e.link.length > 100 || !plainAscii(e.link))) records.push(paxRecord('linkpath', e.link));
  if (e.mtime.nsec !== 0 || e.mtime.sec < 0 || e.mtime.sec > max11) {
    const frac = e.mtime.nsec ? `.${String(e.mtime.nsec).padStart(9, '0')}` : '';
    records.push(paxRecord('mtime', Buffer.from(`${e.mtime.sec}${frac}`)));
  }
  if (e.uid > max7) records.push(paxRecord('uid', Buffer.from(String(e.uid))));
  if (e.gid > max7) records.push(paxRecord('gid', Buffer.from(String(e.gid))));
  if (size > max11) records.push(paxRecord('size', Buffer.from(String(size))));

  const fields = {
    mode: e.mode & 0o7777,
    uid: Math.min(e.uid, max7),
    gid: Math.min(e.gid, max7),
    size: Math.min(size, max11),
    mtime: Math.min(Math.max(e.mtime.sec, 0), max11),
    ...(e.link ? { link: e.link.length > 100 || !plainAscii(e.link) ? fallbackName(e.link) : e.link } : {}),
  };
  const name = longName ? fallbackName(e.path) : e.path;
  if (records.length === 0) {
    const header = Buffer.allocUnsafe(blockSize);
    ustar(header, 0, name, typeFlag[e.type], fields);
    return header;
  }
  // The pax header, its records padded to a block, then the entry's own header: one buffer.
  const data = records.length === 1 ? records[0]! : Buffer.concat(records);
  const padded = data.length + padding(data.length);
  const out = Buffer.allocUnsafe(2 * blockSize + padded);
  ustar(out, 0, paxName, 'x', { mode: 0o644, uid: 0, gid: 0, size: data.length, mtime: 0 });
  data.copy(out, blockSize);
  out.fill(0, blockSize + data.length, blockSize + padded);
  ustar(out, blockSize + padded, name, typeFlag[e.type], fields);
  return out;
}

const paxName = Buffer.from('PaxHeader');
