// A backup that cannot read everything makes a partial restore point, not a failed one: the job
// ends PartiallyFailed naming what it could not read, the point says what it lacks (from its
// snapshot, so a new laptop's `catalog rebuild` says the same), and everything else is in it. A
// restore that would delete what it cannot read (so could not keep for an undo) is refused.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { JobView, PointView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { ensurePasswordUser } from '../harness/sshd';
import { cliFor } from './cli-run';
import { err, newLaptop, ok, seedApp } from './restore-seed';

const sshd = requireService(inject('services'), 'sshd');

describe.skipIf(sshd.skip)('a partial restore point', () => {
  it('backs up past an unreadable file, lists it on the point, and a rebuild elsewhere keeps it', async () => {
    // A plain account (its own name: other tests reset their account's password), so that a
    // root-only file is really unreadable to it.
    const account = await ensurePasswordUser('lifeboat-partial');
    const root = mkdtempSync(join(tmpdir(), 'lifeboat-partial-point-'));
    const dir = join(root, 'app');
    mkdirSync(dir);
    chmodSync(root, 0o755);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'public.txt'), 'anyone\n', { mode: 0o644 });
    writeFileSync(join(dir, 'secret.key'), 'root only\n', { mode: 0o600 });
    const a = createLifeboat({ dataDir: join(root, 'data'), mode: 'cli', actor: 'test' });
    let laptop: Lifeboat | undefined;
    try {
      const scope = `server:web-1:${dir}`;
      await seedApp(a, sshd.get(), root, scope, { login: account, backup: false });

      const { jobs } = await ok<{ jobs: JobView[] }>(a, 'backup.start', { system: 'app' });
      const done = await a.jobs.wait(jobs[0]!.id);
      expect(done.state).toBe('PartiallyFailed');
      expect(done.failures).toEqual([
        { item: join(dir, 'secret.key'), message: expect.stringContaining('Permission denied') },
      ]);

      const unreadable = {
        count: 1,
        items: [{ path: join(dir, 'secret.key'), reason: expect.stringContaining('Permission denied') }],
      };
      const [point] = (await ok<{ points: PointView[] }>(a, 'points.list', { system: 'app' })).points;
      expect(point).toMatchObject({ scope, files: 1, unreadable });
      const listing = await ok<{ entries: { name: string }[] }>(a, 'points.browse', {
        id: point!.id,
        path: 'app',
      });
      expect(listing.entries.map((e) => e.name)).toEqual(['public.txt']);

      // The CLI says so too: PARTIAL in the list, and what is missing in `points show`.
      const cli = cliFor(join(root, 'data'), 'laptop vault passphrase');
      const list = await cli(['points', 'app']);
      expect(list.code, list.err).toBe(0);
      expect(list.out).toContain('1 (PARTIAL: 1 unreadable)');
      const show = await cli(['points', 'show', point!.shortId]);
      expect(show.code, show.err).toBe(0);
      expect(show.out).toContain('PARTIAL: 1 item could not be read and is not in this point:');
      expect(show.out).toMatch(new RegExp(`${join(dir, 'secret.key')}: .*Permission denied`));

      // A new laptop with the estate and the repository's passphrase: the same partial point.
      laptop = await newLaptop(a);
      const { job } = await ok<{ job: JobView }>(laptop, 'catalog.rebuild', {});
      expect((await laptop.jobs.wait(job.id)).state).toBe('Succeeded');
      const rebuilt = (await ok<{ points: PointView[] }>(laptop, 'points.list', {})).points;
      expect(rebuilt).toEqual([expect.objectContaining({ id: point!.id, files: 1, unreadable })]);

      // Restoring that point in place with --delete-extra would delete the file it lacks. The
      // account may delete it (the folder is writable to it) but not read it, so no safety point
      // could keep it and no undo bring it back: the plan already refuses, naming it.
      chmodSync(dir, 0o777);
      const refused = await err(a, 'restore.plan', { scope, point: point!.id, deleteExtra: true });
      expect(refused.code).toBe('restore.read_failed');
      expect(refused.message).toContain(`${join(dir, 'secret.key')}: Permission denied`);
      expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe('root only\n');
    } finally {
      await a.close();
      await laptop?.close();
      await account.lock();
    }
  });
});
