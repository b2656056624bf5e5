// Runs of runbooks end to end, against the real sshd and the Kubernetes emulator: an incident
// run of the default "restore a server file" runbook (check → approve → restore → verify → note),
// drills into sandboxes (a scratch namespace, an alongside path) that never touch the live
// targets, a rehearsal with every connection down, and `lifeboat drill` from the built CLI.
// Pause/resume and interrupted runs: runs-resume.test.ts.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView, PlanView, RunView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { addServer, err, ok, shopNamespace, wrapSessions } from './restore-seed';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const kube = requireService(services, 'kube');
const passphrase = 'runs test vault passphrase';
const bin = join(process.cwd(), 'out/cli/lifeboat.js');

const run = async (l: Lifeboat, method: string, input: unknown) =>
  (await ok<{ run: RunView }>(l, method, input)).run;
/** The run once it stops doing work: it waits, pauses or ends. */
async function settle(l: Lifeboat, id: string): Promise<RunView> {
  for (;;) {
    const r = await run(l, 'run.get', { id });
    if (r.state !== 'Running') return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}
const states = (r: RunView) => Object.fromEntries(r.steps.map((s) => [s.id, s.state]));
const step = (r: RunView, id: string) => r.steps.find((s) => s.id === id)!;

function listen(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/healthz`, server });
    }),
  );
}
function stop(server: Server) {
  server.closeAllConnections();
  server.close();
}

function cli(dataDir: string, args: string[]) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, '--data-dir', dataDir, ...args],
      { env: { ...process.env, LIFEBOAT_PASSPHRASE: passphrase }, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          out: stdout,
          err: stderr,
        }),
    );
  });
}

describe.skipIf(sshd.skip || kube.skip)('runs of runbooks', () => {
  let a: Lifeboat;
  let api: KubernetesObjectApi;
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-runs-'));
  const dataDir = join(root, 'data');
  const app = join(root, 'app');
  const conf = join(app, 'nginx.conf');
  const other = join(app, 'sites', 'default');
  const ns = `runs-shop-${Date.now().toString(36)}`;
  const servers: Server[] = [];
  let healthy = '';

  beforeAll(async () => {
    mkdirSync(join(app, 'sites'), { recursive: true });
    writeFileSync(conf, 'worker_processes 4;\n');
    writeFileSync(other, 'server { listen 80; }\n');
    const h = await listen((_req, res) => res.writeHead(200).end('{"ok": true}'));
    servers.push(h.server);
    healthy = h.url;

    a = createLifeboat({ dataDir, mode: 'cli', actor: 'test' });
    const s = sshd.get();
    await ok(a, 'vault.init', { passphrase });
    await addServer(a, 'web-1', s);
    mkdirSync(join(root, 'repo'));
    await ok(a, 'repo.add', { name: 'usb', location: { kind: 'local', path: join(root, 'repo') } });
    await ok(a, 'repo.init', { name: 'usb', passphrase: 'usb repository passphrase' });
    const kubeconfig = kube.get().kubeconfig;
    await ok(a, 'cluster.add', { name: 'emu', kubeconfig });
    api = await shopNamespace(kubeconfig, ns);
    const common = { ownerTeam: 'ops', rpo: '1h', rto: '15m', drillEvery: '30d', repository: 'usb' };
    await ok(a, 'system.add', { name: 'web', ...common, scopes: [`server:web-1:${app}`] });
    await ok(a, 'system.add', { name: 'shop', ...common, scopes: [`cluster:emu:namespace/${ns}`] });
    for (const system of ['web', 'shop']) {
      const { jobs } = await ok<{ jobs: JobView[] }>(a, 'backup.start', { system });
      expect((await a.jobs.wait(jobs[0]!.id)).state).toBe('Succeeded');
    }
  });
  afterAll(async () => {
    await a?.close();
    servers.forEach(stop);
  });

  it('incident: check → approve (named) → restore the one file → verify (fileHash, http) → Succeeded', async () => {
    writeFileSync(conf, 'worker_processes oops\n');
    let r = await run(a, 'run.start', {
      system: 'web',
      mode: 'incident',
      parameters: { file: conf, healthUrl: healthy },
    });
    expect(r).toMatchObject({
      state: 'Waiting',
      runbook: { name: 'restore-server-file', origin: 'default' },
    });
    r = await run(a, 'run.advance', { id: r.id, stepId: 'check-symptoms', action: 'confirm' });
    expect(states(r)['approve-restore']).toBe('WaitingForApproval');
    const refused = await err(a, 'run.advance', {
      id: r.id,
      stepId: 'approve-restore',
      action: 'approve',
      reason: 'x',
    });
    expect(refused.code).toBe('run.approval_needs_name');
    await run(a, 'run.advance', {
      id: r.id,
      stepId: 'approve-restore',
      action: 'approve',
      name: 'alice',
      reason: 'bad push',
    });
    r = await settle(a, r.id);
    const restore = step(r, 'restore-files');
    expect(restore.state).toBe('WaitingForConfirmation');
    const { plan } = await ok<{ plan: PlanView }>(a, 'restore.getPlan', { id: restore.restore!.planId });
    if (plan.preview.kind !== 'files') throw new Error('expected a files preview');
    expect(plan.preview.replace.map((c) => c.path)).toEqual([conf]);
    expect(plan.preview.create).toEqual([]);
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n'); // planning wrote nothing
    await run(a, 'run.advance', { id: r.id, stepId: 'restore-files', action: 'confirm' });
    r = await settle(a, r.id);
    expect(r.state, JSON.stringify(r.steps, null, 1)).toBe('Succeeded');
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes 4;\n');
    const verify = step(r, 'verify-service');
    expect(verify.checks?.map((c) => c.ok)).toEqual([true, true]);
    expect(verify.checks?.[0]?.message).toMatch(/content matches point/);
    expect(r.restoreSeconds).toBeGreaterThan(0);
    expect(step(r, 'approve-restore').approvals?.[0]).toMatchObject({ name: 'alice', reason: 'bad push' });
    expect(r.steps.every((s) => s.durationMs !== undefined)).toBe(true);

    const { entries } = await ok<{
      entries: { action: string; subject: string; details: Record<string, unknown> }[];
    }>(a, 'journal.list', { limit: 300 });
    const mine = entries.filter((e) => e.subject === r.id);
    expect(new Set(mine.map((e) => e.action))).toEqual(
      new Set(['run.started', 'run.step', 'run.confirmed', 'run.approved', 'run.finished']),
    );
    // Every step's every move is on record.
    for (const s of ['check-symptoms', 'approve-restore', 'restore-files', 'verify-service', 'record'])
      expect(
        mine.some((e) => e.action === 'run.step' && e.details.step === s && e.details.state === 'Succeeded'),
        s,
      ).toBe(true);
  });

  it('drill of a namespace: restores into a scratch namespace, leaves the live one alone, removes it', async () => {
    const live = async () =>
      (
        await Promise.all([
          api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns } }),
          api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns } }),
        ])
      ).map((o) => o.metadata?.resourceVersion);
    const before = await live();
    let r = await run(a, 'run.start', { system: 'shop', mode: 'drill' });
    expect(r.label).toMatch(/^DRILL/);
    await run(a, 'run.advance', {
      id: r.id,
      stepId: 'approve-restore',
      action: 'approve',
      name: 'alice',
      reason: 'drill',
    });
    r = await settle(a, r.id);
    const scratch = `lifeboat-drill-${r.id}`;
    expect(step(r, 'restore-namespace').restore?.destination).toBe(`cluster:emu:namespace/${scratch}`);
    await run(a, 'run.advance', { id: r.id, stepId: 'restore-namespace', action: 'confirm' });
    r = await settle(a, r.id);
    expect(r.state, JSON.stringify(r.steps, null, 1)).toBe('Succeeded');
    expect(step(r, 'wait-for-rollout').checks?.[0]).toMatchObject({
      ok: true,
      label: expect.stringContaining(scratch),
    });
    expect(r.sandbox).toBe(`cluster:emu:namespace/${scratch} (removed)`);
    expect(r.restoreSeconds).toBeGreaterThan(0);
    expect(await live()).toEqual(before);
    await expect(
      api.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: scratch } }),
    ).rejects.toThrow();
    const { systems } = await ok<{
      systems: { system: string; last?: { runId: string }; overdue: boolean }[];
    }>(a, 'drills.status', {});
    expect(systems.find((x) => x.system === 'shop')).toMatchObject({ last: { runId: r.id }, overdue: false });
    // The evidence report lists the drill with its measured restore time.
    const report = await ok<{ text: string }>(a, 'report.build', { system: 'shop', format: 'html' });
    expect(report.text).not.toContain('No drills recorded');
    expect(report.text).toContain(`runbook ${r.runbook.name}`);
  });

  it('a rollout check waits for ready replicas and fails by its time limit when they never come', async () => {
    // No controllers in the emulator: the status is set by hand through the status subresource.
    const kubeUrl = new URL(kube.get().url);
    const res = await fetch(`${kubeUrl.origin}/apis/apps/v1/namespaces/${ns}/deployments/web/status`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${kube.get().token}`,
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify({ status: { readyReplicas: 1 } }),
    });
    expect(res.status).toBe(200);
    await ok(a, 'runbook.import', {
      yaml: `name: shop-rollout\nsystem: shop\nsteps:\n  - id: rollout\n    kind: verify\n    title: Rolled out\n    checks:\n      - rollout: { cluster: emu, namespace: ${ns}, kind: Deployment, name: web, timeoutSeconds: 2 }\n`,
    });
    const r = await settle(
      a,
      (await run(a, 'run.start', { system: 'shop', runbook: 'shop-rollout', mode: 'incident' })).id,
    );
    expect(r.state).toBe('Failed');
    expect(step(r, 'rollout').checks?.[0]?.message).toMatch(/not ready within 2 s: web: 1\/2 replicas ready/);
  });

  it('drill of a server path: the live files stay as they are, the sandbox path is removed', async () => {
    writeFileSync(conf, 'live edit after the backup\n');
    const mtimes = [conf, other].map((f) => statSync(f).mtimeMs);
    let r = await run(a, 'run.start', { system: 'web', runbook: 'restore-server-file', mode: 'drill' });
    await run(a, 'run.advance', { id: r.id, stepId: 'check-symptoms', action: 'confirm' });
    await run(a, 'run.advance', {
      id: r.id,
      stepId: 'approve-restore',
      action: 'approve',
      name: 'bob',
      reason: 'drill',
    });
    r = await settle(a, r.id);
    const sandbox = `${app}.lifeboat-drill-${r.id}`;
    expect(step(r, 'restore-files').restore?.destination).toBe(`server:web-1:${sandbox}`);
    await run(a, 'run.advance', { id: r.id, stepId: 'restore-files', action: 'confirm' });
    r = await settle(a, r.id);
    expect(r.state, JSON.stringify(r.steps, null, 1)).toBe('Succeeded');
    expect(step(r, 'verify-service').checks?.[0]).toMatchObject({
      ok: true,
      label: expect.stringContaining(sandbox),
    });
    expect(readFileSync(conf, 'utf8')).toBe('live edit after the backup\n');
    expect([conf, other].map((f) => statSync(f).mtimeMs)).toEqual(mtimes);
    expect(existsSync(sandbox)).toBe(false);
    expect(r.sandbox).toMatch(/\(removed\)$/);
    const restores = (
      await ok<{ restores: { destination: string; inPlace: boolean }[] }>(a, 'restore.list', {})
    ).restores;
    expect(restores.filter((x) => x.destination.includes('lifeboat-drill')).every((x) => !x.inPlace)).toBe(
      true,
    );
  });

  it('a cancel reaches a restore step while it plans: a server that never answers does not hold the run', async () => {
    let r = await run(a, 'run.start', { system: 'web', runbook: 'restore-server-file', mode: 'incident' });
    await run(a, 'run.advance', { id: r.id, stepId: 'check-symptoms', action: 'confirm' });
    // From now on every command on the server hangs until its caller gives up.
    const hung: string[] = [];
    const unwrap = wrapSessions(a, (session) => ({
      ...session,
      execStream: (command, opts) => {
        hung.push(command);
        return new Promise((_, reject) => {
          const signal = opts?.signal;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      },
    }));
    try {
      await run(a, 'run.advance', {
        id: r.id,
        stepId: 'approve-restore',
        action: 'approve',
        name: 'carol',
        reason: 'cancel test',
      });
      for (let i = 0; i < 100 && hung.length === 0; i++) await new Promise((res) => setTimeout(res, 50));
      expect(hung.length).toBeGreaterThan(0);
      const started = Date.now();
      r = await run(a, 'run.cancel', { id: r.id });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.state).toBe('Cancelled');
    } finally {
      unwrap();
    }
  });

  it('rehearsal with every server and cluster unreachable: estimates from the catalog, writes nothing', async () => {
    const closed = await listen(() => {});
    const port = Number(new URL(closed.url).port);
    stop(closed.server); // a port nothing listens on
    const b = createLifeboat({ dataDir: join(root, 'offline'), mode: 'cli', actor: 'test' });
    try {
      await ok(b, 'vault.init', { passphrase });
      await ok(b, 'server.add', {
        name: 'web-1',
        host: '127.0.0.1',
        port,
        user: 'nobody',
        auth: { kind: 'agent' },
      });
      const kubeconfig = kube.get().kubeconfig.replace(/server: \S+/, `server: http://127.0.0.1:${port}`);
      await ok(b, 'cluster.add', { name: 'emu', kubeconfig });
      await ok(b, 'repo.add', {
        name: 'usb',
        location: { kind: 'local', path: join(root, 'repo') },
        passphrase: 'usb repository passphrase',
      });
      const common = { ownerTeam: 'ops', rpo: '1h', rto: '15m', repository: 'usb' };
      await ok(b, 'system.add', { name: 'web', ...common, scopes: [`server:web-1:${app}`] });
      await ok(b, 'system.add', { name: 'shop', ...common, scopes: [`cluster:emu:namespace/${ns}`] });
      const { job } = await ok<{ job: JobView }>(b, 'catalog.rebuild', {});
      expect((await b.jobs.wait(job.id)).state).toBe('Succeeded');
      const journalBefore = (await ok<{ entries: unknown[] }>(b, 'journal.list', { limit: 1000 })).entries
        .length;
      const confBefore = readFileSync(conf, 'utf8');
      for (const system of ['web', 'shop']) {
        const r = await settle(b, (await run(b, 'run.start', { system, mode: 'rehearsal' })).id);
        expect(r.state, JSON.stringify(r.steps, null, 1)).toBe('Succeeded');
        expect(r.label).toBe('REHEARSAL — nothing is written, nothing is connected');
        expect(r.steps.every((s) => s.estimate?.basis)).toBe(true);
        const restore = r.steps.find((s) => s.kind === 'restore')!;
        expect(restore.detail).toMatch(/^Rehearsed: would restore .* from point [0-9a-f]+/);
        const verify = r.steps.find((s) => s.kind === 'verify')!;
        expect(verify).toMatchObject({
          state: 'Skipped',
          skippedReason: expect.stringMatching(/connects to nothing/),
        });
      }
      expect((await ok<{ restores: unknown[] }>(b, 'restore.list', {})).restores).toEqual([]);
      const entries = (await ok<{ entries: { action: string }[] }>(b, 'journal.list', { limit: 1000 }))
        .entries;
      expect(entries.slice(0, entries.length - journalBefore).every((e) => e.action.startsWith('run.'))).toBe(
        true,
      );
      expect(readFileSync(conf, 'utf8')).toBe(confBefore);
    } finally {
      await b.close();
    }
  });

  it('lifeboat drill from the command line, scripted with flags; without them it stops and names the flag', async () => {
    await a.close();
    const drill = await cli(dataDir, [
      'drill',
      'web',
      '--runbook',
      'restore-server-file',
      '--set',
      `file=${conf}`,
      '--yes',
      '--approve-as',
      'alice',
      '--reason',
      'drill',
    ]);
    expect(drill.code, drill.err + drill.out).toBe(0);
    expect(drill.out).toMatch(/DRILL/);
    expect(drill.out).toMatch(/Restore plan/);
    expect(drill.out).toMatch(/: Succeeded\. measured restore time/);
    const stuck = await cli(dataDir, [
      'run',
      'web',
      '--runbook',
      'restore-server-file',
      '--mode',
      'incident',
    ]);
    expect(stuck.code).toBe(2);
    expect(stuck.err).toMatch(/needs a confirmation: run with --yes/);
    const list = await cli(dataDir, ['--json', 'runs', 'web', '--mode', 'drill']);
    const runs = JSON.parse(list.out) as RunView[];
    expect(runs[0]?.state).toBe('Succeeded');
    const show = await cli(dataDir, ['runs', 'show', runs[0]!.id]);
    expect(show.out).toMatch(/approved by alice/);
    const drills = await cli(dataDir, ['drills']);
    expect(drills.out).toMatch(/web\s+\S+ \S+\s+Succeeded/);
  });
});
