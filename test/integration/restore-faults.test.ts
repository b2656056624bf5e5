// Restores that do not simply succeed, against the real sshd. Through the contract: targets that
// change between the executor's re-check and the write fail alone (the restore ends
// PartiallyFailed, the changed files left as they are); the undo of an alongside restore (skipped:
// see the note on it). In the files engine: a point whose content is not what the preview said
// (refused on the laptop, or by the server's hash check of the staged files — nothing changes,
// nothing staged is left), and the undo's deletions of what a restore created — except what
// changed on the server since it was written.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FilesPreview, PlanView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import { filesEngine } from '../../core/restore/files';
import {
  applyOutcome,
  backup,
  connectTo,
  copyTree,
  leftovers,
  pathsUnder,
  sha,
  state,
  targetOf,
  tempDir,
  type Fixture,
} from '../../core/restore/files/testing';
import { requireService } from '../harness/services';
import { execute, getRestore, ok, planRestore, seedApp } from './restore-seed';

const sshd = requireService(inject('services'), 'sshd');

const plan = planRestore;
const filesOf = (p: PlanView) => {
  if (p.preview.kind !== 'files') throw new Error('expected a files preview');
  return p.preview;
};

describe.skipIf(sshd.skip)('restores that do not simply succeed', () => {
  let a: Lifeboat;
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-restore-faults-'));
  const app = join(root, 'app');
  const scope = `server:web-1:${app}`;
  const files = Array.from({ length: 60 }, (_, i) => join(app, `d${i % 3}`, `f${i}.conf`));
  const original = (f: string) => `setting ${f}\n`;

  beforeAll(async () => {
    for (const f of files) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, original(f), { mode: 0o640 });
    }
    a = createLifeboat({ dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-rfa-')), mode: 'cli', actor: 'test' });
    await seedApp(a, sshd.get(), root, scope);
  });
  afterAll(() => a?.close());

  it('ends PartiallyFailed when targets change after the re-check: they fail alone and are left as they are', async () => {
    // Three corrupted files; two change again once the executor has re-checked the target and
    // taken its safety point, just before the write: one keeps its size (caught by the swap's own
    // hash check right before its rename), one does not (caught by the engine's last look).
    const [fixed, sameSize, otherSize] = [files[4]!, files[17]!, files[29]!];
    const before = statSync(fixed);
    const others = files.filter((f) => ![fixed, sameSize, otherSize].includes(f));
    const untouched = others.map((f) => [f, statSync(f).mtimeMs] as const);
    writeFileSync(fixed, 'damage 1\n');
    writeFileSync(sameSize, 'damage 2\n');
    writeFileSync(otherSize, 'damage 3\n');
    chmodSync(fixed, 0o666);
    const later = new Map([
      [sameSize, 'DAMAGE 2\n'],
      [otherSize, 'a longer damage, written during the restore\n'],
    ]);

    const p = await plan(a, { scope });
    const preview = filesOf(p);
    expect(preview.replace.map((c) => c.path).sort()).toEqual([fixed, sameSize, otherSize].sort());
    expect([preview.create, preview.delete, p.safety.items]).toEqual([[], [], 3]);

    const problems: unknown[] = [];
    const stop = a.subscribe((e) => {
      if (e.event !== 'journal.entry' || e.payload.entry.action !== 'restore.safety_point') return;
      // Synchronous, inside the executor's journal append: before the write looks at the server.
      try {
        for (const [f, text] of later) writeFileSync(f, text);
      } catch (err) {
        problems.push(err);
      }
    });
    let result;
    try {
      result = await execute(a, p);
    } finally {
      stop();
    }
    expect(problems).toEqual([]);
    const { job, restore } = result;

    expect(job.state).toBe('PartiallyFailed');
    expect(job.failures.map((x) => x.item).sort()).toEqual([sameSize, otherSize].sort());
    expect(restore.state).toBe('PartiallyFailed');
    expect(restore.counts).toEqual({ done: 1, failed: 2, notDone: 0 });
    expect(restore.error).toBeUndefined();
    expect(restore.safetyPointId).toBeDefined();
    const byItem = new Map(restore.items.map((i) => [i.item, i]));
    expect(byItem.get(fixed)).toMatchObject({ action: 'replace', result: 'done' });
    for (const f of later.keys())
      expect(byItem.get(f)).toEqual({
        item: f,
        action: 'replace',
        result: 'failed',
        message: 'changed on the server since the preview; left as it is',
      });

    // On disk: the one put back with its content, mode and time; the changed ones as they were
    // changed; everything else untouched; nothing staged left behind.
    expect(readFileSync(fixed, 'utf8')).toBe(original(fixed));
    const after = statSync(fixed);
    expect([after.mode & 0o7777, after.mtimeMs]).toEqual([before.mode & 0o7777, before.mtimeMs]);
    for (const [f, text] of later) expect(readFileSync(f, 'utf8')).toBe(text);
    for (const [f, mtime] of untouched) expect(statSync(f).mtimeMs, f).toBe(mtime);
    expect(leftovers(app)).toEqual([]);

    const { entries } = await ok<{ entries: { action: string; subject: string; details?: unknown }[] }>(
      a,
      'journal.list',
      { limit: 20 },
    );
    expect(
      entries.find((e) => e.action === 'restore.finished' && e.subject === restore.id)?.details,
    ).toMatchObject({ state: 'PartiallyFailed', done: 1, failed: 2 });

    // Put the scope back for the tests that follow.
    const again = await plan(a, { scope });
    expect(
      filesOf(again)
        .replace.map((c) => c.path)
        .sort(),
    ).toEqual([sameSize, otherSize].sort());
    expect((await execute(a, again)).restore.state).toBe('Succeeded');
  });

  /** A succeeded alongside restore of folder d1 into `dest` (which does not exist yet). */
  async function alongside(dest: string) {
    const d1 = files.filter((f) => f.startsWith(join(app, 'd1') + '/'));
    const copies = d1.map((f) => join(dest, 'd1', basename(f)));
    const p = await plan(a, { scope, to: `server:web-1:${dest}`, paths: [join(app, 'd1')] });
    const created = filesOf(p).create.map((c) => c.path);
    expect(created.sort()).toEqual([dest, join(dest, 'd1'), ...copies].sort());
    expect(p.safety.items).toBe(0);
    const { job, restore } = await execute(a, p);
    expect(job.state, JSON.stringify(job.error)).toBe('Succeeded');
    expect(restore).toMatchObject({ state: 'Succeeded', inPlace: false });
    expect(restore.counts).toEqual({ done: created.length, failed: 0, notDone: 0 });
    expect(restore.safetyPointId).toBeUndefined();
    for (const [i, c] of copies.entries()) expect(readFileSync(c, 'utf8')).toBe(original(d1[i]!));
    return { restore, copies };
  }

  // The undo of a restore without a safety point asks for nothing from the point (an empty
  // subset) and only deletes: it once planned the whole point instead.
  it('undoes an alongside restore by deleting what it created, leaving the live scope alone', async () => {
    const dest = join(root, 'copy-a');
    const scopeBefore = new Map(files.map((f) => [f, sha(readFileSync(f))]));
    const { restore, copies } = await alongside(dest);

    const undo = (await ok<{ plan: PlanView }>(a, 'restore.planUndo', { id: restore.id })).plan;
    expect(undo.undoOf).toBe(restore.id);
    expect(undo.destination).toEqual({ scope: `server:web-1:${dest}`, inPlace: false });
    const preview = filesOf(undo);
    expect([preview.create, preview.replace]).toEqual([[], []]);
    // Deepest first: the files, then their folder; the destination folder itself stays.
    expect(preview.delete.map((c) => c.path)).toEqual([...[...copies].sort().reverse(), join(dest, 'd1')]);
    expect(preview.skipped).toEqual([
      { item: dest, reason: 'the destination folder itself is left in place' },
    ]);

    const undone = await execute(a, undo);
    expect(undone.job.state, JSON.stringify(undone.job.error)).toBe('Succeeded');
    expect(undone.restore).toMatchObject({ state: 'Succeeded', undoOf: restore.id });
    expect(undone.restore.counts).toEqual({ done: copies.length + 1, failed: 0, notDone: 0 });
    expect(undone.restore.items.every((i) => i.action === 'delete' && i.result === 'done')).toBe(true);
    expect(readdirSync(dest)).toEqual([]);
    expect(new Map(files.map((f) => [f, sha(readFileSync(f))]))).toEqual(scopeBefore);
    expect((await getRestore(a, restore.id)).undoneBy).toBe(undone.restore.id);
  });
});

describe.skipIf(sshd.skip)('files engine faults over SSH', () => {
  const f = {} as Fixture;
  const bigSize = 5 * 1024 * 1024 + 123;
  let pristine: Map<string, string>;

  beforeAll(async () => {
    f.session = await connectTo(sshd.get());
    f.repo = await initRepository(createLocalBackend(tempDir('repo')), 'restore faults');
    f.data = join(tempDir('faults-src'), 'data');
    for (let d = 0; d < 4; d++)
      for (let i = 0; i < 10; i++) {
        const file = join(f.data, `d${d}`, `f${i}.txt`);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, randomBytes(100 + 37 * i + d), { mode: [0o644, 0o600, 0o755][i % 3] });
        const t = new Date(1_700_000_000_000 + d * 86_400_000 + i * 1234);
        utimesSync(file, t, t);
      }
    // More than the chunker's largest chunk (4 MiB): stored in several blobs.
    writeFileSync(join(f.data, 'd2', 'big.bin'), randomBytes(bigSize));
    pristine = state(f.data);
    f.snapshot = await backup(f, f.data);
  }, 60_000);
  afterAll(() => f.session?.close());

  it('refuses content other than the preview said: nothing changes, nothing staged is left', async () => {
    const parent = tempDir('verify');
    const dest = join(parent, 'data');
    copyTree(f.data, dest);
    const small = join(dest, 'd0', 'f3.txt');
    const other = join(dest, 'd1', 'f5.txt');
    const big = join(dest, 'd2', 'big.bin');
    writeFileSync(small, 'encrypted by ransomware\n');
    writeFileSync(other, 'encrypted by ransomware\n');
    writeFileSync(big, randomBytes(bigSize)); // same size: the plan hashes the point's content
    rmSync(join(dest, 'd3'), { recursive: true });
    const t = targetOf(f, dest);
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(preview.replace.map((c) => c.path)).toEqual([small, other, big]);
    expect(preview.replace[2]!.new?.sha256).toBe(sha(readFileSync(join(f.data, 'd2/big.bin'))));
    expect(preview.create).toHaveLength(11); // d3 and its ten files
    const before = state(dest, true); // contents, modes, owners, mtimes — folders' too
    const wrong = sha(Buffer.from('not what the point holds'));
    const tamper = (path: string): FilesPreview => ({
      ...preview,
      replace: preview.replace.map((c) =>
        c.path === path ? { ...c, new: { ...c.new!, sha256: wrong } } : c,
      ),
    });
    // Every entry as before: content, mode, owner, mtime, folders' included; nothing staged left.
    const unchanged = () => {
      expect(state(dest, true)).toEqual(before);
      expect(leftovers(parent)).toEqual([]);
    };

    // A file in one blob: its hash is the blob's id, so the laptop refuses before writing.
    const early = await applyOutcome(t, tamper(small));
    expect(early.error).toMatchObject({ code: 'restore.bad_preview', details: { path: small } });
    expect(early.results).toEqual(Array(14).fill('not done'));
    unchanged();

    // A file in several blobs: its hash is known only as it streams, so the server's check of
    // the staged files fails, removes the stages and changes nothing.
    const r = await applyOutcome(t, tamper(big));
    expect(r.error).toMatchObject({
      code: 'restore.verify_failed',
      message: expect.stringContaining(`${big}: what arrived on web-1 does not have the SHA-256`),
      details: { path: big },
    });
    expect((r.error as Error).message).toContain(`${preview.replace[2]!.new?.sha256} ≠ ${wrong}`);
    expect((r.error as Error).message).toContain('nothing was changed');
    expect(r.results).toEqual(Array(14).fill('not done'));
    // Folders' times too: those that held stages (and our lists) get their times back.
    unchanged();

    // The live side is as planned: planning again gives the same preview, and it applies.
    expect(await filesEngine.plan({ ...t, deleteExtra: false })).toEqual(preview);
    expect((await applyOutcome(t, preview)).results).toEqual(Array(14).fill('done'));
    expect(state(dest)).toEqual(pristine);
  });

  it('deletes what an alongside restore created, except a file changed since (skipped, with why)', async () => {
    const dest = join(tempDir('undo-along'), 'copy');
    const t = targetOf(f, dest);
    const restored = await filesEngine.plan({ ...t, deleteExtra: false });
    expect((await applyOutcome(t, restored)).results).toEqual(restored.create.map(() => 'done'));
    expect(state(dest)).toEqual(pristine);
    const [edited, touched] = [join(dest, 'd1', 'f2.txt'), join(dest, 'd1', 'f6.txt')];
    writeFileSync(edited, 'edited by the operator after the restore\n');
    // Only its time moved: the content is still what the restore wrote, so it goes.
    utimesSync(touched, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));

    // The undo's deletions: what the restore created under d1, and nothing from the point (an
    // empty subset) — what the undo of an alongside restore plans.
    const d1 = restored.create.filter(
      (c) => c.path === join(dest, 'd1') || c.path.startsWith(join(dest, 'd1/')),
    );
    expect(d1).toHaveLength(11);
    const undo = await filesEngine.plan({ ...t, subset: [], deleteExtra: false, alsoDelete: d1 });
    expect([undo.create, undo.replace, undo.unchanged]).toEqual([[], [], 0]);
    // The folder holding the edited file stays too: it could not be removed.
    expect(undo.skipped).toEqual([
      { item: join(dest, 'd1'), reason: 'it holds something left in place, so it stays too' },
      { item: edited, reason: 'changed since the restore wrote it; left as it is' },
    ]);
    const deleted = undo.delete.map((c) => c.path);
    const goes = d1.map((c) => c.path).filter((p) => p !== edited && p !== join(dest, 'd1'));
    expect(deleted.sort()).toEqual(goes.sort());
    expect(deleted).toContain(touched);

    const r = await applyOutcome(t, undo);
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual(goes.map(() => 'done'));
    for (const p of goes) expect(existsSync(p), p).toBe(false);
    expect(r.items.map((i) => i.item)).not.toContain(edited);
    expect(readFileSync(edited, 'utf8')).toBe('edited by the operator after the restore\n');
    // The folder stays, holding only the edited file; nothing else of the copy was touched.
    expect(pathsUnder(join(dest, 'd1'))).toEqual(['f2.txt']);
    const rest = state(dest);
    for (const k of [...rest.keys()]) if (k.startsWith('d1')) rest.delete(k);
    expect(rest).toEqual(new Map([...pristine].filter(([k]) => !k.startsWith('d1'))));
    expect(leftovers(dest)).toEqual([]);
  });
});
