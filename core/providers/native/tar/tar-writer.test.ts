import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar } from './tar-reader';
import { tarEnd, tarHeader, tarPadding, type TarWriteEntry } from './tar-writer';

const isRoot = process.getuid?.() === 0;

interface Item extends TarWriteEntry {
  content?: Buffer;
}

function archive(items: Item[]): Buffer {
  const parts: Buffer[] = [];
  for (const it of items) {
    parts.push(tarHeader({ ...it, ...(it.content ? { size: it.content.length } : {}) }));
    if (it.content) parts.push(it.content, tarPadding(it.content.length));
  }
  parts.push(tarEnd);
  return Buffer.concat(parts);
}

const b = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s) : Buffer.from(s));
const t = (sec: number, nsec = 0) => ({ sec, nsec });
const owner = { uid: 1234, gid: 2345 };

// Awkward names: spaces, a newline, Unicode, bytes that are not UTF-8, long names and paths.
const long200 = 'L'.repeat(200);
const nonUtf8 = b([...b('top/latin1-'), 0xe9, 0xff]);
const deepDir = `top/${'a'.repeat(120)}/${'b'.repeat(120)}`;
const items: Item[] = [
  { path: b('top'), type: 'dir', mode: 0o750, ...owner, mtime: t(1_600_000_000, 250_000_000) },
  {
    path: b('top/with space.txt'),
    type: 'file',
    mode: 0o644,
    ...owner,
    mtime: t(1_700_000_000, 123_456_789),
    content: b('hello\n'),
  },
  {
    path: b('top/new\nline'),
    type: 'file',
    mode: 0o600,
    ...owner,
    mtime: t(1_700_000_001),
    content: b('nl\n'),
  },
  {
    path: b('top/ünïcödé ✓.conf'),
    type: 'file',
    mode: 0o640,
    ...owner,
    mtime: t(1_700_000_002, 1),
    content: b('u\n'),
  },
  {
    path: nonUtf8,
    type: 'file',
    mode: 0o4755,
    ...owner,
    mtime: t(1_700_000_003, 999_999_999),
    content: b('x'),
  },
  {
    path: b(`top/${long200}`),
    type: 'file',
    mode: 0o444,
    ...owner,
    mtime: t(1_700_000_004),
    content: Buffer.alloc(70_000, 7),
  },
  {
    path: b(deepDir.split('/').slice(0, 2).join('/')),
    type: 'dir',
    mode: 0o755,
    ...owner,
    mtime: t(1_500_000_000),
  },
  { path: b(deepDir), type: 'dir', mode: 0o700, ...owner, mtime: t(1_500_000_001, 5) },
  {
    path: b(`${deepDir}/${'c'.repeat(100)}.txt`),
    type: 'file',
    mode: 0o644,
    ...owner,
    mtime: t(1_700_000_005),
    content: b('deep\n'),
  },
  {
    path: b('top/empty'),
    type: 'file',
    mode: 0o644,
    ...owner,
    mtime: t(1_700_000_006),
    content: Buffer.alloc(0),
  },
  {
    path: b('top/link'),
    type: 'symlink',
    mode: 0o777,
    ...owner,
    mtime: t(1_700_000_007, 700),
    link: b('with space.txt'),
  },
  {
    path: b('top/long-link'),
    type: 'symlink',
    mode: 0o777,
    ...owner,
    mtime: t(1_700_000_008),
    link: b(`/x/${long200}/${long200}`),
  },
  {
    path: b('top/odd-link'),
    type: 'symlink',
    mode: 0o777,
    ...owner,
    mtime: t(1_700_000_009),
    link: nonUtf8.subarray(4),
  },
  {
    path: b('top/hard'),
    type: 'hardlink',
    mode: 0o644,
    ...owner,
    mtime: t(1_700_000_000, 123_456_789),
    link: b('top/with space.txt'),
  },
  { path: b('top/pipe'), type: 'fifo', mode: 0o620, ...owner, mtime: t(1_700_000_010, 42) },
];

describe('tar writer', () => {
  it.each(['C', 'C.UTF-8'])(
    'writes archives GNU tar extracts byte-exact (LC_ALL=%s): names, content, modes, owners, ns mtimes, links',
    (locale) => {
      const dir = mkdtempSync(join(tmpdir(), 'lifeboat-tarw-'));
      const run = spawnSync('tar', ['-x', '-p', '--numeric-owner', '-f', '-', '-C', dir], {
        input: archive(items),
        env: { ...process.env, LC_ALL: locale },
      });
      // Not a single warning: every header is one GNU tar knows.
      expect([run.status, run.stderr.toString()]).toEqual([0, '']);
      const abs = (p: Buffer) => Buffer.concat([b(dir + '/'), p]);
      for (const it of items) {
        const st = lstatSync(abs(it.path), { bigint: true });
        const what = it.path.toString('latin1');
        if (it.type !== 'symlink') expect(Number(st.mode & 0o7777n), what).toBe(it.mode);
        if (isRoot) expect([Number(st.uid), Number(st.gid)], what).toEqual([owner.uid, owner.gid]);
        if (it.type !== 'hardlink')
          expect(st.mtimeNs, what).toBe(BigInt(it.mtime.sec) * 1_000_000_000n + BigInt(it.mtime.nsec));
        if (it.content) expect(readFileSync(abs(it.path)).equals(it.content), what).toBe(true);
        if (it.type === 'symlink')
          expect(readlinkSync(abs(it.path), { encoding: 'buffer' }).equals(it.link!)).toBe(true);
        if (it.type === 'fifo') expect(st.isFIFO()).toBe(true);
        if (it.type === 'dir') expect(st.isDirectory()).toBe(true);
      }
      const first = lstatSync(abs(b('top/with space.txt')));
      const link = lstatSync(abs(b('top/hard')));
      expect([link.ino, link.nlink]).toEqual([first.ino, 2]);
      // The deep file's path is longer than 255 bytes (each name is not).
      expect(`${deepDir}/${'c'.repeat(100)}.txt`.length).toBeGreaterThan(255);
    },
  );

  it('round-trips through our own reader: names, types, times, owners, links, content', async () => {
    const back = [];
    async function* once() {
      yield archive(items);
    }
    for await (const e of readTar(once())) {
      const parts: Buffer[] = [];
      for await (const c of e.body) parts.push(c);
      back.push({ ...e, content: Buffer.concat(parts) });
    }
    expect(back.map((e) => e.path.toString('latin1'))).toEqual(items.map((i) => i.path.toString('latin1')));
    for (const [i, e] of back.entries()) {
      const it = items[i]!;
      expect(e.type).toBe(it.type);
      expect(e.mtime).toEqual(it.mtime);
      expect([e.uid, e.gid, e.mode]).toEqual([it.uid, it.gid, it.mode]);
      if (it.link) expect(e.link?.equals(it.link)).toBe(true);
      if (it.content) expect(e.content.equals(it.content)).toBe(true);
    }
  });

  it('uses pax records for owners beyond the ustar range, and refuses NUL in names', () => {
    const big = { uid: 5_000_000, gid: 4_000_000 };
    const tar = archive([{ path: b('f'), type: 'file', mode: 0o600, ...big, mtime: t(1), content: b('1') }]);
    const out = execFileSync('tar', ['--numeric-owner', '-tvf', '-'], { input: tar }).toString();
    expect(out).toContain('5000000/4000000');
    expect(() => tarHeader({ path: b('a\0b'), type: 'file', mode: 0, uid: 0, gid: 0, mtime: t(0) })).toThrow(
      /NUL/,
    );
  });
});
