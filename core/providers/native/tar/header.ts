// One 512-byte tar header block (POSIX ustar, GNU and PAX variants), decoded strictly.
// Names are kept as raw bytes: a server's file names need not be UTF-8.
import { LifeboatError } from '../../../api/errors';

export const blockSize = 512;

export type TarEntryType =
  | 'file'
  | 'hardlink'
  | 'symlink'
  | 'chardev'
  | 'blockdev'
  | 'dir'
  | 'fifo'
  | 'gnu-long-name'
  | 'gnu-long-link'
  | 'pax'
  | 'pax-global'
  | 'gnu-sparse'
  | 'unknown';

const typeFlags: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file', // contiguous file: a regular file
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'chardev',
  '4': 'blockdev',
  '5': 'dir',
  '6': 'fifo',
  L: 'gnu-long-name',
  K: 'gnu-long-link',
  x: 'pax',
  g: 'pax-global',
  S: 'gnu-sparse',
};

export interface RawHeader {
  name: Buffer;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  type: TarEntryType;
  typeFlag: string;
  linkName: Buffer;
  uname: string;
  gname: string;
  devMajor: number;
  devMinor: number;
}

export function damaged(why: string): LifeboatError {
  return new LifeboatError('backup.bad_tar', `The server's tar stream is damaged: ${why}.`);
}

/** A NUL-terminated field as bytes. */
function field(block: Buffer, offset: number, length: number): Buffer {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return Buffer.from(end < 0 ? raw : raw.subarray(0, end));
}

/**
 * Octal number, or GNU base-256 (high bit set) for values that don't fit. A time may be negative
 * or beyond 2^53 there: it is returned as it is and clamped where the tree records it
 * (tree-builder.ts), so that one file's far-off time can't fail a backup.
 */
function numeric(block: Buffer, offset: number, length: number, what: string, time = false): number {
  const raw = block.subarray(offset, offset + length);
  const first = raw[0] ?? 0;
  if (first & 0x80) {
    // Two's complement below the marker bit: 0x40 is the sign, as GNU tar writes it.
    let n = (first & 0x3f) - (first & 0x40);
    for (let i = 1; i < raw.length; i++) n = n * 256 + (raw[i] ?? 0);
    if (time) return n;
    if (n < 0) throw damaged(`negative ${what}`);
    if (!Number.isSafeInteger(n)) throw damaged(`${what} too large`);
    return n;
  }
  const text = raw
    .toString('latin1')
    .replace(/[\0 ]+$/g, '')
    .replace(/^[ ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw damaged(`${what} is not a number ("${text.slice(0, 20)}")`);
  return parseInt(text, 8);
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

export function decodeHeader(block: Buffer): RawHeader {
  if (block.length !== blockSize) throw damaged('a header block is short');
  // Checksum: the sum of all bytes with the checksum field taken as spaces.
  const stored = numeric(block, 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < blockSize; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] ?? 0);
  if (sum !== stored) throw damaged('a header checksum does not match');
  const magic = block.subarray(257, 263).toString('latin1');
  const ustar = magic === 'ustar\0' || magic === 'ustar ';
  let name = field(block, 0, 100);
  if (magic === 'ustar\0') {
    const prefix = field(block, 345, 155);
    if (prefix.length) name = Buffer.concat([prefix, Buffer.from('/'), name]);
  }
  const typeFlag = String.fromCharCode(block[156] ?? 0);
  return {
    name,
    mode: numeric(block, 100, 8, 'mode'),
    uid: numeric(block, 108, 8, 'uid'),
    gid: numeric(block, 116, 8, 'gid'),
    size: numeric(block, 124, 12, 'size'),
    mtime: numeric(block, 136, 12, 'mtime', true),
    type: typeFlags[typeFlag] ?? 'unknown',
    typeFlag,
    linkName: field(block, 157, 100),
    uname: ustar ? field(block, 265, 32).toString('utf8') : '',
    gname: ustar ? field(block, 297, 32).toString('utf8') : '',
    devMajor: ustar ? numeric(block, 329, 8, 'device major') : 0,
    devMinor: ustar ? numeric(block, 337, 8, 'device minor') : 0,
  };
}

/** PAX extended header records: "LEN key=value\n", values kept as bytes. */
export function decodePax(data: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    if (space < 0) throw damaged('a PAX record has no length');
    // Digits only: Number() would also take "1e2", "0x10" or " 12".
    const digits = data.subarray(pos, space).toString('latin1');
    const len = /^\d{1,10}$/.test(digits) ? Number(digits) : NaN;
    if (!(len > space - pos) || pos + len > data.length)
      throw damaged(`a PAX record length is wrong ("${digits.slice(0, 20)}")`);
    const record = data.subarray(space + 1, pos + len - 1); // without the trailing newline
    const eq = record.indexOf(0x3d);
    if (eq < 0 || data[pos + len - 1] !== 0x0a) throw damaged('a PAX record is malformed');
    out.set(record.subarray(0, eq).toString('utf8'), Buffer.from(record.subarray(eq + 1)));
    pos += len;
  }
  return out;
}
