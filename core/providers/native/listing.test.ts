import { describe, expect, it } from 'vitest';
import { findFailures, listCommand, parseListing, type Listed } from './listing';

/** One find record: the 14 fields, each NUL-terminated. */
function record(over: Partial<Record<string, string | Buffer>> = {}): Buffer {
  const f: Record<string, string | Buffer> = {
    y: 'f',
    m: '644',
    U: '1000',
    G: '1000',
    u: 'app',
    g: 'app',
    s: '12',
    T: '1714564800.1234567890',
    C: '1714564801.0000000000',
    D: '65024',
    i: '18446744073709551615',
    n: '1',
    p: './data/a file',
    l: '',
    ...over,
  };
  return Buffer.concat(
    ['y', 'm', 'U', 'G', 'u', 'g', 's', 'T', 'C', 'D', 'i', 'n', 'p', 'l'].flatMap((k) => [
      Buffer.from(f[k] as string | Buffer),
      Buffer.alloc(1),
    ]),
  );
}

async function parse(...pieces: Buffer[]): Promise<Listed[]> {
  const out: Listed[] = [];
  async function* source() {
    yield* pieces;
  }
  for await (const l of parseListing(source())) out.push(l);
  return out;
}

describe('find listing', () => {
  it('runs find in the parent folder, a name starting with "-" kept a name', () => {
    expect(listCommand('/srv/-x', false)).toMatch(
      /^sh -c 'LC_ALL=C; export LC_ALL; cd '\\''\/srv'\\'' && find '\\''\.\/-x'\\'' -printf /,
    );
    // Through sudo, the whole script (the cd too) runs as root.
    expect(listCommand('/', true)).toMatch(
      /^sudo -n sh -c 'LC_ALL=C; export LC_ALL; cd '\\''\/'\\'' && find /,
    );
  });

  it('parses records split anywhere, with raw names, big inode numbers and nanoseconds', async () => {
    const odd = Buffer.concat([Buffer.from('./data/new\nline-'), Buffer.from([0xe9, 0xff])]);
    const bytes = Buffer.concat([
      record(),
      record({ y: 'l', p: './data/link', l: '../etc/x', s: '8' }),
      record({ y: 'd', m: '1777', p: odd, u: '0', U: '0', s: '4096' }),
    ]);
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 100), bytes.subarray(100)];
    const [file, link, dir] = await parse(...pieces);
    expect(file).toMatchObject({
      path: Buffer.from('data/a file'),
      type: 'file',
      mode: 0o644,
      uname: 'app',
      size: 12,
      mtime: { sec: 1714564800, nsec: 123456789 },
      ctime: { sec: 1714564801, nsec: 0 },
      inode: '18446744073709551615',
    });
    expect(link).toMatchObject({ type: 'symlink', size: 0, link: Buffer.from('../etc/x') });
    // No name for the owner (find prints the number): none recorded, as tar records none.
    expect(dir).toMatchObject({ type: 'dir', mode: 0o1777, size: 0, uname: '' });
    expect(dir?.path.equals(odd.subarray(2))).toBe(true);
  });

  it('reads times of any size (the tree clamps them) and negative fractions exactly', async () => {
    const [far, before] = await parse(
      record({ T: '9000000000000.5', C: '99999999999999999999' }),
      record({ T: '-1.5', C: '-0.000000001' }),
    );
    expect(far).toMatchObject({ mtime: { sec: 9e12, nsec: 500_000_000 }, ctime: { sec: 1e20, nsec: 0 } });
    expect(before).toMatchObject({
      mtime: { sec: -2, nsec: 500_000_000 },
      ctime: { sec: -1, nsec: 999_999_999 },
    });
  });

  it('refuses a damaged or hostile listing with a clear error', async () => {
    const cases: [Buffer, RegExp][] = [
      [record({ y: 'D' }), /unknown type "D"/],
      [record({ s: '12x' }), /size "12x"/],
      [record({ m: '9999' }), /mode "9999"/],
      [record({ T: 'yesterday' }), /mtime "yesterday"/],
      [record({ i: '-1' }), /inode "-1"/],
      [record().subarray(0, 20), /ended in the middle of an entry/],
    ];
    for (const [bytes, message] of cases) {
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'backup.bad_listing', message });
    }
    await expect(parse(record({ p: '/etc/passwd' }))).rejects.toMatchObject({ code: 'backup.unsafe_path' });
    await expect(parse(record({ p: './data/../../etc' }))).rejects.toMatchObject({
      code: 'backup.unsafe_path',
    });
    await expect(parse(Buffer.alloc(70_000, 0x61))).rejects.toMatchObject({
      code: 'backup.bad_listing',
      message: /longer than/,
    });
  });

  it('names the paths find could not read, as absolute paths', () => {
    const stderr = "find: './data/secret': Permission denied\nsomething else\n";
    expect(findFailures(stderr, '/srv')).toEqual([
      { item: '/srv/data/secret', message: 'Permission denied' },
    ]);
    expect(findFailures("find: './etc/ssl': Permission denied", '/')).toEqual([
      { item: '/etc/ssl', message: 'Permission denied' },
    ]);
  });
});
