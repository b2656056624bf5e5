// `lifeboat backup SYSTEM --scope SCOPE` through the built CLI, against the real sshd and a
// repository on a local folder: only that scope of the system gets a restore point; a scope
// the system does not have (another system's, a path it doesn't hold, a malformed one) is a
// clear error naming it, exit 1, and nothing is backed up.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { cliFor, estateSteps } from './cli-run';

const sshd = requireService(inject('services'), 'sshd');

const passphrase = 'cli backup scope passphrase';
const lifeboat = (dataDir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  cliFor(dataDir, passphrase)(args, env);

describe.skipIf(sshd.skip)('backup SYSTEM --scope SCOPE from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-scope-'));
  const data = join(dir, 'data');
  const repoDir = join(dir, 'repo');
  const server = join(dir, 'server');
  const etc = `server:web-1:${join(server, 'etc')}`;
  const srv = `server:web-1:${join(server, 'srv')}`;
  const other = `server:web-1:${join(server, 'other')}`;

  /** Restore points of `system` by scope: how many each. */
  async function pointsBy(system: string): Promise<Record<string, number>> {
    const r = await lifeboat(data, ['--json', 'points', system]);
    expect(r.code, r.err).toBe(0);
    const counts: Record<string, number> = {};
    for (const p of JSON.parse(r.out) as { scope: string; system?: string }[]) {
      expect(p.system).toBe(system);
      counts[p.scope] = (counts[p.scope] ?? 0) + 1;
    }
    return counts;
  }

  /** Snapshot objects in the repository: what was really backed up, whatever the catalog says. */
  const snapshots = () =>
    existsSync(join(repoDir, 'snapshots')) ? readdirSync(join(repoDir, 'snapshots')).length : 0;

  /** Backup jobs the catalog has recorded. */
  async function backupJobs(): Promise<number> {
    const r = await lifeboat(data, ['--json', 'jobs', 'list', '--limit', '1000']);
    expect(r.code, r.err).toBe(0);
    return (JSON.parse(r.out) as { kind: string }[]).filter((j) => j.kind === 'backup').length;
  }

  beforeAll(async () => {
    for (const d of ['etc', 'srv', 'other']) {
      mkdirSync(join(server, d), { recursive: true });
      writeFileSync(join(server, d, `${d}.conf`), `${d}\n`);
    }
    mkdirSync(repoDir);
    const steps = estateSteps(sshd.get(), repoDir, [
      ['files', etc, srv],
      ['others', other],
    ]);
    for (const args of steps) {
      const r = await lifeboat(data, args, { RP: 'repository passphrase' });
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
    }
  }, 60_000);

  it('backs up only the scope named, and the other scope of the system not at all', async () => {
    const r = await lifeboat(data, ['backup', 'files', '--scope', etc]);
    expect(r.err).toBe('');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Back up ${etc}: Succeeded — restore point`);
    expect(r.out).not.toContain(srv);
    expect(await pointsBy('files')).toEqual({ [etc]: 1 });
    expect(await pointsBy('others')).toEqual({});
    expect(snapshots()).toBe(1);
    expect(await backupJobs()).toBe(1);
    // The scope is matched as the system spells it: a trailing slash names the same path.
    const slash = await lifeboat(data, ['backup', 'files', '--scope', `${srv}/`]);
    expect(slash.code, slash.err).toBe(0);
    expect(slash.out).toContain(`Back up ${srv}: Succeeded`);
    expect(slash.out).not.toContain(etc);
    expect(await pointsBy('files')).toEqual({ [etc]: 1, [srv]: 1 });
    // Without --scope: every scope of the system, still none of another system's.
    const all = await lifeboat(data, ['backup', 'files']);
    expect(all.code, all.err).toBe(0);
    expect(await pointsBy('files')).toEqual({ [etc]: 2, [srv]: 2 });
    expect(await pointsBy('others')).toEqual({});
    expect(snapshots()).toBe(4);
  }, 60_000);

  it('refuses a scope the system does not have, naming it, with exit 1 and nothing backed up', async () => {
    const before = { points: await pointsBy('files'), snapshots: snapshots(), jobs: await backupJobs() };
    const unknown = `server:web-1:${join(server, 'var')}`;
    // A path of the system's server that is not one of its scopes, and another system's scope.
    for (const scope of [unknown, other]) {
      const r = await lifeboat(data, ['backup', 'files', '--scope', scope]);
      expect(r.code, r.out).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toContain(`System "files" has no scope ${scope}`);
      expect(r.err).toContain(`its scopes are ${etc}, ${srv}`);
      expect(r.err).toContain('[backup.unknown_scope]');
    }
    // Not a scope at all.
    const bad = await lifeboat(data, ['backup', 'files', '--scope', 'etc']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Scope "etc"');
    expect(bad.err).toContain('[estate.bad_scope]');
    expect(await pointsBy('files')).toEqual(before.points);
    expect(await pointsBy('others')).toEqual({});
    expect(snapshots()).toBe(before.snapshots);
    expect(await backupJobs()).toBe(before.jobs);
  }, 60_000);
});
