// The files restore engine against the real sshd (as root) and a local-folder repository: a
// generated tree of ~2000 files is backed up with backupServerPath, then restored — in place
// over a corrupted file (and undone from the safety point), alongside, with deleteExtra — and
// made to fail the ways a real restore can: a symlinked parent, a tampered preview, a full disk, a
// hostile point (cut short: restore-files-cut.test.ts). Every check reads the real file system.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statfsSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import type { FilesPreview } from '../../core/api/contract';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { makeTree } from '../../core/providers/native/testing';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import type { FilesTarget } from '../../core/restore/engine';
import { filesEngine, safetyItems } from '../../core/restore/files';
import {
  applyOutcome,
  backup,
  connectTo,
  copyTree,
  generate,
  leftovers,
  rawBase,
  rawPoint,
  sha,
  state,
  targetOf,
  tempDir,
  type Fixture,
} from '../../core/restore/files/testing';
import { requireService } from '../harness/services';

const sshd = requireService(inject('services'), 'sshd');

const connect = () => connectTo(sshd.get());

async function apply(t: FilesTarget, preview: FilesPreview) {
  const r = await applyOutcome(t, preview);
  if (r.error) throw r.error;
  return r;
}

describe.skipIf(sshd.skip)('files restore engine over SSH', () => {
  const f = {} as Fixture;
  let pristine: Map<string, string>;

  beforeAll(async () => {
    f.session = await connect();
    f.repo = await initRepository(createLocalBackend(tempDir('repo')), 'restore files');
    f.data = join(makeTree().root, 'data');
    generate(f.data);
    pristine = state(f.data);
    f.snapshot = await backup(f, f.data);
  }, 60_000);
  afterAll(() => f.session?.close());

  it('restores a whole scope alongside into a new folder, byte-exact, and a second plan finds nothing to do', async () => {
    const dest = join(tempDir('along'), 'missing', 'copy');
    const t = targetOf(f, dest);
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect([preview.replace.length, preview.create.length]).toEqual([0, pristine.size + 1]);
    const r = await apply(t, preview);
    expect(r.results).toEqual(preview.create.map(() => 'done'));
    expect(state(dest)).toEqual(pristine);
    expect(lstatSync(join(dest, 'hardlink.txt')).ino).toBe(lstatSync(join(dest, 'original.txt')).ino);
    expect(leftovers(join(dest, '..'))).toEqual([]);
    const again = await filesEngine.plan({ ...t, deleteExtra: true });
    expect([again.create, again.replace, again.delete]).toEqual([[], [], []]);
    expect(again.unchanged).toBe(pristine.size + 1);
  });

  it('puts back one corrupted file in place (content, mode, owner, mtime), then undoes it from the safety point', async () => {
    const dest = join(tempDir('inplace'), 'data');
    copyTree(f.data, dest);
    expect(state(dest)).toEqual(pristine);
    // The backup of `dest` itself is the point to restore (in place: source = destination).
    const snapshot = await backup(f, dest);
    const victim = join(dest, 'gen', 'd07', 'f014.txt');
    const good = readFileSync(victim);
    const bad = Buffer.from('ransomware was here\n');
    // File times come from a coarse kernel clock: let it pass the point's time for sure.
    await new Promise((r) => setTimeout(r, 50));
    writeFileSync(victim, bad);
    chmodSync(victim, 0o666);
    chownSync(victim, 4242, 4343);
    // It even set the file's time back before the point: the data-loss warning still sees it (ctime).
    utimesSync(victim, new Date(1_600_000_000_000), new Date(1_600_000_000_000));
    const t = targetOf(f, dest, { snapshot, sourcePath: dest });
    const before = state(dest, true);

    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect([preview.create, preview.delete, preview.replace.length]).toEqual([[], [], 1]);
    const change = preview.replace[0]!;
    expect([change.path, change.changedSincePoint, preview.bytes]).toEqual([victim, true, good.length]);
    expect(change.old).toMatchObject({ type: 'file', sha256: sha(bad), mode: 0o666, uid: 4242, gid: 4343 });
    expect(change.new).toMatchObject({ type: 'file', sha256: sha(good), mode: 0o755, uid: 1007, gid: 2014 });

    // The safety point: exactly what the restore overwrites, rooted like a backup of dest.
    const items = safetyItems(t, preview);
    expect(items.map(String)).toEqual(['data', 'data/gen', 'data/gen/d07', 'data/gen/d07/f014.txt']);
    const tags = ['safety', 'restore:test'];
    const common = { session: f.session, server: 'web-1', sudo: false, repo: f.repo };
    const safety = await backupServerPath({ ...common, path: dest, items, tags });
    const safetySnap = await f.repo.loadSnapshot(safety.snapshotId);
    expect([safetySnap.tags, safety.stats.files]).toEqual([tags, 1]);

    const done = await apply(t, preview);
    expect(done.items).toEqual([{ item: victim, action: 'replace', result: 'done' }]);
    expect(done.bytes).toBe(good.length);
    // Content, mode, owner, mtime back; nothing else touched, folder times included.
    const after = state(dest, true);
    expect(after.get('gen/d07/f014.txt')).toBe(pristine.get('gen/d07/f014.txt'));
    after.delete('gen/d07/f014.txt');
    before.delete('gen/d07/f014.txt');
    expect(after).toEqual(before);
    expect(leftovers(dest)).toEqual([]);
    const again = await filesEngine.plan({ ...t, deleteExtra: true });
    expect([again.create, again.replace, again.delete]).toEqual([[], [], []]);

    // Undo: the safety point restored over it, with the file as the subset.
    const undoTarget = targetOf(f, dest, { snapshot: safetySnap, sourcePath: dest });
    const undo = await filesEngine.plan({ ...undoTarget, subset: [victim], deleteExtra: false });
    const shown = undo.replace.map((c) => [c.path, c.old?.sha256, c.new?.sha256]);
    expect([shown, undo.create]).toEqual([[[victim, sha(good), sha(bad)]], []]);
    expect((await apply(undoTarget, undo)).results).toEqual(['done']);
    expect(readFileSync(victim).equals(bad)).toBe(true);
    const st = lstatSync(victim);
    expect([st.mode & 0o7777, st.uid, st.gid]).toEqual([0o666, 4242, 4343]);
  });

  it('deletes what the point lacks with deleteExtra: inside the subset only, deepest first', async () => {
    const dest = join(tempDir('extra'), 'copy');
    const g = (p: string) => join(dest, 'gen', p);
    copyTree(f.data, dest);
    for (const p of ['d03/extra.txt', 'd03/extra.log', 'newdir/sub/x.txt']) {
      mkdirSync(join(g(p), '..'), { recursive: true });
      writeFileSync(g(p), p.endsWith('x.txt') ? 'x' : 'not in the point');
    }
    symlinkSync('../d03', g('newdir/link'));
    mkdirSync(g('keep'));
    execFileSync('mkfifo', [g('keep/pipe')]);
    const t = targetOf(f, dest);

    // A glob selects *.txt in the point's folders: only the extra .txt there goes.
    const glob = await filesEngine.plan({ ...t, subset: [`${f.data}/gen/*/*.txt`], deleteExtra: true });
    expect(glob.delete.map((c) => c.path)).toEqual([join(dest, 'gen', 'd03', 'extra.txt')]);
    expect(glob.delete[0]!.changedSincePoint).toBe(true);
    expect([glob.create, glob.replace]).toEqual([[], []]);
    expect(glob.unchanged).toBe(2000);

    const all = await filesEngine.plan({ ...t, deleteExtra: true });
    const order = [
      'newdir/sub/x.txt',
      'newdir/sub',
      'newdir/link',
      'newdir',
      'd03/extra.txt',
      'd03/extra.log',
    ];
    expect(all.delete.map((c) => c.path)).toEqual(order.map(g));
    expect(all.delete[0]!.old).toMatchObject({ type: 'file', sha256: sha(Buffer.from('x')) });
    const dirTimes = () =>
      ['.', 'gen', 'gen/d03'].map((d) => lstatSync(join(dest, d), { bigint: true }).mtimeNs);
    const timesBefore = dirTimes();
    const r = await apply(t, all);
    // Folder times: the destination's too, though the restore's lists came and went there.
    expect(dirTimes()).toEqual(timesBefore);
    expect(r.items.map((i) => [i.action, i.result])).toEqual(all.delete.map(() => ['delete', 'done']));
    expect(existsSync(g('newdir'))).toBe(false);
    expect(lstatSync(g('keep/pipe')).isFIFO()).toBe(true); // a fifo is not deleted, nor its folder
    const left = state(dest);
    for (const k of ['gen/keep', 'gen/keep/pipe']) left.delete(k);
    expect(left).toEqual(pristine);
    expect(leftovers(dest)).toEqual([]);
  });

  it('refuses a live parent folder that became a symlink, before any write (plan and a stale preview)', async () => {
    const dest = join(tempDir('symlink'), 'copy');
    copyTree(f.data, dest);
    writeFileSync(join(dest, 'gen', 'd05', 'f001.txt'), 'corrupted');
    const t = targetOf(f, dest);
    const stale = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(stale.replace.map((c) => c.path)).toEqual([join(dest, 'gen', 'd05', 'f001.txt')]);
    // Someone moves the folder away and leaves a symlink to a folder elsewhere.
    const elsewhere = tempDir('elsewhere');
    renameSync(join(dest, 'gen', 'd05'), join(elsewhere, 'd05'));
    symlinkSync(join(elsewhere, 'd05'), join(dest, 'gen', 'd05'));
    const outside = state(elsewhere);
    await expect(filesEngine.plan({ ...t, deleteExtra: false })).rejects.toMatchObject({
      code: 'restore.unsafe_path',
      message: expect.stringMatching(
        new RegExp(`^Refusing to restore ${join(dest, 'gen', 'd05')}: it is a symlink on the server where`),
      ),
    });
    const r = await applyOutcome(t, stale);
    expect(r.error).toMatchObject({
      code: 'restore.unsafe_path',
      message: expect.stringContaining('symlink'),
    });
    expect(r.results).toEqual(['not done']);
    expect(state(elsewhere)).toEqual(outside);
    expect(readFileSync(join(elsewhere, 'd05', 'f001.txt'), 'utf8')).toBe('corrupted');
    expect([...leftovers(dest), ...leftovers(elsewhere)]).toEqual([]);
  });

  it('restores a subset of globs and odd names alongside; a hardlink alone becomes a copy', async () => {
    const dest = join(tempDir('subset'), 'copy');
    const t = targetOf(f, dest);
    const subset = [
      `${f.data}/latin1-\\xe9\\xff`, // a name that is not UTF-8, typed as the point browser shows it
      `${f.data}/hardlink.txt`,
      `${f.data}/gen/d1?/f00*.txt`,
      `${f.data}/**/long-path-file.txt`,
      `${f.data}/new\nline`,
    ];
    const preview = await filesEngine.plan({ ...t, subset, deleteExtra: false });
    const latin1 = Buffer.concat([Buffer.from(`${dest}/latin1-`), Buffer.from([0xe9, 0xff])]);
    const odd = preview.create.find((c) => c.pathBase64);
    expect(odd).toMatchObject({ path: `${dest}/latin1-\\xe9\\xff`, pathBase64: latin1.toString('base64') });
    const files = preview.create.filter((c) => c.new?.type === 'file').map((c) => c.path.slice(dest.length));
    const gen = Array.from({ length: 100 }, (_, i) => `/gen/d1${Math.floor(i / 10)}/f00${i % 10}.txt`);
    const deep = `/deep/${'a'.repeat(80)}/${'b'.repeat(80)}/long-path-file.txt`;
    expect(files.sort()).toEqual(['/latin1-\\xe9\\xff', '/hardlink.txt', '/new\nline', deep, ...gen].sort());
    const r = await apply(t, preview);
    expect(r.items.every((i) => i.result === 'done')).toBe(true);
    expect(readFileSync(latin1, 'utf8')).toBe('not utf-8 name\n');
    expect(readFileSync(join(dest, 'hardlink.txt'), 'utf8')).toBe('linked\n');
    expect(lstatSync(join(dest, 'hardlink.txt')).nlink).toBe(1);
    expect(state(join(dest, 'gen', 'd13')).get('f007.txt')).toBe(pristine.get('gen/d13/f007.txt'));
    expect([existsSync(join(dest, 'gen/d13/f010.txt')), existsSync(join(dest, 'gen/d20'))]).toEqual([
      false,
      false,
    ]);

    const planOf = (subset: string[]) => filesEngine.plan({ ...t, subset, deleteExtra: false });
    await expect(planOf(['/etc/passwd'])).rejects.toMatchObject({ code: 'restore.bad_subset' });
    await expect(planOf([`${f.data}/gen/d01`, `${f.data}/gen/nope*`])).rejects.toMatchObject({
      code: 'restore.nothing_matched',
      message: expect.stringContaining('/gen/nope*'),
    });

    // More items than one restore takes: refused before any look at the server's files, with the
    // folders to restore one at a time. The same subset under the limit plans.
    const genDir = `${f.data}/gen`;
    const tooMany = filesEngine.plan({ ...t, subset: [genDir], deleteExtra: false, maxItems: 1000 });
    await expect(tooMany).rejects.toMatchObject({
      code: 'restore.too_large',
      details: { limit: 1000, path: `${f.data}/gen`, folders: 40 },
    });
    const message = (await tooMany.catch((e: Error) => e.message)) as string;
    expect(message).toContain('more than 1,000 files and folders');
    expect(message).toContain(`The folders directly in ${genDir}: ${genDir}/d00, ${genDir}/d01,`);
    expect(message).toContain('and 32 more.');
    const one = await filesEngine.plan({
      ...t,
      subset: [`${genDir}/d07`],
      deleteExtra: false,
      maxItems: 1000,
    });
    expect(one.create.filter((c) => c.new?.type === 'file')).toHaveLength(50);
    expect(leftovers(dest)).toEqual([]);
  });

  it('refuses a point whose tree is hostile, before anything is written (the plan fails cleanly)', async () => {
    // A tree with a ".." name, stored without saveTree's checks as a hostile writer would, under
    // a root that looks like a point of the scope (more: restore-hostile.test.ts).
    const snapshot = await rawPoint(f, [{ ...rawBase, name: '..', content: [] }]);
    const dest = join(tempDir('hostile'), 'out');
    const t = targetOf({ ...f, snapshot }, dest);
    await expect(filesEngine.plan({ ...t, deleteExtra: false })).rejects.toMatchObject({
      code: 'repo.damaged_tree',
    });
    expect(existsSync(dest)).toBe(false);
  });

  it('restores a point of a single file, in place', async () => {
    const file = join(tempDir('single'), 'app.conf');
    writeFileSync(file, 'good\n', { mode: 0o640 });
    const t = targetOf(f, file, { snapshot: await backup(f, file), sourcePath: file });
    writeFileSync(file, 'bad\n');
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(preview.replace.map((c) => [c.path, c.new?.sha256])).toEqual([[file, sha(Buffer.from('good\n'))]]);
    expect(safetyItems(t, preview).map(String)).toEqual(['app.conf']);
    expect((await apply(t, preview)).results).toEqual(['done']);
    expect([readFileSync(file, 'utf8'), lstatSync(file).mode & 0o777]).toEqual(['good\n', 0o640]);
    expect(leftovers(join(file, '..'))).toEqual([]);
  });

  it('refuses a preview tampered to write outside the destination, writing nothing', async () => {
    const parent = tempDir('tamper');
    const dest = join(parent, 'copy');
    const t = targetOf(f, dest);
    const preview = await filesEngine.plan({
      ...t,
      subset: [`${f.data}/with space.txt`],
      deleteExtra: false,
    });
    expect(preview.create.map((c) => c.path)).toEqual([dest, join(dest, 'with space.txt')]);
    const file = preview.create[1]!;
    const raw = (p: string) => ({ path: 'ignored', pathBase64: Buffer.from(p).toString('base64') });
    for (const where of [
      { path: join(parent, 'evil.txt') },
      { path: `${dest}/../evil.txt` },
      { path: '/etc/evil.txt' },
      raw(`${dest}/../evil.txt`),
    ]) {
      const r = await applyOutcome(t, { ...preview, create: [...preview.create, { ...file, ...where }] });
      expect(r.error).toMatchObject({ code: 'restore.outside_plan' });
    }
    expect(readdirSync(parent)).toEqual([]);
    expect(existsSync('/etc/evil.txt')).toBe(false);
  });

  /** Runs `fn` on a fresh tmpfs of `size` (unmounted after), or skips the test where none can be mounted. */
  async function onTmpfs(ctx: TestContext, size: string, fn: (mnt: string) => Promise<void>) {
    const mnt = tempDir('full');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=755`, 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      console.log(`skipping a full-disk test: cannot mount a tmpfs (${why})`);
      return ctx.skip();
    }
    try {
      await fn(mnt);
    } finally {
      execFileSync('umount', [mnt]);
    }
  }

  /** The disk is full: the write failed, nothing was changed, clearly said. */
  const diskFull = {
    code: 'restore.write_failed',
    message: expect.stringMatching(/web-1 failed, nothing was changed: .*No space left on device/),
  };

  it('leaves a full disk as it was: the target untouched, no staged files left, a clear error', (ctx) =>
    onTmpfs(ctx, '1m', async (mnt) => {
      writeFileSync(join(mnt, 'already-here.txt'), 'keep me');
      const before = state(mnt, true);
      const t = targetOf(f, mnt);
      const preview = await filesEngine.plan({ ...t, deleteExtra: false });
      expect(preview.bytes).toBeGreaterThan(1024 * 1024); // big.bin alone is 3 MiB
      const r = await applyOutcome(t, preview);
      expect(r.error).toMatchObject(diskFull);
      expect(r.results).toEqual(preview.create.map(() => 'not done'));
      expect(state(mnt, true)).toEqual(before);
      expect(readdirSync(mnt)).toEqual(['already-here.txt']);
    }));

  it('leaves a file it replaces as it was when the disk fills: content, mode, mtime, no staged copy', (ctx) =>
    onTmpfs(ctx, '2m', async (mnt) => {
      // The new content would fit once the old is gone, but both must fit while it is staged.
      const src = join(tempDir('full-src'), 'data');
      mkdirSync(src);
      writeFileSync(join(src, 'db.bin'), randomBytes(1280 * 1024));
      writeFileSync(join(src, 'small.txt'), 'fits\n');
      const snapshot = await backup(f, src);
      const target = join(mnt, 'db.bin');
      const old = randomBytes(1280 * 1024);
      writeFileSync(target, old);
      chmodSync(target, 0o600);
      utimesSync(target, new Date('2023-03-03T03:03:03Z'), new Date('2023-03-03T03:03:03Z'));
      writeFileSync(join(mnt, 'small.txt'), 'old\n');
      const before = state(mnt, true);
      const free = statfsSync(mnt).bfree;
      const folderTime = lstatSync(mnt, { bigint: true }).mtimeNs;
      const t = targetOf(f, mnt, { snapshot, sourcePath: src });
      const preview = await filesEngine.plan({ ...t, deleteExtra: false });
      expect(preview.replace.map((c) => c.path)).toEqual([target, join(mnt, 'small.txt')]);
      const r = await applyOutcome(t, preview);
      expect(r.error).toMatchObject(diskFull);
      expect(r.results).toEqual(['not done', 'not done']);
      expect(readFileSync(target).equals(old)).toBe(true);
      const st = lstatSync(target);
      expect([st.mode & 0o7777, st.mtime.toISOString()]).toEqual([0o600, '2023-03-03T03:03:03.000Z']);
      expect(state(mnt, true)).toEqual(before); // small.txt too: the restore is all or nothing
      expect(readdirSync(mnt)).toEqual(['db.bin', 'small.txt']);
      expect(statfsSync(mnt).bfree).toBe(free);
      expect(lstatSync(mnt, { bigint: true }).mtimeNs).toBe(folderTime); // it held the stage
    }));
});
