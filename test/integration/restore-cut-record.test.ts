// A files restore through the executor (restore.execute) whose SSH connection dies while it
// writes, as the catalog records it: the server's sshd for the session killed while `tar -x`
// stages the content, and the laptop's end dropped right after the server confirmed its first
// rename. The record (restore.get) must say what happened, item by item, consistently with the
// disk: every target entirely old or entirely new, new where the record says done, nothing staged
// left. (The engine alone, cut the same ways: restore-files-cut.test.ts.)
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView, JournalEntry, PlanView, PointView, RestoreView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { settledLeftovers, sshdServing, state, tapped, until } from '../../core/restore/files/testing';
import { requireService } from '../harness/services';
import { execute, ok, planRestore, seedApp, wrapSessions } from './restore-seed';

const sshd = requireService(inject('services'), 'sshd');

describe.skipIf(sshd.skip)('a restore whose connection dies while writing, in the catalog', () => {
  let a: Lifeboat;
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-restore-cut-'));
  const app = join(root, 'app');
  const scope = `server:web-1:${app}`;
  const names = Array.from({ length: 24 }, (_, i) => `part-${10 + i}.bin`);
  /** The scope as backed up: what a restore puts back (content, mode, owner, mtime). */
  let pristine: Map<string, string>;

  beforeAll(async () => {
    mkdirSync(app);
    // Larger files, so that the write takes long enough to be cut.
    for (const name of names) writeFileSync(join(app, name), randomBytes(2 * 1024 * 1024), { mode: 0o640 });
    pristine = state(app);
    a = createLifeboat({ dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-rcr-')), mode: 'cli', actor: 'test' });
    await seedApp(a, sshd.get(), root, scope);
  }, 120_000);
  afterAll(() => a?.close());

  /** Every file damaged (other content, mode and time); the plan that replaces all of them. */
  async function damaged(): Promise<{ old: Map<string, string>; p: PlanView }> {
    for (const name of names) {
      writeFileSync(join(app, name), randomBytes(1024 * 1024));
      chmodSync(join(app, name), 0o600);
      utimesSync(join(app, name), new Date('2031-01-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z'));
    }
    const p = await planRestore(a, { scope });
    if (p.preview.kind !== 'files') throw new Error('expected a files preview');
    expect(p.preview.replace.map((c) => c.path).sort()).toEqual(names.map((n) => join(app, n)));
    expect(p.safety.items).toBe(names.length);
    return { old: state(app), p };
  }

  /** Each file is entirely old or entirely new (content, mode, owner, mtime), new where the
   * record says done; nothing is staged any more. Returns how many are new. */
  async function oldOrNew(restore: RestoreView, old: Map<string, string>): Promise<number> {
    // Removed by the server itself, the connection being gone (it may still be at it).
    expect(await settledLeftovers(app)).toEqual([]);
    const now = state(app);
    expect([...now.keys()].sort()).toEqual(names);
    let fresh = 0;
    for (const [name, line] of now) {
      const item = restore.items.find((i) => i.item === join(app, name));
      expect(item?.action, name).toBe('replace');
      const isNew = line === pristine.get(name);
      expect(isNew || line === old.get(name), `${name} is neither old nor new`).toBe(true);
      if (item?.result === 'done') expect(isNew, `${name} is reported done but is not new`).toBe(true);
      if (isNew) fresh++;
    }
    return fresh;
  }

  /** The record and the journal of a restore that Failed on a lost connection (while moving files
   * into place: then what was not confirmed is said to be unknown, old or new). */
  async function failedOnLostConnection(job: JobView, restore: RestoreView, moving = false) {
    const lost =
      `The connection to web-1 was lost while writing to ${app}.` +
      (moving
        ? ' It was moving restored files into place: those not confirmed are each whole, old or new, but which is not known; plan again to see.'
        : '');
    expect(job.state).toBe('Failed');
    expect(job.error).toMatchObject({ code: 'restore.connection_lost', message: lost });
    expect(restore.state).toBe('Failed');
    expect(restore.error).toEqual({ code: 'restore.connection_lost', message: lost });
    expect(restore.items).toHaveLength(names.length);
    for (const i of restore.items)
      if (i.result !== 'done') expect(i, i.item).toMatchObject({ result: 'not done', message: lost });
    expect(restore.counts.failed).toBe(0);
    expect(restore.counts.done + restore.counts.notDone).toBe(names.length);
    // The safety point was taken before the write, and is a point of the scope.
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { scope });
    expect(points.find((x) => x.id === restore.safetyPointId)?.kind).toBe('safety');
    const { entries } = await ok<{ entries: JournalEntry[] }>(a, 'journal.list', { limit: 50 });
    const failed = entries.find((e) => e.action === 'restore.failed' && e.subject === restore.id);
    expect(failed?.details).toMatchObject({ error: 'restore.connection_lost', done: restore.counts.done });
  }

  /** Plans again (what is still damaged) and restores it: the scope back as backed up. */
  async function restoreTheRest(notNew: number) {
    const again = await planRestore(a, { scope });
    if (again.preview.kind !== 'files') throw new Error('expected a files preview');
    expect(again.preview.replace).toHaveLength(notNew);
    expect((await execute(a, again)).restore.state).toBe('Succeeded');
    expect(state(app)).toEqual(pristine);
  }

  it('ends Failed with every item not done when the server side of the session dies while staging', async () => {
    const { old, p } = await damaged();
    const running = execute(a, p);
    // Once tar on the server has staged some of the content (after the safety point), the sshd
    // process serving the session is killed: the server's end of the connection goes away.
    const stagedFiles = () => {
      try {
        const stages = readdirSync(app).filter((n) => /^\.lifeboat-[0-9a-f]+$/.test(n)); // not the lists
        return stages.reduce((n, d) => n + readdirSync(join(app, d)).length, 0);
      } catch {
        return 0; // a stage went meanwhile
      }
    };
    const pid = await until(
      () => (stagedFiles() >= 2 ? sshdServing(app, /^tar -x /) : undefined),
      60_000,
      'the restore to stage its content',
    );
    process.kill(pid, 'SIGKILL');
    const { job, restore } = await running;

    await failedOnLostConnection(job, restore);
    expect(restore.counts).toEqual({ done: 0, failed: 0, notDone: names.length });
    expect(await oldOrNew(restore, old)).toBe(0);
    expect(state(app)).toEqual(old);
    await restoreTheRest(names.length);
  });

  it('records what the server confirmed when the laptop loses the connection during the renames', async () => {
    const { old, p } = await damaged();
    // The restore's session drops right after the write command's first "ok N" (a completed rename).
    const unwrap = wrapSessions(a, (session) =>
      tapped(session, (command, channel) => {
        if (channel && command.includes('tar -x -k '))
          channel.on('data', (d: Buffer) => /^ok \d+$/m.test(d.toString('latin1')) && session.close());
      }),
    );
    let result;
    try {
      result = await execute(a, p);
    } finally {
      unwrap();
    }
    const { job, restore } = result;

    await failedOnLostConnection(job, restore, true);
    expect(restore.counts.done).toBeGreaterThanOrEqual(1);
    expect(restore.counts.done).toBeLessThan(names.length);
    const fresh = await oldOrNew(restore, old);
    expect(fresh).toBeGreaterThanOrEqual(restore.counts.done);
    await restoreTheRest(names.length - fresh);
  });
});
