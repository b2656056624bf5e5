import { describe, expect, it } from 'vitest';
import type { FileChange, FilesPreview } from '../../api/contract';
import type { FilesTarget } from '../engine';
import { safetyItems } from './index';
import { layoutFor, type ApplyItem, type Kind } from './layout';
import { relKey, splitBytes } from './paths';
import { parseSha256sum } from './hashes';
import { parseFind } from './remote';

let index = 0;
function item(path: string, kind: Kind): ApplyItem {
  const rel = splitBytes(Buffer.from(path));
  const action = kind === 'new' ? 'create' : kind === 'D' || kind === 'X' ? 'delete' : 'replace';
  return { index: index++, action, change: { path: `/d/${path}` }, rel, key: relKey(rel), kind };
}
const show = (r: Buffer[] | undefined) => r?.map((n) => n.toString()).join('/');

describe('files restore layout', () => {
  it('stages writes beside their targets, new folders whole, and orders the swap records', () => {
    index = 0;
    const items = [
      item('new', 'new'),
      item('new/a', 'new'),
      item('top.txt', 'new'),
      item('etc/x.conf', 'R'),
      item('was-file', 'T'),
      item('was-file/in', 'new'),
      item('etc', 'M'),
      item('etc/old', 'D'),
      item('gone', 'X'),
      item('gone/f', 'D'),
    ];
    const l = layoutFor('/d', [], items, 'ID');
    const S = '.lifeboat-ID';
    expect(l.written.map((w) => [show(w.q), show(w.archive), show(w.stage), w.anchor.change.path])).toEqual([
      ['new', `${S}/new`, S, '/d/new'],
      ['new/a', `${S}/new/a`, S, '/d/new'],
      ['top.txt', `${S}/top.txt`, S, '/d/top.txt'],
      ['was-file', `${S}/was-file`, S, '/d/was-file'],
      ['was-file/in', `${S}/was-file/in`, S, '/d/was-file'],
      ['etc/x.conf', `etc/${S}/x.conf`, `etc/${S}`, '/d/etc/x.conf'],
    ]);
    expect(l.stages.map(show)).toEqual([S, `etc/${S}`]);
    expect(
      l.records.map((r) => [r.op, show(r.stage), show(r.target), r.items.map((i) => i.change.path)]),
    ).toEqual([
      ['T', `${S}/was-file`, 'was-file', ['/d/was-file', '/d/was-file/in']],
      ['B', S, '', []],
      ['N', `${S}/new`, 'new', ['/d/new', '/d/new/a']],
      ['N', `${S}/top.txt`, 'top.txt', ['/d/top.txt']],
      ['R', `etc/${S}/x.conf`, 'etc/x.conf', ['/d/etc/x.conf']],
      // Deletes last, everything inside a folder before the folder.
      ['D', undefined, 'gone/f', ['/d/gone/f']],
      ['X', undefined, 'gone', ['/d/gone']],
      ['D', undefined, 'etc/old', ['/d/etc/old']],
    ]);
    expect(l.checkDirs.map(show)).toEqual(['', 'etc', 'gone']);
    expect(l.touched.map(show)).toEqual(['', 'etc', 'gone']);
    expect(l.implicitDirs).toEqual([]);
  });

  it('creates a missing destination with the folders above it in one rename at the deepest existing one', () => {
    index = 0;
    const items = [item('', 'new'), item('f', 'new'), item('sub', 'new'), item('sub/g', 'new')];
    const prefix = splitBytes(Buffer.from('a/b/dest'));
    const l = layoutFor('/srv', prefix, items, 'ID');
    const S = '.lifeboat-ID';
    expect(l.written.map((w) => show(w.archive))).toEqual([
      `${S}/a/b/dest`,
      `${S}/a/b/dest/f`,
      `${S}/a/b/dest/sub`,
      `${S}/a/b/dest/sub/g`,
    ]);
    expect(l.implicitDirs.map(show)).toEqual([`${S}/a`, `${S}/a/b`]);
    expect(l.records.map((r) => [r.op, show(r.stage), show(r.target), r.items.length])).toEqual([
      ['B', S, '', 0],
      ['N', `${S}/a`, 'a', 4],
    ]);
    expect(l.checkDirs.map(show)).toEqual(['']);
    expect(l.touched).toEqual([]); // the base is outside the destination: left alone
  });
});

describe('safety items', () => {
  const target = (destPath: string) => ({ destPath }) as FilesTarget;
  const change = (path: string): FileChange => ({ path });
  const preview = (replace: string[], del: string[]): FilesPreview => ({
    kind: 'files',
    create: [change('/srv/app/new')],
    replace: replace.map(change),
    delete: del.map(change),
    unchanged: 0,
    skipped: [],
    bytes: 0,
  });

  it('names what is overwritten or deleted and every folder above it, rooted like a backup of the destination', () => {
    const items = safetyItems(
      target('/srv/app/'),
      preview(['/srv/app/etc/x.conf', '/srv/app/a-b'], ['/srv/app/gone/f', '/srv/app/gone']),
    );
    expect(items.map((b) => b.toString())).toEqual([
      'app',
      'app/a-b',
      'app/etc',
      'app/etc/x.conf',
      'app/gone',
      'app/gone/f',
    ]);
    expect(safetyItems(target('/'), preview(['/etc/x'], [])).map(String)).toEqual(['etc', 'etc/x']);
    const odd = Buffer.concat([Buffer.from('/srv/app/'), Buffer.from([0xe9])]);
    const raw = safetyItems(target('/srv/app'), {
      ...preview([], []),
      replace: [{ path: '/srv/app/\\xe9', pathBase64: odd.toString('base64') }],
    });
    expect(raw.map((b) => b.toString('latin1'))).toEqual(['app', 'app/\xe9']);
  });
});

describe('server output parsing', () => {
  it('reads find -printf records with raw names and link targets', () => {
    const rec = (...f: (string | Buffer)[]) =>
      Buffer.concat(f.flatMap((x) => [Buffer.from(x), Buffer.alloc(1)]));
    const out = Buffer.concat([
      rec(
        'f',
        'f',
        '12',
        '4755',
        '0',
        '10',
        'root',
        'wheel',
        '1714564800.1234567890',
        Buffer.from([0x2f, 0x61, 0x0a, 0xff]),
        '',
        '1714564801.5000000000',
      ),
      rec('l', 'N', '3', '777', '5', '6', '5', '6', '1.5000000000', '/l', Buffer.from([0x78, 0xfe]), '2.0'),
    ]);
    const [a, b] = parseFind(out);
    expect(a).toMatchObject({
      type: 'file',
      size: 12,
      mode: 0o4755,
      uid: 0,
      gid: 10,
      user: 'root',
      mtime: { sec: 1714564800, nsec: 123456789 },
      ctime: { sec: 1714564801, nsec: 500_000_000 },
    });
    expect(a!.path.equals(Buffer.from([0x2f, 0x61, 0x0a, 0xff]))).toBe(true);
    expect(a!.link).toBeUndefined();
    expect(b).toMatchObject({ type: 'symlink', targetType: 'missing', mtime: { sec: 1, nsec: 500_000_000 } });
    expect(b!.link!.equals(Buffer.from([0x78, 0xfe]))).toBe(true);
  });

  it('reads sha256sum lines, escaped names included', () => {
    const h = 'ab'.repeat(32);
    const out = Buffer.concat([
      Buffer.from(`${h}  ./plain name\n`),
      Buffer.from(`\\${h}  ./new\\nline and back\\\\slash\n`),
      Buffer.from(`${h}  ./`),
      Buffer.from([0xe9, 0x0a]),
    ]);
    const sums = parseSha256sum(out);
    expect([...sums.keys()]).toEqual(['./plain name', './new\nline and back\\slash', './\xe9']);
    expect(new Set(sums.values())).toEqual(new Set([h]));
  });
});
