// Hostile restore points against the real sshd: trees stored without saveTree's checks, as a
// hostile writer of the repository would store them. Names that are not one safe component (an
// absolute path, a "/" inside, a hardlink whose first occurrence lies outside the point, two
// entries of one name) are refused when the tree is read (`repo.damaged_tree`), before anything
// is written — by the plan, and by the write of a preview made from a sound point. Symlinks that
// point outside the destination are legal content: restored as symlinks, nothing written through
// them — not by the same point, and not by a later restore of a point that has a folder there.
// (A ".." name: restore-files.test.ts.)
import { lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import type { Snapshot } from '../../core/repository/snapshot';
import { filesEngine } from '../../core/restore/files';
import {
  applyOutcome,
  backup,
  connectTo,
  leftovers,
  rawBase,
  rawPoint,
  sha,
  state,
  targetOf,
  tempDir,
  type Fixture,
  type RawNode,
} from '../../core/restore/files/testing';
import { requireService } from '../harness/services';

const sshd = requireService(inject('services'), 'sshd');

const byName = (a: RawNode, b: RawNode) =>
  Buffer.compare(
    a.nameBase64 ? Buffer.from(String(a.nameBase64), 'base64') : Buffer.from(String(a.name)),
    b.nameBase64 ? Buffer.from(String(b.nameBase64), 'base64') : Buffer.from(String(b.name)),
  );

describe.skipIf(sshd.skip)('hostile restore points over SSH', () => {
  const f = {} as Fixture;
  /** A folder outside every destination, with a file a hostile point would like to overwrite. */
  const outside = tempDir('outside');
  const victim = join(outside, 'victim');
  let shadow: string;
  let outsideBefore: Map<string, string>;
  const keep = { ...rawBase, name: 'keep.txt', content: [] as string[] };

  beforeAll(async () => {
    f.session = await connectTo(sshd.get());
    f.repo = await initRepository(createLocalBackend(tempDir('repo')), 'restore hostile');
    f.data = join(tempDir('hostile-src'), 'data');
    mkdirSync(f.data);
    writeFileSync(join(f.data, 'keep.txt'), '');
    f.snapshot = await backup(f, f.data);
    writeFileSync(victim, 'precious\n', { mode: 0o600 });
    outsideBefore = state(outside, true);
    shadow = sha(readFileSync('/etc/shadow'));
  }, 60_000);
  afterAll(() => f.session?.close());

  /** Nothing outside the destinations changed: the outside folder, /etc/shadow. */
  function outsideUntouched() {
    expect(state(outside, true)).toEqual(outsideBefore);
    expect(sha(readFileSync('/etc/shadow'))).toBe(shadow);
    expect(leftovers(outside)).toEqual([]);
  }

  const parent = tempDir('hostile');
  const cases: [string, (dest: string) => RawNode[], RegExp][] = [
    ['a name that is an absolute path', () => [{ ...rawBase, name: victim, content: [] }], /containing "\/"/],
    [
      'a name with "/" that climbs out of the destination',
      (dest) => [{ ...rawBase, name: relative(dest, victim), content: [] }],
      /containing "\/"/,
    ],
    [
      'a name with "/" that stays inside',
      () => [{ ...rawBase, name: 'sub/evil.txt', content: [] }],
      /containing "\/"/,
    ],
    [
      'a name that is not UTF-8 and holds "/"',
      () => [
        { ...rawBase, nameBase64: Buffer.from('\xff/../evil', 'latin1').toString('base64'), content: [] },
      ],
      /containing "\/"/,
    ],
    [
      'a hardlink whose first occurrence is outside the point',
      () => [{ ...rawBase, name: 'h', type: 'hardlink', linkTo: '../../etc/shadow' }],
      /linkTo is a path with the name '\.\.'/,
    ],
    [
      'a symlink out of the destination and a folder of the same name with a file in it',
      () => [
        { ...rawBase, name: 'link', type: 'symlink', linkTarget: outside },
        { ...rawBase, name: 'link', type: 'dir', mode: 0o755, children: [{ ...keep, name: 'victim' }] },
      ],
      /names must be unique/,
    ],
  ];

  for (const [what, nodes, why] of cases)
    it(`refuses ${what} before writing anything: in the plan, and in the write of a sound preview`, async () => {
      const dest = join(parent, what.replace(/\W+/g, '-'));
      const hostile = await rawPoint(f, [keep, ...nodes(dest)].sort(byName));
      const damaged = { code: 'repo.damaged_tree', message: expect.stringMatching(why) };
      await expect(
        filesEngine.plan({ ...targetOf({ ...f, snapshot: hostile }, dest), deleteExtra: false }),
      ).rejects.toMatchObject(damaged);
      // A preview made from the sound point (the destination and keep.txt), written from the
      // hostile one: the write reads the same listing, and refuses it.
      const sound = await filesEngine.plan({ ...targetOf(f, dest), deleteExtra: false });
      expect(sound.create.map((c) => c.path)).toEqual([dest, join(dest, 'keep.txt')]);
      const r = await applyOutcome(targetOf({ ...f, snapshot: hostile }, dest), sound);
      expect(r.error).toMatchObject(damaged);
      expect(r.results).toEqual(['not done', 'not done']);
      expect(state(parent)).toEqual(new Map());
      outsideUntouched();
    });

  /** A point holding symlinks out of the destination, and a hardlink whose first occurrence is
   * below one of them ("through" it, inside the point). */
  const symlinks = () =>
    rawPoint(f, [
      keep,
      { ...rawBase, name: 'link', type: 'symlink', linkTarget: outside },
      { ...rawBase, name: 'shadow', type: 'symlink', linkTarget: '/etc/shadow' },
      { ...rawBase, name: 'up', type: 'symlink', linkTarget: '../../../../../../../etc/shadow' },
      { ...rawBase, name: 'via-link', type: 'hardlink', linkTo: 'data/link/victim' },
    ]);

  async function restoreSymlinks(snapshot: Snapshot, dest: string) {
    const t = targetOf({ ...f, snapshot }, dest);
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    const r = await applyOutcome(t, preview);
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual(preview.create.map(() => 'done'));
    return preview;
  }

  it('restores symlinks that point outside as symlinks, writing nothing through them', async () => {
    const dest = join(tempDir('symlinks'), 'out');
    const preview = await restoreSymlinks(await symlinks(), dest);
    expect(preview.create.map((c) => [c.path, c.new?.type, c.new?.linkTarget])).toEqual([
      [dest, 'dir', undefined],
      [join(dest, 'keep.txt'), 'file', undefined],
      [join(dest, 'link'), 'symlink', outside],
      [join(dest, 'shadow'), 'symlink', '/etc/shadow'],
      [join(dest, 'up'), 'symlink', '../../../../../../../etc/shadow'],
    ]);
    expect(preview.skipped).toEqual([
      {
        item: join(dest, 'via-link'),
        reason: 'a hardlink whose first occurrence is not a file in the point',
      },
    ]);
    for (const [name, target] of [
      ['link', outside],
      ['shadow', '/etc/shadow'],
      ['up', '../../../../../../../etc/shadow'],
    ]) {
      expect(lstatSync(join(dest, name!)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(dest, name!))).toBe(target);
    }
    expect(leftovers(join(dest, '..'))).toEqual([]);
    outsideUntouched();
  });

  it('never writes through a symlink a restore left, when a later point has a folder of that name', async () => {
    // A sound point whose "link" is a folder holding "victim".
    const src = join(tempDir('hostile-src2'), 'data');
    mkdirSync(join(src, 'link'), { recursive: true });
    writeFileSync(join(src, 'link', 'victim'), 'written through the link\n');
    const folder = { ...f, data: src, snapshot: await backup(f, src) };
    const dest = join(tempDir('through'), 'out');
    mkdirSync(dest);
    const t = targetOf(folder, dest);
    const stale = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(stale.create.map((c) => c.path)).toEqual([join(dest, 'link'), join(dest, 'link', 'victim')]);

    // Then the symlinks' point is restored there: "link" is now a symlink to the outside folder.
    await restoreSymlinks(await symlinks(), dest);
    await expect(filesEngine.plan({ ...t, deleteExtra: false })).rejects.toMatchObject({
      code: 'restore.unsafe_path',
      message: expect.stringContaining(join(dest, 'link')),
    });
    // The preview made before: the folder's place is taken, so it and its file fail alone.
    const r = await applyOutcome(t, stale);
    expect(r.error).toBeUndefined();
    expect(r.items).toEqual([
      {
        item: join(dest, 'link'),
        action: 'create',
        result: 'failed',
        message: 'something exists there now; left as it is',
      },
      {
        item: join(dest, 'link', 'victim'),
        action: 'create',
        result: 'failed',
        message: `not written: ${join(dest, 'link')} could not be created`,
      },
    ]);
    expect(readlinkSync(join(dest, 'link'))).toBe(outside);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(leftovers(dest)).toEqual([]);
    outsideUntouched();
  });
});
