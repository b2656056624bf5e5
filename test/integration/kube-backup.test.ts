// Kubernetes restore points through the API, against the in-process emulator and a repository on
// the memory backend: every object of a namespace lands at its path, cleaned of server-set fields
// (and the cleaned objects are accepted again by a server), with the CRD and PV they need under
// cluster/; ephemera are left out; a second backup stores no new data; selectors, missing
// objects, an unreachable cluster and a cancel behave.
import { KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLifeboatError } from '../../core/api/errors';
import { backupKubeScope, type KubeBackupResult } from '../../core/providers/native/kube';
import { createMemoryBackend } from '../../core/repository/backend';
import { initRepository, type Repository } from '../../core/repository/repository';
import { nodeName, type TreeNode } from '../../core/repository/tree';
import { startKubeEmulator, type KubeEmulator } from '../harness/kube-emulator/index';

type Obj = KubernetesObject & Record<string, unknown>;
type Rec = Record<string, unknown>;

const ns = 'shop';

/** Every node of a snapshot by its path. */
async function walk(repo: Repository, treeId: string, prefix = '', out = new Map<string, TreeNode>()) {
  for (const n of (await repo.loadTree(treeId)).nodes) {
    const path = prefix ? `${prefix}/${nodeName(n).toString('utf8')}` : nodeName(n).toString('utf8');
    out.set(path, n);
    if (n.subtree) await walk(repo, n.subtree, path, out);
  }
  return out;
}

async function snapshotFiles(repo: Repository, snapshotId: string) {
  const snap = await repo.loadSnapshot(snapshotId);
  const nodes = await walk(repo, snap.tree);
  const files = new Map<string, TreeNode>();
  for (const [p, n] of nodes) if (n.type === 'file') files.set(p, n);
  return { snap, nodes, files };
}

async function objectAt(repo: Repository, node: TreeNode | undefined): Promise<Obj> {
  expect(node).toBeDefined();
  const parts: Buffer[] = [];
  for (const id of node!.content ?? []) parts.push(await repo.loadBlob('data', id));
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Obj;
}

const namespaceMeta = {
  labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
  annotations: { 'example.com/owner': 'shop-team' },
};

const paths = {
  deployment: `namespaces/${ns}/apps/v1/deployments/web.json`,
  service: `namespaces/${ns}/core/v1/services/web.json`,
  configMap: `namespaces/${ns}/core/v1/configmaps/settings.json`,
  secret: `namespaces/${ns}/core/v1/secrets/creds.json`,
  pvc: `namespaces/${ns}/core/v1/persistentvolumeclaims/data.json`,
  job: `namespaces/${ns}/batch/v1/jobs/once.json`,
  widget: `namespaces/${ns}/example.com/v1/widgets/w1.json`,
  crd: 'cluster/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com.json',
  pv: 'cluster/core/v1/persistentvolumes/pv-data.json',
  namespace: `cluster/core/v1/namespaces/${ns}.json`,
};

describe('Kubernetes namespace backup', () => {
  let kube: KubeEmulator;
  let api: KubernetesObjectApi;
  let repo: Repository;
  let kubeconfig: string;
  let first: KubeBackupResult;
  const failures: { item: string; message: string }[] = [];
  const progress = { items: 0, bytes: 0, totalItems: -1, phases: [] as string[] };

  const backup = (extra: { resources?: { kind: string; name: string }[] } = {}, fail = failures) =>
    backupKubeScope(
      { kubeconfig, cluster: 'emu', namespace: ns, repo, ...extra },
      { fail: (item, message) => fail.push({ item, message }) },
    );

  beforeAll(async () => {
    kube = await startKubeEmulator();
    kubeconfig = kube.kubeconfig();
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    api = KubernetesObjectApi.makeApiClient(kc);
    const create = (o: Rec) => api.create(o as Obj);
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, ...namespaceMeta } });
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    };
    await create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
    });
    await create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    await create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: ns },
      data: { mode: 'production', '10': 'ten', '9': 'nine' },
    });
    await create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      data: { password: Buffer.from('hunter2').toString('base64') },
    });
    await create({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-data' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/srv/data' },
      },
    });
    await create({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeName: 'pv-data',
        storageClassName: '',
      },
    });
    await create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once', namespace: ns },
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'migrate', image: 'busybox', command: ['true'] }],
          },
        },
      },
    });
    await create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: ns },
      spec: { size: 3 },
    });
    await create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: ns },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: ns },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up',
      type: 'Normal',
    });
    repo = await initRepository(createMemoryBackend(), 'pass');
    first = await backupKubeScope(
      { kubeconfig, cluster: 'emu', namespace: ns, repo, system: 'shop' },
      {
        fail: (item, message) => failures.push({ item, message }),
        progress: {
          phase: (t) => progress.phases.push(t),
          total: (t) => {
            if (t.items !== undefined) progress.totalItems = t.items;
          },
          add: (d) => {
            progress.items += d.items ?? 0;
            progress.bytes += d.bytes ?? 0;
          },
        },
      },
    );
  });

  afterAll(async () => {
    await kube?.stop();
  });

  it('stores every object of the namespace at its path, the CRD and PV under cluster/, no Event', async () => {
    expect(failures).toEqual([]);
    const { snap, nodes, files } = await snapshotFiles(repo, first.snapshotId);
    for (const p of Object.values(paths)) expect(files.has(p), p).toBe(true);
    expect([...files.keys()].filter((p) => p.includes('/events/'))).toEqual([]);
    expect(snap.scope).toBe(`cluster:emu:namespace/${ns}`);
    expect(snap.cluster).toBe('emu');
    expect(snap.system).toBe('shop');
    expect(snap.paths).toEqual([`namespace/${ns}`]);
    expect(first.stats.files).toBe(files.size);
    expect(first.stats.dirs).toBe(nodes.size - files.size);
    expect(snap.stats.files).toBe(files.size);
    expect(progress.totalItems).toBe(files.size);
    expect(progress.items).toBe(files.size);
    expect(progress.bytes).toBe(first.stats.bytes);
    for (const [p, n] of nodes) {
      expect(n.mode, p).toBe(n.type === 'file' ? 0o600 : 0o700);
      expect([n.uid, n.gid]).toEqual([0, 0]);
      expect(n.mtime).toBe(snap.time);
    }
    expect(first.notes).toContainEqual({
      item: 'PersistentVolumeClaim/data',
      message: 'bound to PersistentVolume pv-data (stored under cluster/)',
    });
  });

  it('cleans server-set fields the way Velero restore item actions do', async () => {
    const { files } = await snapshotFiles(repo, first.snapshotId);
    for (const p of Object.values(paths)) {
      const o = await objectAt(repo, files.get(p));
      const meta = o.metadata as Rec;
      for (const f of ['uid', 'resourceVersion', 'managedFields', 'creationTimestamp', 'generation'])
        expect(meta[f], `${p} metadata.${f}`).toBeUndefined();
      expect(o.status, `${p} status`).toBeUndefined();
      expect(o.apiVersion, p).toBeTruthy();
      expect(o.kind, p).toBeTruthy();
    }
    const svc = await objectAt(repo, files.get(paths.service));
    const svcSpec = svc.spec as Rec;
    expect(svcSpec.clusterIP).toBeUndefined();
    expect(svcSpec.clusterIPs).toBeUndefined();
    expect(svcSpec.ports).toEqual([expect.objectContaining({ port: 80, targetPort: 8080 })]);

    const job = await objectAt(repo, files.get(paths.job));
    const text = JSON.stringify(job);
    expect(text).not.toContain('controller-uid');
    expect((job.spec as Rec).selector).toBeUndefined();
    expect(((job.spec as Rec).template as { metadata: { labels: Rec } }).metadata.labels).toMatchObject({
      'job-name': 'once',
    });

    const pvc = await objectAt(repo, files.get(paths.pvc));
    expect((pvc.spec as Rec).volumeName).toBe('pv-data');
    const pv = await objectAt(repo, files.get(paths.pv));
    expect(pv.kind).toBe('PersistentVolume');
    expect((pv.spec as { claimRef?: Rec }).claimRef?.uid).toBeUndefined();

    const secret = await objectAt(repo, files.get(paths.secret));
    expect(secret.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    const crd = await objectAt(repo, files.get(paths.crd));
    expect(crd).toMatchObject({ kind: 'CustomResourceDefinition', spec: { group: 'example.com' } });
    // The Namespace itself, for its labels and annotations.
    const namespace = await objectAt(repo, files.get(paths.namespace));
    expect(namespace).toMatchObject({ kind: 'Namespace', metadata: namespaceMeta });
    expect((namespace.metadata as Rec).uid).toBeUndefined();

    // Canonical JSON: keys sorted, two-space indent, newline at the end.
    const cm = files.get(paths.configMap)!;
    const raw = (await repo.loadBlob('data', cm.content![0]!)).toString('utf8');
    expect(raw).toMatch(/^\{\n {2}"apiVersion": "v1",\n {2}"data": \{\n {4}"10": "ten",\n {4}"9": "nine",/);
    expect(raw.endsWith('}\n')).toBe(true);
  });

  it('the cleaned objects are accepted by the server in a new namespace', async () => {
    const { files } = await snapshotFiles(repo, first.snapshotId);
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-restored' } });
    for (const p of [paths.deployment, paths.service, paths.configMap, paths.secret, paths.job]) {
      const o = await objectAt(repo, files.get(p));
      (o.metadata as Rec).namespace = 'shop-restored';
      const created = await api.create(o);
      expect(created.metadata?.namespace, p).toBe('shop-restored');
    }
  });

  it('a second backup stores no new data blobs', async () => {
    const fails: { item: string; message: string }[] = [];
    const second = await backup({}, fails);
    expect(fails).toEqual([]);
    expect(second.stats.newBytes).toBe(0);
    expect(second.stats.files).toBe(first.stats.files);
    const a = await snapshotFiles(repo, first.snapshotId);
    const b = await snapshotFiles(repo, second.snapshotId);
    for (const [p, n] of a.files) expect(b.files.get(p)?.content, p).toEqual(n.content);
    // Only tree blobs are new (their mtime is the backup's time).
    expect(second.stats.blobsNew).toBeLessThanOrEqual(second.stats.dirs + 1);
  });

  it('a KIND/NAME selector stores only that object (and the CRD of a custom resource)', async () => {
    const fails: { item: string; message: string }[] = [];
    const one = await backup({ resources: [{ kind: 'Deployment', name: 'web' }] }, fails);
    expect(fails).toEqual([]);
    let s = await snapshotFiles(repo, one.snapshotId);
    expect([...s.files.keys()]).toEqual([paths.deployment]);
    expect(s.snap.scope).toBe(`cluster:emu:namespace/${ns}/Deployment/web`);
    expect(s.snap.paths).toEqual([`namespace/${ns}/Deployment/web`]);

    const custom = await backup({ resources: [{ kind: 'Widget', name: 'w1' }] }, fails);
    s = await snapshotFiles(repo, custom.snapshotId);
    expect([...s.files.keys()].sort()).toEqual([paths.crd, paths.widget]);
    expect(fails).toEqual([]);
  });

  it('a missing KIND/NAME is a failure; the rest is stored', async () => {
    const fails: { item: string; message: string }[] = [];
    const r = await backup(
      {
        resources: [
          { kind: 'Deployment', name: 'nope' },
          { kind: 'ConfigMap', name: 'settings' },
        ],
      },
      fails,
    );
    expect(fails).toEqual([{ item: 'Deployment/nope', message: 'not found' }]);
    const s = await snapshotFiles(repo, r.snapshotId);
    expect([...s.files.keys()]).toEqual([paths.configMap]);
  });

  it('an unreachable cluster is backup.cluster_unreachable', async () => {
    const gone = await startKubeEmulator();
    const config = gone.kubeconfig();
    await gone.stop();
    const err = await backupKubeScope({ kubeconfig: config, cluster: 'gone', namespace: ns, repo }).catch(
      (e: unknown) => e,
    );
    expect(isLifeboatError(err) && err.code).toBe('backup.cluster_unreachable');
  });

  it('a missing namespace is backup.namespace_not_found', async () => {
    const err = await backupKubeScope({ kubeconfig, cluster: 'emu', namespace: 'nowhere', repo }).catch(
      (e: unknown) => e,
    );
    expect(isLifeboatError(err) && err.code).toBe('backup.namespace_not_found');
  });

  it('a cancelled backup writes no snapshot', async () => {
    const count = async () => {
      let n = 0;
      for await (const _ of repo.listSnapshots()) n++;
      return n;
    };
    const before = await count();
    const ac = new AbortController();
    const reason = new Error('cancelled by test');
    const err = await backupKubeScope(
      { kubeconfig, cluster: 'emu', namespace: ns, repo },
      {
        signal: ac.signal,
        progress: {
          phase: (t) => {
            if (t === 'storing objects') ac.abort(reason);
          },
          total() {},
          add() {},
        },
      },
    ).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(await count()).toBe(before);
  });
});
