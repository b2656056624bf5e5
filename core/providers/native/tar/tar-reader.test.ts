import { execFileSync } from 'node:child_process';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree } from '../testing';
import { paxTime, readTar, type TarEntry } from './tar-reader';
import { paxRecord, tarPadding } from './tar-writer';

async function* chunks(buf: Buffer, size = 7000): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(tar: Buffer, chunkSize?: number) {
  const out: (Omit<TarEntry, 'body'> & { content?: Buffer })[] = [];
  for await (const e of readTar(chunks(tar, chunkSize))) {
    const { body, ...rest } = e;
    const parts: Buffer[] = [];
    for await (const c of body) parts.push(c);
    out.push(e.type === 'file' ? { ...rest, content: Buffer.concat(parts) } : rest);
  }
  return out;
}

describe('tar reader', () => {
  for (const format of ['gnu', 'posix'] as const) {
    it(`reads everything GNU tar writes (--format=${format}), byte-exact`, async () => {
      const { root, big } = makeTree();
      const tar = execFileSync(
        'tar',
        [`--format=${format}`, '--numeric-owner', '-cf', '-', '-C', root, 'data'],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      for (const size of [512, 7000, 1 << 20]) {
        const entries = await collect(tar, size);
        const byName = new Map(entries.map((e) => [e.path.toString('latin1'), e]));
        const get = (p: string) => byName.get(Buffer.from(p).toString('latin1'));
        expect(get('data')?.type).toBe('dir');
        expect(get('data/empty dir')?.type).toBe('dir');
        expect(get('data/with space.txt')?.content?.toString()).toBe('hello world\n');
        expect(get('data/new\nline')?.content?.toString()).toBe('newline in the name\n');
        expect(get('data/ünïcödé ✓.conf')?.content?.toString()).toBe('unicode\n');
        expect(
          byName.get(Buffer.from([...Buffer.from('data/latin1-'), 0xe9, 0xff]).toString('latin1'))?.type,
        ).toBe('file');
        expect(get('data/big.bin')?.content?.equals(big)).toBe(true);
        expect(get('data/empty.txt')?.content?.length).toBe(0);
        expect(
          get(`data/deep/${'a'.repeat(80)}/${'b'.repeat(80)}/long-path-file.txt`)?.content?.toString(),
        ).toBe('deep\n');
        // Whichever of the two names tar meets first holds the content; the other links to it.
        const pair = [get('data/original.txt'), get('data/hardlink.txt')];
        const link = pair.find((x) => x?.type === 'hardlink');
        const target = pair.find((x) => x?.type === 'file');
        expect(target?.content?.toString()).toBe('linked\n');
        expect(link?.link?.equals(target?.path ?? Buffer.alloc(0))).toBe(true);
        expect(get('data/link')?.link?.toString()).toBe('with space.txt');
        expect(get('data/absolute-link')?.link?.toString()).toBe('/etc/passwd');
        expect(get('data/pipe')?.type).toBe('fifo');
        expect(get('data/setuid')?.mode).toBe(0o4755);
        const st = lstatSync(join(root, 'data', 'with space.txt'));
        const e = get('data/with space.txt');
        expect(e?.uid).toBe(st.uid);
        expect(e?.mtime.sec).toBe(Math.floor(st.mtimeMs / 1000));
        if (format === 'posix') expect(e?.mtime.nsec).toBe(789_000_000);
      }
    });
  }

  it('skips the bodies a caller does not read', async () => {
    const { root } = makeTree();
    const tar = execFileSync('tar', ['-cf', '-', '-C', root, 'data'], { maxBuffer: 64 * 1024 * 1024 });
    const names: string[] = [];
    for await (const e of readTar(chunks(tar))) names.push(e.path.toString('latin1'));
    expect(names).toContain('data/big.bin');
    expect(names).toContain('data/with space.txt');
  });
});

// ---- hostile and broken input --------------------------------------------------------------

function header(
  name: string | Buffer,
  opts: { type?: string; size?: number; link?: string; mtime?: Buffer } = {},
): Buffer {
  const b = Buffer.alloc(512);
  Buffer.from(name).copy(b, 0, 0, 100);
  b.write('0000644\0', 100, 'latin1');
  b.write('0000000\0', 108, 'latin1');
  b.write('0000000\0', 116, 'latin1');
  b.write((opts.size ?? 0).toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  b.write('00000000000\0', 136, 'latin1');
  opts.mtime?.copy(b, 136, 0, 12);
  b.write(opts.type ?? '0', 156, 'latin1');
  if (opts.link) b.write(opts.link, 157, 'latin1');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return b;
}
const file = (name: string | Buffer, body: string) => {
  const data = Buffer.from(body);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header(name, { size: data.length }), data, pad]);
};
const end = Buffer.alloc(1024);

async function refused(tar: Buffer) {
  try {
    await collect(tar);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected the tar to be refused');
}

describe('tar reader on hostile or broken input', () => {
  it.each([
    ['../../etc/passwd', 'contains ".."'],
    ['a/../../b', 'contains ".."'],
    ['/etc/shadow', 'absolute'],
    ['a//b', 'empty segment'],
    [`x/${'n'.repeat(300)}`, 'longer than 255'],
  ])('refuses the path %s', async (name, why) => {
    // Use a GNU long name so paths over 100 bytes reach the check.
    const long = Buffer.from(name);
    const pad = Buffer.alloc((512 - (long.length % 512)) % 512);
    const hostile = Buffer.concat([
      header('././@LongLink', { type: 'L', size: long.length }),
      long,
      pad,
      file('x', 'owned'),
      end,
    ]);
    const e = await refused(hostile);
    expect(e.code).toBe('backup.unsafe_path');
    expect(e.message).toContain(why);
  });

  it('refuses a hardlink pointing outside the archive', async () => {
    const e = await refused(Buffer.concat([header('a', { type: '1', link: '../../etc/shadow' }), end]));
    expect(e.code).toBe('backup.unsafe_path');
  });

  it('refuses a path over PATH_MAX', async () => {
    const long = Buffer.from(Array.from({ length: 20 }, () => 'd'.repeat(250)).join('/'));
    const pad = Buffer.alloc((512 - (long.length % 512)) % 512);
    const e = await refused(
      Buffer.concat([header('x', { type: 'L', size: long.length }), long, pad, file('x', 'y'), end]),
    );
    expect(e.message).toContain('longer than 4096');
  });

  it('says so when the stream ends early: mid-body, mid-header, or without the end marker', async () => {
    const whole = Buffer.concat([file('a.txt', 'x'.repeat(5000)), end]);
    expect((await refused(whole.subarray(0, 1500))).code).toBe('backup.truncated');
    expect((await refused(whole.subarray(0, 200))).code).toBe('backup.truncated');
    expect((await refused(whole.subarray(0, whole.length - 1024))).message).toContain('end-of-archive');
  });

  it('refuses a damaged header checksum and unknown entry types', async () => {
    const bad = header('a.txt');
    bad[0] = 'b'.charCodeAt(0);
    expect((await refused(Buffer.concat([bad, end]))).message).toContain('checksum');
    expect((await refused(Buffer.concat([header('a', { type: 'Z' }), end]))).code).toBe(
      'backup.unsupported_tar',
    );
  });

  it('accepts a relative symlink target that points upward (it is data, checked at restore)', async () => {
    const entries = await collect(Buffer.concat([header('l', { type: '2', link: '../x' }), end]));
    expect(entries[0]?.link?.toString()).toBe('../x');
  });
});

/** A PAX header (type "x" for the next entry, "g" global): these records, or these raw bytes. */
function pax(records: Record<string, string> | string, type: 'x' | 'g' = 'x'): Buffer {
  const data =
    typeof records === 'string'
      ? Buffer.from(records)
      : Buffer.concat(Object.entries(records).map(([k, v]) => paxRecord(k, Buffer.from(v))));
  return Buffer.concat([header('PaxHeader', { type, size: data.length }), data, tarPadding(data.length)]);
}

describe('tar reader on PAX headers', () => {
  it("takes an entry's PAX value over the global one, and an empty value as unset", async () => {
    const entries = await collect(
      Buffer.concat([
        pax({ uname: 'global', mtime: '100', comment: 'not kept' }, 'g'),
        pax({ uname: '', mtime: '200.5' }),
        file('a', '1'),
        file('b', '2'),
        pax({ uname: '' }, 'g'),
        file('c', '3'),
        end,
      ]),
    );
    expect(entries.map((e) => [e.path.toString(), e.uname, e.mtime])).toEqual([
      ['a', '', { sec: 200, nsec: 500_000_000 }], // the header's (empty) uname, not the global one
      ['b', 'global', { sec: 100, nsec: 0 }],
      ['c', '', { sec: 100, nsec: 0 }],
    ]);
  });

  it('reads a file whose PAX size is empty by its header size, never its content as entries', async () => {
    const inner = Buffer.concat([file('evil', 'owned'), end]);
    const entries = await collect(
      Buffer.concat([pax({ size: '' }), header('inner.tar', { size: inner.length }), inner, end]),
    );
    expect(entries.map((e) => e.path.toString())).toEqual(['inner.tar']);
    expect(entries[0]?.content?.equals(inner)).toBe(true);
  });

  it.each([
    ['size', '1e2'],
    ['size', '-1'],
    ['size', '0x10'],
    ['uid', ' 5'],
    ['gid', '99999999999999999'],
    ['mtime', '1e9'],
    ['mtime', 'yesterday'],
  ])('refuses PAX %s "%s", naming the key', async (key, value) => {
    const e = await refused(Buffer.concat([pax({ [key]: value }), file('a', 'x'), end]));
    expect(e.code).toBe('backup.bad_tar');
    expect(e.message).toContain(`PAX ${key} "${value}"`);
  });

  it.each(['+13 path=abc\n', '1e1 path=a\n', '0xd path=abc\n'])(
    'refuses the PAX record length in %j',
    async (record) => {
      const e = await refused(Buffer.concat([pax(record), file('a', 'x'), end]));
      expect(e).toMatchObject({ code: 'backup.bad_tar', message: expect.stringContaining('record length') });
    },
  );

  it('keeps only the global keys it uses: a global header of 80k keys costs nothing per entry', async () => {
    const junk = Array.from({ length: 80_000 }, (_, i) => [`k${String(i).padStart(6, '0')}`, 'v']);
    const global = pax(Object.fromEntries([...junk, ['gname', 'ops']]), 'g'); // just under 1 MiB
    const files = Array.from({ length: 1000 }, (_, i) => file(`f${i}`, 'x'));
    const started = Date.now();
    const entries = await collect(Buffer.concat([global, ...files, end]));
    expect(entries).toHaveLength(1000);
    expect(entries[999]?.gname).toBe('ops');
    expect(Date.now() - started).toBeLessThan(5000); // 46 s when every entry merged the global keys
  });

  it('caps the global PAX values kept at 1 MiB', async () => {
    const big = (key: string) => pax({ [key]: 'x'.repeat(600_000) }, 'g');
    // The same key again replaces its value: no growth.
    const fine = await collect(
      Buffer.concat([big('uname'), big('uname'), big('uname'), file('a', 'x'), end]),
    );
    expect(fine[0]?.uname).toHaveLength(600_000);
    const e = await refused(Buffer.concat([big('uname'), big('gname'), file('a', 'x'), end]));
    expect(e).toMatchObject({
      code: 'backup.bad_tar',
      message: expect.stringContaining('PAX global headers'),
    });
  });
});

describe('tar reader times', () => {
  it('reads a negative time with a fraction as that far before the epoch', async () => {
    expect(paxTime(Buffer.from('-1.5'))).toEqual({ sec: -2, nsec: 500_000_000 });
    expect(paxTime(Buffer.from('-0.25'))).toEqual({ sec: -1, nsec: 750_000_000 });
    expect(paxTime(Buffer.from('-3'))).toEqual({ sec: -3, nsec: 0 });
    expect(paxTime(Buffer.from('-0'))).toEqual({ sec: 0, nsec: 0 });
    expect(paxTime(Buffer.from('1.5'))).toEqual({ sec: 1, nsec: 500_000_000 });
    const [e] = await collect(Buffer.concat([pax({ mtime: '-1.5' }), file('a', 'x'), end]));
    expect(e?.mtime).toEqual({ sec: -2, nsec: 500_000_000 });
  });

  it('reads far-off base-256 header times, negative or beyond 2^53, as they are', async () => {
    const minusOne = Buffer.alloc(12, 0xff);
    const huge = Buffer.from([0x80, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0]); // 2^68
    const entries = await collect(
      Buffer.concat([header('a', { mtime: minusOne }), header('b', { mtime: huge }), end]),
    );
    expect(entries.map((e) => e.mtime.sec)).toEqual([-1, 2 ** 68]);
    // Other fields stay strict.
    const size = header('c');
    Buffer.alloc(12, 0xff).copy(size, 124);
    expect(await refused(Buffer.concat([size, end]))).toMatchObject({ code: 'backup.bad_tar' });
  });
});
