// The restore flow from the command line, as an on-call engineer types it: plan (writes
// nothing), restore without a terminal refuses without --yes, restore --yes, restores, undo.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView, PlanView, RestoreView } from '../../core/api/contract';
import { createLifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { cliFor } from './cli-run';

const services = inject('services');
const sshd = requireService(services, 'sshd');

const passphrase = 'cli restore passphrase';
const lifeboat = (dataDir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  cliFor(dataDir, passphrase)(args, env);

describe.skipIf(sshd.skip)('restore from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-restore-'));
  const data = join(dir, 'data');
  const app = join(dir, 'app');
  const scope = `server:web-1:${app}`;
  const conf = join(app, 'nginx.conf');

  beforeAll(async () => {
    mkdirSync(join(app, 'sites'), { recursive: true });
    writeFileSync(conf, 'worker_processes 4;\n');
    writeFileSync(join(app, 'sites', 'default'), 'server {}\n');
    mkdirSync(join(dir, 'repo'));
    // The estate through the API (the CLI for it has its own tests), then the CLI for restores.
    const a = createLifeboat({ dataDir: data, mode: 'cli' });
    const call = async (m: string, input: unknown) => {
      const env = await a.dispatch(m, input);
      if (!env.ok) throw new Error(`${m}: ${env.error.message}`);
      return env.result;
    };
    const s = sshd.get();
    await call('vault.init', { passphrase });
    await call('server.add', {
      name: 'web-1',
      host: s.host,
      port: s.port,
      user: s.user,
      auth: { kind: 'key', privateKey: s.clientKey },
      acceptHostKey: s.hostKeyFingerprint,
    });
    await call('repo.add', { name: 'usb', location: { kind: 'local', path: join(dir, 'repo') } });
    await call('repo.init', { name: 'usb', passphrase: 'usb repository passphrase' });
    await call('system.add', {
      name: 'web',
      ownerTeam: 'ops',
      rpo: '1h',
      rto: '15m',
      repository: 'usb',
      scopes: [scope],
    });
    const { jobs } = (await call('backup.start', { system: 'web' })) as { jobs: JobView[] };
    expect((await a.jobs.wait(jobs[0]!.id)).state).toBe('Succeeded');
    await a.close();
  });

  it('plans, refuses to write without a terminal or --yes, restores with --yes, lists, and undoes', async () => {
    writeFileSync(conf, 'worker_processes oops\n');

    const plan = await lifeboat(data, ['plan', scope, '--path', conf, '--before', new Date().toISOString()]);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.out).toContain('Preview: 0 to create, 1 to replace, 0 to delete');
    expect(plan.out).toContain(`replace  ${conf}`);
    expect(plan.out).toMatch(/IN PLACE/);
    expect(plan.out).toMatch(/safety +Before writing, a safety point of the 1 file/);
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n');

    const json = await lifeboat(data, ['--json', 'plan', scope, '--path', conf]);
    const p = JSON.parse(json.out) as PlanView;
    expect(p.preview.kind === 'files' && p.preview.replace[0]?.old?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const refused = await lifeboat(data, ['restore', scope, '--path', conf]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--yes');
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n');

    const done = await lifeboat(data, ['restore', scope, '--path', conf, '--yes']);
    expect(done.code, done.out + done.err).toBe(0);
    expect(done.out).toMatch(/Restore [0-9a-f]{16}: Succeeded/);
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes 4;\n');
    const id = /Restore ([0-9a-f]{16})/.exec(done.out)![1]!;

    const list = await lifeboat(data, ['--json', 'restores']);
    const restores = JSON.parse(list.out) as RestoreView[];
    expect(restores[0]).toMatchObject({ id, state: 'Succeeded', counts: { done: 1 } });

    const undo = await lifeboat(data, ['undo', id, '--yes']);
    expect(undo.code, undo.out + undo.err).toBe(0);
    expect(undo.out).toContain(`Undo of restore ${id}`);
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n');
    const again = await lifeboat(data, ['undo', id, '--yes']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('restore.already_undone');

    const bad = await lifeboat(data, [
      'plan',
      scope,
      '--point',
      'abc123',
      '--before',
      '2026-01-01T00:00:00Z',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('choose --point or --before');
  });
});
