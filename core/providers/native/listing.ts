// The metadata of a server path, listed by GNU find (one NUL-terminated field each, so names with
// newlines or any bytes come through whole), in the same depth-first order tar walks. A backup
// lists first, compares each file with its parent restore point, and reads only the files that
// changed (listed-entries.ts). Everything the server prints is checked as tar entries are:
// relative, no "..", bounded names, numbers that are numbers.
import { posix } from 'node:path';
import { LifeboatError } from '../../api/errors';
import { shQuote, shScript } from '../../connect/ssh';
import { onServer } from './tar-messages';
import { cleanPath, paxTime, showPath, type EntryType, type TarEntry } from './tar/tar-reader';

/** A listed entry: tar's fields (no body, no device numbers), plus what tells a change. */
export interface Listed extends Pick<
  TarEntry,
  'path' | 'mode' | 'uid' | 'gid' | 'uname' | 'gname' | 'size' | 'mtime' | 'link'
> {
  type: EntryType | 'socket';
  ctime: { sec: number; nsec: number };
  /** Device and inode numbers (decimal text: they may exceed 2^53). */
  dev: string;
  inode: string;
  nlink: number;
}

/** type, mode, uid, gid, user, group, size, mtime, ctime, device, inode, links, path, link target. */
const fields = [
  '%y',
  '%m',
  '%U',
  '%G',
  '%u',
  '%g',
  '%s',
  '%T@',
  '%C@',
  '%D',
  '%i',
  '%n',
  '%p',
  '%l',
] as const;
type Each<T extends readonly unknown[], V> = { -readonly [K in keyof T]: V };
type Fields = Each<typeof fields, Buffer>;
const format = fields.map((f) => `${f}\\0`).join('');

/**
 * `find` over one path, run in its parent folder so paths match tar's (`./name/…`; `.` for "/").
 * The path is given as "./name" so that a name starting with "-" is never read as an option.
 */
export function listCommand(path: string, sudo: boolean): string {
  const base = path === '/' ? '/' : posix.dirname(path);
  const start = path === '/' ? '.' : `./${posix.basename(path)}`;
  return shScript(`cd ${shQuote(base)} && find ${shQuote(start)} -printf '${format}'`, sudo);
}

const types: Record<string, Listed['type'] | undefined> = {
  f: 'file',
  d: 'dir',
  l: 'symlink',
  b: 'blockdev',
  c: 'chardev',
  p: 'fifo',
  s: 'socket',
};

function bad(why: string): LifeboatError {
  return new LifeboatError('backup.bad_listing', `The server's file listing is damaged: ${why}.`);
}

function int(v: Buffer, what: string, radix = 10): number {
  const text = v.toString('latin1');
  const n =
    radix === 8
      ? /^[0-7]{1,7}$/.test(text)
        ? parseInt(text, 8)
        : NaN
      : /^\d{1,16}$/.test(text)
        ? Number(text)
        : NaN;
  if (!Number.isSafeInteger(n)) throw bad(`${what} "${text.slice(0, 30)}"`);
  return n;
}

function digits(v: Buffer, what: string): string {
  const text = v.toString('latin1');
  if (!/^\d{1,20}$/.test(text)) throw bad(`${what} "${text.slice(0, 30)}"`);
  return text;
}

/** Seconds of any size: a time the tree can't hold is clamped (and noted) where the tree records it. */
function time(v: Buffer, what: string): { sec: number; nsec: number } {
  const t = paxTime(v);
  if (!t) throw bad(`${what} "${v.toString('latin1').slice(0, 30)}"`);
  return t;
}

/** A user or group name as tar would record it: find prints the number when there is no name. */
function owner(v: Buffer, id: number): string {
  const text = v.toString('utf8');
  return text === String(id) ? '' : text;
}

function toListed(f: Buffer[]): Listed {
  const [y, m, u, g, un, gn, s, mt, ct, dev, ino, nl, p, l] = f as Fields;
  const type = types[y.toString('latin1')];
  const path = cleanPath(p);
  if (!type) throw bad(`"${showPath(path)}" has the unknown type "${y.toString('latin1').slice(0, 4)}"`);
  const uid = int(u, 'uid');
  const gid = int(g, 'gid');
  const size = int(s, 'size');
  return {
    path,
    type,
    mode: int(m, 'mode', 8) & 0o7777,
    uid,
    gid,
    uname: owner(un, uid),
    gname: owner(gn, gid),
    size: type === 'file' ? size : 0,
    mtime: time(mt, 'mtime'),
    ctime: time(ct, 'ctime'),
    dev: digits(dev, 'device'),
    inode: digits(ino, 'inode'),
    nlink: int(nl, 'link count'),
    ...(type === 'symlink' ? { link: Buffer.from(l) } : {}),
  };
}

/** Bounds one field, so a hostile server can't make us buffer without end. */
const maxField = 64 * 1024;

/** Parses find's output as it arrives; throws `backup.bad_listing` for anything malformed. */
export async function* parseListing(source: AsyncIterable<Buffer>): AsyncGenerator<Listed> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let record: Buffer[] = [];
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const nul = chunk.indexOf(0, start);
      if (nul < 0) break;
      const piece = chunk.subarray(start, nul);
      const field = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      record.push(field);
      if (record.length === fields.length) {
        yield toListed(record);
        record = [];
      }
      start = nul + 1;
    }
    if (start < chunk.length) {
      pending.push(Buffer.from(chunk.subarray(start)));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxField) throw bad(`a field longer than ${maxField} bytes`);
    }
  }
  if (record.length || pendingBytes) throw bad('it ended in the middle of an entry');
}

const findMessage = /^find: '(.+)': (.+)$/;

/** find's complaints about single paths ("Permission denied"), as absolute paths on the server. */
export function findFailures(stderr: string, base: string): { item: string; message: string }[] {
  const out: { item: string; message: string }[] = [];
  for (const line of stderr.split('\n')) {
    const m = findMessage.exec(line.trim());
    if (!m?.[1] || !m[2]) continue;
    out.push({ item: onServer(base, m[1]), message: m[2] });
  }
  return out;
}
