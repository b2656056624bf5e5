// A server backup and a files restore through `sudo -n` (a server entry with sudo) against the
// real sshd, logged in as a plain account that sudo lets run anything as root without a password:
// the data and the destination lie in a folder only root can enter, and the files have owners
// only root can give. Without sudo the account cannot even see them; with it the backup holds
// everything and the restore is byte-exact, owners included — and every command sent started
// with `sudo -n `.
// Needs sudo on the machine (the harness sshd runs here): in CI a missing sudo fails the run
// (.ci/run must install it), elsewhere the test is skipped and says why.
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SshSession } from '../../core/connect/ssh';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import { restoreToFolder } from '../../core/providers/native/restore-to-folder';
import { backupServerPath } from '../../core/providers/native/server-backup';
import { filesEngine } from '../../core/restore/files';
import {
  applyOutcome,
  backup,
  connectTo,
  leftovers,
  state,
  tapped,
  targetOf,
  tempDir,
  type Fixture,
} from '../../core/restore/files/testing';
import { requireService } from '../harness/services';
import { ensurePasswordUser, type PasswordUser } from '../harness/sshd';

const sshd = requireService(inject('services'), 'sshd');
const sudo = '/usr/bin/sudo';
const root = process.getuid?.() === 0;
const missing = !root ? 'the tests do not run as root' : !existsSync(sudo) ? `${sudo} is not installed` : '';
if (missing && !process.env.CI) console.log(`skipping the sudo tests: ${missing}`);

/** The session, with every command sent through it recorded. */
function recording(s: SshSession): { session: SshSession; commands: string[] } {
  const commands: string[] = [];
  return { session: tapped(s, (command) => commands.push(command)), commands };
}

describe.skipIf(sshd.skip || (missing && !process.env.CI))('backup and restore through sudo -n', () => {
  const f = {} as Fixture;
  let account: PasswordUser;
  let plain: SshSession;
  const sudoers = `/etc/sudoers.d/lifeboat-test-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    if (missing) throw new Error(`sudo tests: ${missing}; CI must install sudo (.ci/run)`);
    account = await ensurePasswordUser('lifeboat-sudo');
    writeFileSync(sudoers, `${account.user} ALL=(root) NOPASSWD: ALL\n`, { mode: 0o440 });
    execFileSync('visudo', ['-c', '-q', '-f', sudoers]);
    plain = await connectTo(sshd.get(), account);
    f.session = await connectTo(sshd.get());
    f.repo = await initRepository(createLocalBackend(tempDir('repo')), 'restore sudo');
    // Files and a folder only root can read, owned by others than the account.
    f.data = join(tempDir('sudo-src'), 'data');
    mkdirSync(join(f.data, 'private'), { recursive: true, mode: 0o700 });
    for (const [name, mode, uid] of [
      ['app.conf', 0o640, 0],
      ['private/key.pem', 0o600, 4242],
      ['private/db.bin', 0o600, 1000],
    ] as const) {
      const file = join(f.data, name);
      writeFileSync(file, randomBytes(4096 + uid));
      chmodSync(file, mode);
      chownSync(file, uid, uid + 1);
      utimesSync(file, new Date('2024-02-02T02:02:02.5Z'), new Date('2024-02-02T02:02:02.5Z'));
    }
    f.snapshot = await backup(f, f.data);
  }, 60_000);

  afterAll(async () => {
    rmSync(sudoers, { force: true });
    plain?.close();
    f.session?.close();
    await account?.lock();
  });

  it('restores as root through sudo -n, and sends no command without it', async () => {
    // tempDir is 0700 root: the account alone cannot enter it.
    const dest = join(tempDir('sudo'), 'copy');
    const without = recording(plain);
    await expect(
      filesEngine.plan({ ...targetOf(f, dest, { session: without.session }), deleteExtra: false }),
    ).rejects.toMatchObject({
      code: 'restore.read_failed',
      message: expect.stringMatching(/Permission denied.*\(is sudo needed\?\)/),
    });
    expect(without.commands.length).toBeGreaterThan(0);
    expect(without.commands.filter((c) => c.startsWith('sudo'))).toEqual([]);

    const { session, commands } = recording(plain);
    const t = targetOf(f, dest, { session, sudo: true });
    const preview = await filesEngine.plan({ ...t, deleteExtra: false });
    expect(preview.create).toHaveLength(5); // copy, app.conf, private and its two files
    const r = await applyOutcome(t, preview);
    expect(r.error).toBeUndefined();
    // Done as root: no "owner left as" note, and the owners really given.
    expect(r.items).toEqual(preview.create.map((c) => ({ item: c.path, action: 'create', result: 'done' })));
    expect(state(dest, true)).toEqual(state(f.data, true));
    expect(leftovers(join(dest, '..'))).toEqual([]);

    // In place over a file only root can read: hashed, staged and swapped through sudo.
    writeFileSync(join(dest, 'private', 'key.pem'), 'stolen and replaced\n');
    const again = await filesEngine.plan({ ...t, deleteExtra: true });
    expect([again.create, again.delete, again.replace.map((c) => c.path)]).toEqual([
      [],
      [],
      [join(dest, 'private', 'key.pem')],
    ]);
    expect((await applyOutcome(t, again)).results).toEqual(['done']);
    expect(state(dest)).toEqual(state(f.data));

    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(commands.filter((c) => !c.startsWith('sudo -n sh -c '))).toEqual([]);
  });

  it('backs up what only root can read through sudo -n; without it the path cannot be seen', async () => {
    const repo = await initRepository(createLocalBackend(tempDir('sudo-repo')), 'backup sudo');
    await expect(
      backupServerPath({ session: plain, server: 'web-1', path: f.data, sudo: false, repo }),
    ).rejects.toMatchObject({
      code: 'backup.path_not_found',
      message: expect.stringContaining('is sudo needed?'),
    });

    const { session, commands } = recording(plain);
    const r = await backupServerPath({ session, server: 'web-1', path: f.data, sudo: true, repo });
    expect(r.stats.files).toBe(3);
    expect((await repo.loadSnapshot(r.snapshotId)).unreadable).toBeUndefined();
    const target = tempDir('sudo-restored');
    expect((await restoreToFolder(repo, r.snapshotId, target)).ownersRestored).toBe(true);
    // Contents, modes, owners and file times (a folder's time comes back to the microsecond only).
    expect(state(join(target, 'data'))).toEqual(state(f.data));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((c) => !c.startsWith('sudo -n '))).toEqual([]);
  });
});
