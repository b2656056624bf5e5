// The restore flow end to end through the contract, against the real sshd and the Kubernetes
// emulator: plan (point chosen before the incident, exact preview) → execute as a job (re-check,
// safety point, write) → the restore record → undo with its own preview. Also: a live target
// that moved after the preview stops the restore before anything is written; alongside restores
// to another path and another server; a namespace with a deleted Deployment and an edited ConfigMap.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView, PlanView, PointView, RestoreView } from '../../core/api/contract';
import { createLifeboat, type Lifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { err, execute, ok, planRestore, seedApp, shopNamespace } from './restore-seed';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const kube = requireService(services, 'kube');

const plan = planRestore;

describe.skipIf(sshd.skip || kube.skip)('restore flow', () => {
  let a: Lifeboat;
  const root = mkdtempSync(join(tmpdir(), 'lifeboat-restore-flow-'));
  const app = join(root, 'app');
  const scope = `server:web-1:${app}`;
  const files = Array.from({ length: 200 }, (_, i) => join(app, `d${i % 10}`, `f${i}.conf`));

  beforeAll(async () => {
    for (const f of files) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, `setting ${f}\n`);
    }
    a = createLifeboat({ dataDir: mkdtempSync(join(tmpdir(), 'lifeboat-rf-')), mode: 'cli', actor: 'test' });
    await seedApp(a, sshd.get(), root, scope, { servers: ['web-1', 'web-2'] });
  });
  afterAll(() => a?.close());

  it('plans the one corrupted file, restores it with its metadata, and undoes it', async () => {
    const victim = files[17]!;
    const before = statSync(victim);
    const others = files.filter((f) => f !== victim).map((f) => [f, statSync(f).mtimeMs] as const);
    writeFileSync(victim, 'CORRUPTED\n');
    chmodSync(victim, 0o600);

    const p = await plan(a, { scope, before: new Date().toISOString() });
    expect(p.point.why).toMatch(/newest point before/);
    expect(p.destination.inPlace).toBe(true);
    if (p.preview.kind !== 'files') throw new Error('expected a files preview');
    expect(p.preview.replace.map((c) => c.path)).toEqual([victim]);
    expect(p.preview.create).toEqual([]);
    expect(p.preview.delete).toEqual([]);
    expect(p.preview.replace[0]?.old?.mode).toBe(0o600);
    expect(p.preview.replace[0]?.new?.mode).toBe(before.mode & 0o7777);
    expect(p.safety.items).toBe(1);
    expect(p.dataLoss.changedSince).toBe(1);
    expect(p.estimate.basis).toMatch(/backup/);

    const { job, restore } = await execute(a, p);
    expect(job.state, JSON.stringify(job.error)).toBe('Succeeded');
    expect(readFileSync(victim, 'utf8')).toBe(`setting ${victim}\n`);
    const after = statSync(victim);
    expect(after.mode & 0o7777).toBe(before.mode & 0o7777);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    for (const [f, mtime] of others) expect(statSync(f).mtimeMs, f).toBe(mtime);
    expect(restore).toMatchObject({ state: 'Succeeded', counts: { done: 1, failed: 0, notDone: 0 } });
    expect(restore.safetyPointId).toBeDefined();
    const { points } = await ok<{ points: PointView[] }>(a, 'points.list', { scope });
    expect(points.find((x) => x.id === restore.safetyPointId)?.kind).toBe('safety');
    expect((await err(a, 'restore.execute', { planId: p.id })).code).toBe('restore.plan_used');

    const undo = (await ok<{ plan: PlanView }>(a, 'restore.planUndo', { id: restore.id })).plan;
    expect(undo.undoOf).toBe(restore.id);
    if (undo.preview.kind !== 'files') throw new Error('expected a files preview');
    expect(undo.preview.replace.map((c) => c.path)).toEqual([victim]);
    const undone = await execute(a, undo);
    expect(undone.job.state, JSON.stringify(undone.job.error)).toBe('Succeeded');
    expect(readFileSync(victim, 'utf8')).toBe('CORRUPTED\n');
    expect(statSync(victim).mode & 0o7777).toBe(0o600);
    expect((await ok<{ restore: RestoreView }>(a, 'restore.get', { id: restore.id })).restore.undoneBy).toBe(
      undone.restore.id,
    );
    expect((await err(a, 'restore.planUndo', { id: restore.id })).code).toBe('restore.already_undone');
    const { entries } = await ok<{ entries: { action: string }[] }>(a, 'journal.list', { limit: 100 });
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'restore.started',
        'restore.safety_point',
        'restore.finished',
        'restore.undone',
      ]),
    );
  });

  it('stops before writing when the live target changed after the preview', async () => {
    const victim = files[3]!;
    writeFileSync(victim, 'first damage\n');
    const p = await plan(a, { scope, paths: [victim] });
    writeFileSync(victim, 'second damage, after the preview\n');
    const { job, restore } = await execute(a, p);
    expect(job.state).toBe('Failed');
    expect(job.error?.code).toBe('restore.target_changed');
    expect(job.error?.message).toContain(victim);
    expect(readFileSync(victim, 'utf8')).toBe('second damage, after the preview\n');
    expect(restore.state).toBe('Failed');
    expect(restore.safetyPointId).toBeUndefined();
    // Planning again shows the new state; nothing is left to do after restoring it.
    const again = await plan(a, { scope, paths: [victim] });
    expect((await execute(a, again)).job.state).toBe('Succeeded');
    const none = await plan(a, { scope, paths: [victim] });
    expect(none.empty).toBe(true);
    expect((await err(a, 'restore.execute', { planId: none.id })).code).toBe('restore.nothing_to_do');
  });

  it('restores alongside, to another path and to another server, leaving the live scope alone', async () => {
    for (const [to, dir] of [
      [`server:web-1:${join(root, 'copy')}`, join(root, 'copy')],
      [`server:web-2:${join(root, 'other-server')}`, join(root, 'other-server')],
    ] as const) {
      const p = await plan(a, { scope, to, paths: [join(app, 'd1')] });
      expect(p.destination.inPlace).toBe(false);
      if (p.preview.kind !== 'files') throw new Error('expected a files preview');
      expect(p.preview.create.filter((c) => c.new?.type === 'file')).toHaveLength(20);
      expect(p.safety.items).toBe(0);
      const { job } = await execute(a, p);
      expect(job.state, JSON.stringify(job.error)).toBe('Succeeded');
      expect(readFileSync(join(dir, 'd1', 'f1.conf'), 'utf8')).toBe(
        `setting ${join(app, 'd1', 'f1.conf')}\n`,
      );
    }
  });

  it('refuses bad requests with clear errors', async () => {
    expect((await err(a, 'restore.plan', { scope, resources: ['Deployment/web'] })).code).toBe(
      'restore.bad_subset',
    );
    expect((await err(a, 'restore.plan', { scope, to: 'cluster:emu:namespace/x' })).code).toBe(
      'restore.bad_destination',
    );
    expect((await err(a, 'restore.plan', { scope, before: '2000-01-01T00:00:00Z' })).code).toBe(
      'restore.no_point',
    );
    expect((await err(a, 'restore.plan', { scope: 'server:nope:/x' })).code).toBe('estate.not_found');
    expect((await err(a, 'restore.execute', { planId: 'nope' })).code).toBe('restore.no_such_plan');
  });

  describe('a namespace', () => {
    let api: KubernetesObjectApi;
    const ns = 'shop-restore';
    const nsScope = `cluster:emu:namespace/${ns}`;

    beforeAll(async () => {
      const kubeconfig = kube.get().kubeconfig;
      api = await shopNamespace(kubeconfig, ns);
      await ok(a, 'cluster.add', { name: 'emu', kubeconfig });
      await ok(a, 'system.add', {
        name: 'shop',
        ownerTeam: 'ops',
        rpo: '1h',
        rto: '15m',
        repository: 'usb',
        scopes: [nsScope],
      });
      const { jobs } = await ok<{ jobs: JobView[] }>(a, 'backup.start', { system: 'shop' });
      expect((await a.jobs.wait(jobs[0]!.id)).state).toBe('Succeeded');
    });

    it('restores a deleted Deployment and an edited ConfigMap, then undoes it', async () => {
      await api.delete({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: ns },
      });
      await api.patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: ns },
          data: { mode: 'broken' },
        } as KubernetesObject,
        undefined,
        undefined,
        undefined,
        undefined,
        'application/merge-patch+json' as never,
      );
      const p = await plan(a, { scope: nsScope });
      if (p.preview.kind !== 'objects') throw new Error('expected an objects preview');
      expect(p.preview.create.map((c) => `${c.ref.kind}/${c.ref.name}`)).toEqual(['Deployment/web']);
      expect(p.preview.update.map((c) => `${c.ref.kind}/${c.ref.name}`)).toEqual(['ConfigMap/settings']);
      expect(p.preview.update[0]?.diff).toEqual([{ path: 'data.mode', old: 'broken', new: 'production' }]);
      const { job, restore } = await execute(a, p);
      expect(job.state, JSON.stringify(job.failures)).toBe('Succeeded');
      expect(restore.safetyPointId).toBeDefined();
      const cm = (await api.read({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: ns },
      })) as { data?: Record<string, string> };
      expect(cm.data).toEqual({ mode: 'production' });
      await api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns } });

      const undo = (await ok<{ plan: PlanView }>(a, 'restore.planUndo', { id: restore.id })).plan;
      if (undo.preview.kind !== 'objects') throw new Error('expected an objects preview');
      expect(undo.preview.delete.map((c) => `${c.ref.kind}/${c.ref.name}`)).toEqual(['Deployment/web']);
      expect(undo.preview.update.map((c) => `${c.ref.kind}/${c.ref.name}`)).toEqual(['ConfigMap/settings']);
      expect((await execute(a, undo)).job.state).toBe('Succeeded');
      const back = (await api.read({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: ns },
      })) as { data?: Record<string, string> };
      expect(back.data).toEqual({ mode: 'broken' });
      await expect(
        api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns } }),
      ).rejects.toThrow();
    });

    it('stops before writing when a Secret value changed after the preview, even to one of the same length', async () => {
      const secret = (password: string) =>
        ({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db', namespace: ns },
          data: { password: Buffer.from(password).toString('base64') },
        }) as KubernetesObject;
      await api.create(secret('original'));
      const { jobs } = await ok<{ jobs: JobView[] }>(a, 'backup.start', { system: 'shop' });
      expect((await a.jobs.wait(jobs[0]!.id)).state).toBe('Succeeded');
      await api.replace(secret('damaged!'));
      const p = await plan(a, { scope: nsScope, resources: ['Secret/db'] });
      if (p.preview.kind !== 'objects') throw new Error('expected an objects preview');
      // The preview hides the values: both sides are 8 bytes.
      expect(p.preview.update[0]?.diff).toEqual([
        { path: 'data.password', old: '(hidden: 8 bytes)', new: '(hidden: 8 bytes)' },
      ]);
      await api.replace(secret('rotated!'));
      const { job } = await execute(a, p);
      expect(job.error?.code).toBe('restore.target_changed');
      const live = (await api.read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: ns },
      })) as { data?: Record<string, string> };
      expect(Buffer.from(live.data?.password ?? '', 'base64').toString()).toBe('rotated!');
    });
  });
});
