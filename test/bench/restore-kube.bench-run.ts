// Kubernetes restore benchmark (`npm run bench`): a namespace of N objects (ConfigMaps, Secrets,
// Deployments, Services) backed up with the real backup into a local-folder repository, then
// restored by the restore engine (plan + apply) into an empty namespace of the emulator, printed
// as objects/s and as a ratio against a baseline measured in the same run: the same N POSTs sent
// directly with plain client-node calls (one at a time, and as many in flight as the engine uses).
// The emulator runs in this process, so server work counts for both sides alike.
//
// Settings: BENCH_SIZE=small (500 objects) | default (2,000) | full (10,000), or BENCH_OBJECTS;
// BENCH_BASELINE_RUNS (default 2, the fastest counts); BENCH_WRITE=1 writes RESULTS.md.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { RestoreItemResult } from '../../core/api/contract';
import { backupKubeScope } from '../../core/providers/native/kube';
import type { KubeItem } from '../../core/providers/native/kube/clean/item';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository } from '../../core/repository/repository';
import type { ObjectsTarget } from '../../core/restore/engine';
import { objectsEngine } from '../../core/restore/kube';
import { PointObjects } from '../../core/restore/kube/point-objects';
import { startKubeEmulator } from '../harness/kube-emulator/index';
import { log, secs, writeResults } from './report';

const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 2);
/** The engine's writes in flight (core/restore/kube/apply.ts), for the concurrent baseline. */
const ENGINE_CONCURRENCY = 8;

function objectCount(env: NodeJS.ProcessEnv = process.env): number {
  const presets: Record<string, number> = { small: 500, default: 2_000, full: 10_000 };
  const name = env.BENCH_SIZE ?? 'default';
  const n = env.BENCH_OBJECTS ? Number(env.BENCH_OBJECTS) : presets[name];
  if (n === undefined) throw new Error(`BENCH_SIZE must be one of ${Object.keys(presets).join(', ')}`);
  if (!Number.isInteger(n) || n < 10) throw new Error(`BENCH_OBJECTS must be an integer ≥ 10, not ${n}`);
  return n;
}

/** The i-th object of the mix: 40% ConfigMaps, 30% Secrets, 15% Deployments, 15% Services. */
function sampleObject(i: number, namespace: string): k8s.KubernetesObject & Record<string, unknown> {
  const name = `obj-${String(i).padStart(5, '0')}`;
  const labels = { app: `app-${i % 50}`, tier: i % 2 ? 'back' : 'front' };
  const metadata = { name, namespace, labels };
  const text = (n: number) => `line ${i}: ${'lorem ipsum dolor sit amet '.repeat(n)}\n`;
  const kind = i % 20;
  if (kind < 8)
    return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'app.conf': text(8), mode: 'prod' } };
  if (kind < 14) {
    const data = { token: Buffer.from(text(2)).toString('base64') };
    return { apiVersion: 'v1', kind: 'Secret', metadata, data };
  }
  if (kind < 17) {
    const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: `app:${i}` }] } };
    const spec = { replicas: 1 + (i % 3), selector: { matchLabels: labels }, template };
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
  }
  const spec = { selector: labels, ports: [{ port: 80, targetPort: 8080 }] };
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}

async function inParallel<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

const rate = (n: number, ms: number) => `${((n / ms) * 1000).toFixed(0)} objects/s`;

/** A fresh emulator (the destination cluster of one measurement) with a client of it. */
async function cluster() {
  const kube = await startKubeEmulator();
  const kubeconfig = kube.kubeconfig();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig);
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);
  const namespace = (name: string) => api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return { kube, kubeconfig, api, namespace };
}

describe('Kubernetes restore benchmark (ratios printed, not asserted)', () => {
  it('restores a namespace of N objects into an empty namespace', async () => {
    const n = objectCount();
    const source = await cluster();
    const work = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-bench-restore-kube-'));
    try {
      log(`creating ${n} objects in namespace bench …`);
      await source.namespace('bench');
      const indexes = Array.from({ length: n }, (_, i) => i);
      await inParallel(indexes, ENGINE_CONCURRENCY, (i) => source.api.create(sampleObject(i, 'bench')));

      const repo = await initRepository(createLocalBackend(work), 'benchmark passphrase');
      let t0 = performance.now();
      const input = { kubeconfig: source.kubeconfig, cluster: 'bench', namespace: 'bench', repo };
      const backup = await backupKubeScope(input);
      const backupMs = performance.now() - t0;
      expect(backup.stats.files).toBe(n + 2); // + the default ServiceAccount and kube-root-ca.crt
      const snapshot = await repo.loadSnapshot(backup.snapshotId);

      // Every measurement writes into a fresh emulator, so none pays for objects another left.
      // Baselines: the same objects, as the backup stored them, POSTed with plain client calls.
      const point = await PointObjects.open(repo, snapshot, 'bench');
      const bodies: KubeItem[] = [];
      for (const e of point.entries) {
        const r = await point.load(e);
        if ('item' in r && e.name.startsWith('obj-')) bodies.push(r.item);
      }
      expect(bodies).toHaveLength(n);
      const baseline = async (limit: number) => {
        const dest = await cluster();
        try {
          const prepared = bodies.map((b) => ({ ...b, metadata: { ...b.metadata, namespace: 'restored' } }));
          const start = performance.now();
          await dest.namespace('restored');
          await inParallel(prepared, limit, (b) => dest.api.create(b));
          return performance.now() - start;
        } finally {
          await dest.kube.stop();
        }
      };
      const seqRuns: number[] = [];
      const parRuns: number[] = [];
      for (let r = 0; r < BASELINE_RUNS; r++) {
        seqRuns.push(await baseline(1));
        parRuns.push(await baseline(ENGINE_CONCURRENCY));
      }
      const seq = Math.min(...seqRuns);
      const par = Math.min(...parRuns);

      // Ours: plan + apply into an empty namespace.
      const dest = await cluster();
      let planMs: number;
      let applyMs: number;
      let out: { bytes: number };
      try {
        await dest.namespace('restored');
        const target: ObjectsTarget = {
          repo,
          snapshot,
          kubeconfig: dest.kubeconfig,
          cluster: 'bench',
          sourceNamespace: 'bench',
          destNamespace: 'restored',
          conflict: 'update',
        };
        t0 = performance.now();
        const preview = await objectsEngine.plan(target);
        planMs = performance.now() - t0;
        const items: RestoreItemResult[] = [];
        t0 = performance.now();
        out = await objectsEngine.apply(target, preview, { onItem: (r) => items.push(r) });
        applyMs = performance.now() - t0;
        expect(preview.create).toHaveLength(n);
        expect(items.filter((i) => i.result !== 'done')).toEqual([]);
      } finally {
        await dest.kube.stop();
      }
      const total = planMs + applyMs;

      const best = Math.min(seq, par);
      const ratio = (ours: number) => `${(best / ours).toFixed(2)}×`;
      const rows = [
        ['measure', 'time', 'rate', 'ratio (best baseline time / ours)'],
        ['backup (backupKubeScope)', secs(backupMs), rate(n, backupMs), ''],
        ['restore: plan', secs(planMs), rate(n, planMs), ''],
        ['restore: apply', secs(applyMs), rate(n, applyMs), ratio(applyMs)],
        ['restore: plan + apply', secs(total), rate(n, total), ratio(total)],
        ['baseline: POSTs one at a time', secs(seq), rate(n, seq), ''],
        [`baseline: POSTs, ${ENGINE_CONCURRENCY} in flight`, secs(par), rate(n, par), ''],
      ];
      const width = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(width[c]!)).join(' | ')} |`;
      const table = [
        line(rows[0]!),
        `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`,
        ...rows.slice(1).map(line),
      ].join('\n');
      const notes = [
        `- ${n} objects (40% ConfigMaps, 30% Secrets, 15% Deployments, 15% Services), ${out.bytes} JSON bytes applied`,
        `- baselines: best of ${BASELINE_RUNS}; one at a time ${seqRuns.map(secs).join(', ')}; ${ENGINE_CONCURRENCY} in flight ${parRuns.map(secs).join(', ')}`,
        '- the emulator shares this Node process with the client: both sides pay for the server',
      ];
      console.log(`\n${table}\n\n${notes.join('\n')}\n`);
      if (process.env.BENCH_WRITE === '1') {
        const label = `restore-kube-${n}`;
        const section = [
          `## Kubernetes restore, ${n} objects`,
          '',
          `- date: ${new Date().toISOString()}`,
          `- Node: ${process.version}, ${os.cpus().length} CPUs`,
          '',
          table,
          '',
          ...notes,
        ].join('\n');
        log(`written to ${await writeResults(label, section)}`);
      }
    } finally {
      await source.kube.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
