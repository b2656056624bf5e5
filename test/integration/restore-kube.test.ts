// Kubernetes restores against the in-process emulator, from points taken by the real backup into
// a local-folder repository: a plan lists exactly what differs (and why it leaves things out),
// apply makes the live objects equal the point's, into the same or a new namespace; conflict
// policies, subsets, apply-time conflicts, a refused preview, cancel; and undo through a
// safety point taken with backupKubeScope.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectsPreview, RestoreItemResult } from '../../core/api/contract';
import { isLifeboatError } from '../../core/api/errors';
import { backupKubeScope } from '../../core/providers/native/kube';
import { cleanItem } from '../../core/providers/native/kube/clean/clean-item';
import type { KubeItem } from '../../core/providers/native/kube/clean/item';
import { objectJson } from '../../core/providers/native/kube/object-json';
import { TreeLayout } from '../../core/providers/native/kube/tree-layout';
import { createLocalBackend } from '../../core/repository/backend';
import { initRepository, type Repository } from '../../core/repository/repository';
import type { Snapshot } from '../../core/repository/snapshot';
import type { ObjectsPlanInput } from '../../core/restore/engine';
import { objectsEngine, safetyResources } from '../../core/restore/kube';
import { startKubeEmulator, type KubeEmulator } from '../harness/kube-emulator/index';
import {
  createSampleNamespace,
  sampleKinds,
  sampleObject,
  sampleNamespaceMeta,
  samplePassword,
  type Obj,
} from '../harness/kube-emulator/sample-namespace';

type Rec = Record<string, unknown>;
const ns = 'shop';

let kube: KubeEmulator;
let api: k8s.KubernetesObjectApi;
let repo: Repository;
let kubeconfig: string;
let point: Snapshot;
let work: string;

const types = sampleKinds;
const obj = (kind: string, name: string, body: Rec = {}, meta: Rec = {}, namespace = ns) =>
  sampleObject(kind, name, namespace, body, meta);
const create = (o: Obj) => api.create(o);
const head = (kind: string, name: string, namespace = ns) => ({
  apiVersion: types[kind]![0],
  kind,
  metadata: { name, namespace },
});
const read = (kind: string, name: string, namespace = ns) =>
  api.read(head(kind, name, namespace)) as Promise<Obj>;
const remove = (kind: string, name: string, namespace = ns) => api.delete(head(kind, name, namespace));
const merge = k8s.PatchStrategy.MergePatch;
const mergePatch = (kind: string, name: string, body: Rec, namespace = ns) =>
  api.patch(obj(kind, name, body, {}, namespace), undefined, undefined, undefined, undefined, merge);
const gone = async (kind: string, name: string, namespace = ns) =>
  (await read(kind, name, namespace).catch(() => undefined)) === undefined;
const b64 = (s: string) => Buffer.from(s).toString('base64');

const target = (extra: Partial<ObjectsPlanInput> = {}): ObjectsPlanInput => ({
  repo,
  snapshot: point,
  kubeconfig,
  cluster: 'emu',
  sourceNamespace: ns,
  destNamespace: ns,
  conflict: 'update',
  ...extra,
});

async function apply(input: ObjectsPlanInput, preview: ObjectsPreview) {
  const items: RestoreItemResult[] = [];
  const out = await objectsEngine.apply(input, preview, { onItem: (r) => items.push(r) });
  return { items, bytes: out.bytes };
}

const refs = (list: ObjectsPreview['create']) => list.map((c) => `${c.ref.kind}/${c.ref.name}`);
const reasonOf = (p: ObjectsPreview, item: string) => p.skipped.find((s) => s.item === item)?.reason;

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: unknown) => (isLifeboatError(e) ? e.code : String(e)),
  );

/** The point's object as stored, placed in `namespace`. */
async function stored(kind: string, name: string, namespace = ns): Promise<KubeItem> {
  const [apiVersion, plural] = types[kind]!;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  let nodes = (await repo.loadTree(point.tree)).nodes;
  const parts = ['namespaces', ns, group!, version!, plural, `${name}.json`];
  for (const part of parts.slice(0, -1))
    nodes = (await repo.loadTree(nodes.find((n) => n.name === part)!.subtree!)).nodes;
  const file = nodes.find((n) => n.name === parts.at(-1))!;
  const json = Buffer.concat(await Promise.all(file.content!.map((c) => repo.loadBlob('data', c))));
  const item = JSON.parse(json.toString('utf8')) as KubeItem;
  item.metadata.namespace = namespace;
  return item;
}

/** A live object as a backup would store it (and without owner references, which restores drop). */
async function liveCleaned(kind: string, name: string, namespace = ns): Promise<KubeItem> {
  const [apiVersion, plural] = types[kind]!;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const item = cleanItem((await read(kind, name, namespace)) as unknown as KubeItem, plural, group).item;
  delete item.metadata.ownerReferences;
  return item;
}

beforeAll(async () => {
  kube = await startKubeEmulator();
  kubeconfig = kube.kubeconfig();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig);
  api = k8s.KubernetesObjectApi.makeApiClient(kc);
  await createSampleNamespace(api, ns);
  work = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-restore-kube-'));
  repo = await initRepository(createLocalBackend(work), 'pass');
  const fails: unknown[] = [];
  const r = await backupKubeScope(
    { kubeconfig, cluster: 'emu', namespace: ns, repo },
    { fail: (i, m) => fails.push({ i, m }) },
  );
  expect(fails).toEqual([]);
  point = await repo.loadSnapshot(r.snapshotId);
});

afterAll(async () => {
  await kube?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Kubernetes restore engine', () => {
  let restorePreview: ObjectsPreview;

  it('plans exactly what differs: a deleted Deployment to create, an edited ConfigMap to update', async () => {
    await remove('Deployment', 'web');
    await mergePatch('ConfigMap', 'settings', { data: { mode: 'debug' } });
    const p = await objectsEngine.plan(target());
    expect(refs(p.create)).toEqual(['Deployment/web']);
    expect(refs(p.update)).toEqual(['ConfigMap/settings']);
    expect(p.update[0]!.diff).toEqual([{ path: 'data.mode', old: 'debug', new: 'production' }]);
    expect(p.delete).toEqual([]);
    expect(p.update[0]!.ref).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns });
    expect(reasonOf(p, 'ReplicaSet/web-5d4')).toBe('recreated by its controller (Deployment/web)');
    expect(reasonOf(p, 'ConfigMap/kube-root-ca.crt')).toMatch(/published by the cluster/);
    // Service, frozen, creds, builder, default, Role, RoleBinding, Pod, Widget, and the CRD.
    expect(p.unchanged).toBe(10);
    expect(p.bytes).toBeGreaterThan(100);
    restorePreview = p;
  });

  it('applies it after a safety point; the live objects, cleaned, equal the point’s', async () => {
    const resources = safetyResources(restorePreview);
    expect(resources).toEqual([{ kind: 'ConfigMap', name: 'settings', apiVersion: 'v1' }]);
    const tags = ['safety', 'restore:r1'];
    const safety = await backupKubeScope({
      kubeconfig,
      cluster: 'emu',
      namespace: ns,
      repo,
      resources,
      tags,
    });
    const safetyPoint = await repo.loadSnapshot(safety.snapshotId);
    expect(safetyPoint.tags).toEqual(['safety', 'restore:r1']);

    const { items, bytes } = await apply(target(), restorePreview);
    expect(items).toEqual([
      { item: 'ConfigMap/settings', action: 'update', result: 'done' },
      { item: 'Deployment/web', action: 'create', result: 'done' },
    ]);
    expect(bytes).toBe(restorePreview.bytes);
    expect(await liveCleaned('Deployment', 'web')).toEqual(await stored('Deployment', 'web'));
    expect(await liveCleaned('ConfigMap', 'settings')).toEqual(await stored('ConfigMap', 'settings'));
    const again = await objectsEngine.plan(target());
    expect([again.create, again.update, again.delete]).toEqual([[], [], []]);

    // Undo: the safety point is the point, what the restore created is deleted.
    const undoInput = target({ snapshot: safetyPoint, alsoDelete: restorePreview.create });
    const undo = await objectsEngine.plan(undoInput);
    expect(refs(undo.update)).toEqual(['ConfigMap/settings']);
    expect(undo.update[0]!.diff).toEqual([{ path: 'data.mode', old: 'production', new: 'debug' }]);
    expect(refs(undo.delete)).toEqual(['Deployment/web']);
    expect(undo.create).toEqual([]);
    const undone = await apply(undoInput, undo);
    expect(undone.items.map((i) => `${i.action} ${i.item} ${i.result}`)).toEqual([
      'update ConfigMap/settings done',
      'delete Deployment/web done',
    ]);
    expect(((await read('ConfigMap', 'settings')).data as Rec).mode).toBe('debug');
    expect(await gone('Deployment', 'web')).toBe(true);
    // Back as before the restore: the first preview again.
    expect(await objectsEngine.plan(target())).toEqual(restorePreview);
    await apply(target(), restorePreview);
  });

  it('restores into a namespace that does not exist: created first, objects moved into it', async () => {
    const into = target({ destNamespace: 'shop-copy' });
    const p = await objectsEngine.plan(into);
    expect(refs(p.create)).toEqual([
      'Namespace/shop-copy',
      'ServiceAccount/builder',
      'ServiceAccount/default',
      'Secret/creds',
      'ConfigMap/frozen',
      'ConfigMap/settings',
      'Role/read',
      'RoleBinding/read',
      'Pod/debug',
      'Deployment/web',
      'Service/web',
      'Widget/w1',
    ]);
    expect(p.create.find((c) => c.ref.name === 'default')?.note).toMatch(
      /the cluster creates it with the namespace/,
    );
    expect(p.unchanged).toBe(1); // the CRD
    expect(p.create[0]?.note).toBe(
      "the destination namespace does not exist: created with the point's labels istio-injection, team; annotations example.com/owner",
    );
    const { items } = await apply(into, p);
    // The namespace a restore creates carries the source namespace's own labels and annotations.
    const created = (await api.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-copy' } }))
      .metadata!;
    expect(created.labels).toMatchObject(sampleNamespaceMeta.labels);
    expect(created.annotations).toMatchObject(sampleNamespaceMeta.annotations);
    expect(items.filter((i) => i.result !== 'done')).toEqual([]);
    expect(items.find((i) => i.item === 'ServiceAccount/default')?.message).toMatch(
      /created by the cluster with the namespace/,
    );
    for (const kind of ['Deployment', 'Service', 'Secret', 'Pod', 'Widget', 'ConfigMap']) {
      const name = { Secret: 'creds', Pod: 'debug', Widget: 'w1', ConfigMap: 'settings' }[kind] ?? 'web';
      expect(await liveCleaned(kind, name, 'shop-copy'), kind).toEqual(await stored(kind, name, 'shop-copy'));
    }
    const rb = await read('RoleBinding', 'read', 'shop-copy');
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'builder', namespace: 'shop-copy' }]);
    const again = await objectsEngine.plan(into);
    expect([again.create, again.update]).toEqual([[], []]);
  });

  it('conflict policy skip leaves a differing object alone; immutable fields and Secrets are handled', async () => {
    await mergePatch('ConfigMap', 'settings', { data: { mode: 'x' } }, 'shop-copy');
    const skip = await objectsEngine.plan(target({ destNamespace: 'shop-copy', conflict: 'skip' }));
    expect(skip.update).toEqual([]);
    expect(reasonOf(skip, 'ConfigMap/settings')).toBe('exists and differs (conflict policy skip)');

    await remove('ConfigMap', 'frozen', 'shop-copy');
    await create(obj('ConfigMap', 'frozen', { data: { k: 'v2' }, immutable: true }, {}, 'shop-copy'));
    const secret = await read('Secret', 'creds', 'shop-copy');
    await api.replace({ ...secret, data: { password: b64('changed!') } });
    const p = await objectsEngine.plan(target({ destNamespace: 'shop-copy' }));
    expect(reasonOf(p, 'ConfigMap/frozen')).toMatch(
      /differs in data\.k, which cannot change on an existing ConfigMap/,
    );
    expect(p.update.find((c) => c.ref.kind === 'Secret')?.diff).toEqual([
      { path: 'data.password', old: '(hidden: 8 bytes)', new: '(hidden: 7 bytes)' },
    ]);
    expect(JSON.stringify(p)).not.toContain(b64(samplePassword));
    const { items } = await apply(target({ destNamespace: 'shop-copy' }), p);
    expect(items.map((i) => `${i.item} ${i.result}`).sort()).toEqual([
      'ConfigMap/settings done',
      'Secret/creds done',
    ]);
  });

  it('subsets: a label selector, KIND/NAME (with the CRD it needs), and clear refusals', async () => {
    const sel = await objectsEngine.plan(
      target({ destNamespace: 'shop-sel', selector: 'app in (web), !missing' }),
    );
    expect(refs(sel.create)).toEqual([
      'Namespace/shop-sel',
      'ConfigMap/settings',
      'Deployment/web',
      'Service/web',
    ]);
    const named = await objectsEngine.plan(
      target({ destNamespace: 'shop-sel', resources: ['Widget/w1', 'secret/creds'] }),
    );
    expect(refs(named.create)).toEqual(['Namespace/shop-sel', 'Secret/creds', 'Widget/w1']);
    expect(named.unchanged).toBe(1); // CustomResourceDefinition/widgets.example.com, needed by the Widget
    const none = await objectsEngine.plan(target({ resources: [] }));
    expect([none.create, none.update, none.unchanged]).toEqual([[], [], 0]);
    const refusals: [Partial<ObjectsPlanInput>, string][] = [
      [{ resources: ['Deployment/nope'] }, 'restore.nothing_matched'],
      [{ selector: 'app=nothing' }, 'restore.nothing_matched'],
      [{ selector: 'app in (web' }, 'restore.bad_selector'],
      [{ resources: ['web'] }, 'restore.bad_resource'],
    ];
    for (const [input, code] of refusals) expect(await codeOf(objectsEngine.plan(target(input)))).toBe(code);
  });

  it('at apply time: AlreadyExists follows the conflict policy; a preview outside the plan writes nothing', async () => {
    await remove('ConfigMap', 'settings');
    const p = await objectsEngine.plan(target({ resources: ['ConfigMap/settings'] }));
    expect(refs(p.create)).toEqual(['ConfigMap/settings']);
    await create(obj('ConfigMap', 'settings', { data: { mode: 'late' } }));
    const outcome = async (conflict: 'update' | 'skip') =>
      (await apply(target({ conflict }), p)).items.map((r) => `${r.action} ${r.result}: ${r.message}`);
    expect(await outcome('skip')).toEqual(['create not done: exists now (conflict policy skip)']);
    expect(await outcome('update')).toEqual(['create done: created after the plan; updated to the point']);
    // Someone else's object: marked, so that an undo does not delete it.
    expect((await apply(target(), p)).items[0]).toMatchObject({ action: 'create', existed: true });
    expect(((await read('ConfigMap', 'settings')).data as Rec).mode).toBe('production');

    await remove('ConfigMap', 'settings');
    const other = { ...p, create: [{ ref: { ...p.create[0]!.ref, namespace: 'kube-system' } }] };
    expect(await codeOf(apply(target(), other))).toBe('restore.outside_plan');
    const notHeld = { apiVersion: 'v1', kind: 'ConfigMap', name: 'not-in-point', namespace: ns };
    const unheld = { ...p, create: [...p.create, { ref: notHeld }] };
    expect(await codeOf(apply(target(), unheld))).toBe('restore.outside_plan');
    expect(await gone('ConfigMap', 'settings')).toBe(true); // nothing was written
    await apply(target(), p);
  });

  it('a cancel leaves the rest not done; an unreachable cluster is restore.cluster_unreachable', async () => {
    const p = await objectsEngine.plan(target({ destNamespace: 'shop-cancel' }));
    const ac = new AbortController();
    const items: RestoreItemResult[] = [];
    const err = await objectsEngine
      .apply(target({ destNamespace: 'shop-cancel' }), p, {
        signal: ac.signal,
        onItem: (r) => {
          items.push(r);
          if (items.length === 1) ac.abort(new Error('cancelled by test'));
        },
      })
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/cancelled by test/);
    expect(items[0]).toEqual({ item: 'Namespace/shop-cancel', action: 'create', result: 'done' });
    expect(items.slice(1).every((i) => i.result === 'not done')).toBe(true);
    expect(items).toHaveLength(p.create.length);

    const down = await startKubeEmulator();
    const config = down.kubeconfig();
    await down.stop();
    expect(await codeOf(objectsEngine.plan(target({ kubeconfig: config })))).toBe(
      'restore.cluster_unreachable',
    );
  });

  it('skips a damaged or misplaced object of the point with the reason', async () => {
    const layout = new TreeLayout();
    const put = async (name: string, body: Buffer) => {
      const saved = await repo.saveBlob('data', body);
      layout.add(['namespaces', ns, 'core', 'v1', 'configmaps', `${name}.json`], {
        content: [saved.id],
        size: body.length,
      });
    };
    const cm = (name: string, extra: Rec = {}) =>
      objectJson({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, ...extra });
    await put('broken', Buffer.from('{ not json'));
    await put('renamed', cm('elsewhere'));
    await put('shapeless', objectJson({ kind: 'ConfigMap', metadata: {} }));
    await put('fine', cm('fine', { data: { a: 'b' } }));
    const tree = await layout.save(repo, new Date().toISOString());
    const stats = { files: 4, dirs: 0, bytes: 0, blobsNew: 0, bytesNew: 0, durationMs: 0 };
    const id = await repo.saveSnapshot({ scope: 'test', paths: [], tree: tree.root, stats });
    const p = await objectsEngine.plan(
      target({ snapshot: await repo.loadSnapshot(id), destNamespace: 'shop-damaged' }),
    );
    expect(refs(p.create)).toEqual(['Namespace/shop-damaged', 'ConfigMap/fine']);
    const base = `namespaces/${ns}/core/v1/configmaps`;
    expect(reasonOf(p, `${base}/broken.json`)).toBe('not valid JSON');
    expect(reasonOf(p, `${base}/renamed.json`)).toBe('its name elsewhere does not match its place (renamed)');
    expect(reasonOf(p, `${base}/shapeless.json`)).toMatch(/^not a Kubernetes object/);
  });

  it('a CRD missing from the cluster is created first, and its objects once it is established', async () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
    await api.delete({ ...crd, metadata: { name: 'widgets.example.com' } });
    const into = target({ resources: ['Widget/w1'], destNamespace: 'shop-crd' });
    const p = await objectsEngine.plan(into);
    const created = ['Namespace/shop-crd', 'CustomResourceDefinition/widgets.example.com', 'Widget/w1'];
    expect(refs(p.create)).toEqual(created);
    expect((await apply(into, p)).items.map((i) => `${i.item} ${i.result}`)).toEqual(
      created.map((c) => `${c} done`),
    );
    expect(await liveCleaned('Widget', 'w1', 'shop-crd')).toEqual(await stored('Widget', 'w1', 'shop-crd'));
    // Its undo (nothing was overwritten, so no safety point): delete what it created, in reverse order.
    const undoInput = { ...into, resources: [], alsoDelete: p.create };
    const undo = await objectsEngine.plan(undoInput);
    expect(refs(undo.delete)).toEqual([...created].reverse());
    expect(undo.delete.map((c) => c.note)).toEqual([
      undefined,
      expect.stringMatching(/every object of its type/),
      expect.stringMatching(/everything in it/),
    ]);
    expect(
      (await apply(undoInput, undo)).items.every((i) => i.action === 'delete' && i.result === 'done'),
    ).toBe(true);
    const crdGone = await api.read({ ...crd, metadata: { name: 'widgets.example.com' } }).catch(() => 'gone');
    expect(crdGone).toBe('gone');
  });

  it('a claim deleted while its Retain volume stays: the volume is released to the restored claim, which binds', async () => {
    const vol = 'vol';
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: vol } } as Obj);
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv-keep' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        hostPath: { path: '/data/keep' },
      },
    };
    await api.create(pv as Obj);
    const claimHead = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: vol },
    };
    const claim = {
      ...claimHead,
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeName: 'pv-keep',
      },
    };
    const readClaim = async () => (await api.read(claimHead)) as { metadata: { uid?: string }; status?: Rec };
    await api.create(claim as Obj);
    const backedUp = await backupKubeScope({ kubeconfig, cluster: 'emu', namespace: vol, repo });
    const volPoint = await repo.loadSnapshot(backedUp.snapshotId);
    const oldUid = (await readClaim()).metadata.uid;
    await api.delete(claimHead);
    const livePv = () =>
      api.read({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-keep' } });
    // It still names the deleted claim by uid.
    expect(((await livePv()) as { spec: { claimRef: Rec } }).spec.claimRef.uid).toBe(oldUid);

    const into = target({ snapshot: volPoint, sourceNamespace: vol, destNamespace: vol });
    const p = await objectsEngine.plan(into);
    expect(refs(p.create)).toEqual(['PersistentVolumeClaim/data']);
    expect(p.update).toEqual([
      expect.objectContaining({
        ref: expect.objectContaining({ kind: 'PersistentVolume', name: 'pv-keep' }),
        diff: [{ path: 'spec.claimRef.uid', old: oldUid, new: '(cleared)' }],
        note: `still names the deleted claim vol/data (uid ${oldUid}): cleared so that the restored claim binds to it`,
      }),
    ]);
    const { items } = await apply(into, p);
    expect(items.map((i) => `${i.action} ${i.item} ${i.result}`)).toEqual([
      'update PersistentVolume/pv-keep done',
      'create PersistentVolumeClaim/data done',
    ]);
    const restored = await readClaim();
    expect(restored.status?.phase).toBe('Bound');
    const after = (await livePv()) as { spec: { claimRef: Rec }; status?: Rec };
    expect(after.spec.claimRef.uid).toBe(restored.metadata.uid);
    expect(after.status?.phase).toBe('Bound');
    // Nothing left to do.
    const again = await objectsEngine.plan(into);
    expect([again.create, again.update]).toEqual([[], []]);
  });
});
