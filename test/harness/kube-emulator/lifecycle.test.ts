// Namespace deletion cascade, finalizers, CRD registration, garbage collection, PV binding, reset.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, kube, mergePatch, startWithClients, type Clients } from './test-clients';

let c: Clients;
beforeAll(async () => {
  c = await startWithClients();
});
afterAll(async () => {
  await c.emu.stop();
});

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (v: T) => boolean,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (accept(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const namespaceGone = (name: string) =>
  eventually(
    () =>
      c.core.readNamespace({ name }).then(
        () => 200,
        (e: { code?: number }) => e.code ?? 0,
      ),
    (code) => code === 404,
  );

describe('namespaces', () => {
  it('seeds a new namespace like the controllers do', async () => {
    const ns = await c.core.createNamespace({ body: { metadata: { name: 'fresh' } } });
    expect(ns.metadata!.labels).toEqual({ 'kubernetes.io/metadata.name': 'fresh' });
    expect(ns.spec!.finalizers).toEqual(['kubernetes']);
    expect(ns.status!.phase).toBe('Active');
    await c.core.readNamespacedServiceAccount({ name: 'default', namespace: 'fresh' });
    await c.core.readNamespacedConfigMap({ name: 'kube-root-ca.crt', namespace: 'fresh' });
    const err = await failure(
      c.core.createNamespacedServiceAccount({ namespace: 'fresh', body: { metadata: { name: 'default' } } }),
    );
    expect(err.code).toBe(409);
  });

  it('deletes a namespace: Terminating, then its objects and itself are gone', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await c.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'cm' } } });
    await c.core.createNamespacedSecret({ namespace: 'doomed', body: { metadata: { name: 's' } } });
    const answer = await c.core.deleteNamespace({ name: 'doomed', propagationPolicy: 'Foreground' });
    // A real server answers with the Namespace, now Terminating (the client types it as V1Status).
    expect(answer).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    expect(await namespaceGone('doomed')).toBe(404);
    const left = await c.core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.namespace=doomed' });
    expect(left.items).toEqual([]);
  });

  it('refuses to delete the system namespaces (403)', async () => {
    const err = await failure(c.core.deleteNamespace({ name: 'kube-system' }));
    expect(err.code).toBe(403);
    expect(err.status.message).toBe(
      'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    );
  });

  it('keeps a namespace Terminating while a finalizer holds an object, refusing new content (403)', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'held' } } });
    await c.core.createNamespacedConfigMap({
      namespace: 'held',
      body: { metadata: { name: 'pinned', finalizers: ['example.com/hold'] } },
    });
    await c.core.deleteNamespace({ name: 'held' });
    const terminating = await c.core.readNamespace({ name: 'held' });
    expect(terminating.status!.phase).toBe('Terminating');
    expect(terminating.metadata!.deletionTimestamp).toBeDefined();

    const err = await failure(
      c.core.createNamespacedConfigMap({ namespace: 'held', body: { metadata: { name: 'late' } } }),
    );
    expect(err.code).toBe(403);
    expect(err.status).toMatchObject({
      reason: 'Forbidden',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace held because it is being terminated',
    });

    const pinned = await eventually(
      () => c.core.readNamespacedConfigMap({ name: 'pinned', namespace: 'held' }),
      (cm) => cm.metadata!.deletionTimestamp !== undefined,
    );
    expect(pinned.metadata!.deletionTimestamp).toBeDefined();
    await c.core.patchNamespacedConfigMap(
      { name: 'pinned', namespace: 'held', body: { metadata: { finalizers: null } } },
      mergePatch,
    );
    expect(await namespaceGone('held')).toBe(404);
  });
});

describe('finalizers and garbage collection', () => {
  beforeAll(async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'gc' } } });
  });

  it('a DELETE with finalizers only sets deletionTimestamp; removing them completes it', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'gc',
      body: { metadata: { name: 'f', finalizers: ['example.com/f'] } },
    });
    await c.core.deleteNamespacedConfigMap({ name: 'f', namespace: 'gc' });
    const marked = await c.core.readNamespacedConfigMap({ name: 'f', namespace: 'gc' });
    expect(marked.metadata!.deletionTimestamp).toBeDefined();
    const err = await failure(
      c.core.patchNamespacedConfigMap(
        {
          name: 'f',
          namespace: 'gc',
          body: { metadata: { finalizers: ['example.com/f', 'example.com/g'] } },
        },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    await c.core.patchNamespacedConfigMap(
      { name: 'f', namespace: 'gc', body: { metadata: { finalizers: [] } } },
      mergePatch,
    );
    expect((await failure(c.core.readNamespacedConfigMap({ name: 'f', namespace: 'gc' }))).code).toBe(404);
  });

  it('collects an object created with owner references to owners that are gone (a restore that kept them)', async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: 'gc',
      body: { metadata: { name: 'live-owner' } },
    });
    const live = { apiVersion: 'v1', kind: 'ConfigMap', name: 'live-owner', uid: owner.metadata!.uid! };
    await c.core.createNamespacedSecret({
      namespace: 'gc',
      body: { metadata: { name: 'kept', ownerReferences: [live] } },
    });
    await c.core.readNamespacedSecret({ name: 'kept', namespace: 'gc' });
    const stale = { ...live, uid: '00000000-0000-0000-0000-000000000000' };
    await c.core.createNamespacedSecret({
      namespace: 'gc',
      body: { metadata: { name: 'stale', ownerReferences: [stale] } },
    });
    expect((await failure(c.core.readNamespacedSecret({ name: 'stale', namespace: 'gc' }))).code).toBe(404);
  });

  it('deletes dependents with their owner, or orphans them', async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: 'gc',
      body: { metadata: { name: 'owner' } },
    });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata!.uid! };
    await c.core.createNamespacedSecret({
      namespace: 'gc',
      body: { metadata: { name: 'dep', ownerReferences: [ref] } },
    });
    await c.core.deleteNamespacedConfigMap({ name: 'owner', namespace: 'gc' });
    expect((await failure(c.core.readNamespacedSecret({ name: 'dep', namespace: 'gc' }))).code).toBe(404);

    const owner2 = await c.core.createNamespacedConfigMap({
      namespace: 'gc',
      body: { metadata: { name: 'owner2' } },
    });
    await c.core.createNamespacedSecret({
      namespace: 'gc',
      body: {
        metadata: { name: 'dep2', ownerReferences: [{ ...ref, name: 'owner2', uid: owner2.metadata!.uid! }] },
      },
    });
    await c.core.deleteNamespacedConfigMap({ name: 'owner2', namespace: 'gc', propagationPolicy: 'Orphan' });
    const orphan = await c.core.readNamespacedSecret({ name: 'dep2', namespace: 'gc' });
    expect(orphan.metadata!.ownerReferences).toBeUndefined();
  });
});

describe('custom resource definitions', () => {
  it('serves the pre-registered Widget CRD', async () => {
    const crd = await c.crds.readCustomResourceDefinition({ name: 'widgets.example.com' });
    expect(crd.spec.names.kind).toBe('Widget');
    expect(crd.status!.conditions?.find((x) => x.type === 'Established')?.status).toBe('True');
    await c.custom.createNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
      body: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { size: 1 },
        status: { ready: true },
      },
    });
    const w = (await c.custom.getNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
      name: 'w1',
    })) as {
      metadata: { generation: number };
      status?: unknown;
    };
    expect(w.metadata.generation).toBe(1);
    expect(w.status).toBeUndefined(); // status is a subresource: dropped on create
    const list = (await c.custom.listNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 'default',
      plural: 'widgets',
    })) as {
      kind: string;
      items: Array<{ kind: string; apiVersion: string }>;
    };
    expect(list.kind).toBe('WidgetList');
    expect(list.items[0]).toMatchObject({ kind: 'Widget', apiVersion: 'example.com/v1' }); // CR list items keep their type
    const putWithoutVersion = await failure(
      c.custom.replaceNamespacedCustomObject({
        group: 'example.com',
        version: 'v1',
        namespace: 'default',
        plural: 'widgets',
        name: 'w1',
        body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: {} },
      }),
    );
    expect(putWithoutVersion.status.message).toContain(
      'metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
  });

  it('registers a new CRD in discovery, and removes it with its objects on delete', async () => {
    await c.crds.createCustomResourceDefinition({
      body: {
        metadata: { name: 'gadgets.tools.example.org' },
        spec: {
          group: 'tools.example.org',
          scope: 'Cluster',
          names: { plural: 'gadgets', kind: 'Gadget' },
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object' } },
            },
          ],
        },
      },
    });
    expect(await c.objects.resourceFor('tools.example.org/v1alpha1', 'Gadget')).toMatchObject({
      name: 'gadgets',
      namespaced: false,
      singularName: 'gadget',
    });
    await c.objects.create(
      kube({ apiVersion: 'tools.example.org/v1alpha1', kind: 'Gadget', metadata: { name: 'g1' } }),
    );
    await c.crds.deleteCustomResourceDefinition({ name: 'gadgets.tools.example.org' });
    const err = await failure(
      c.custom.getClusterCustomObject({
        group: 'tools.example.org',
        version: 'v1alpha1',
        plural: 'gadgets',
        name: 'g1',
      }),
    );
    expect(err.code).toBe(404);
    expect(err.status.message).toBe('the server could not find the requested resource');
    const bad = await failure(
      c.crds.createCustomResourceDefinition({
        body: {
          metadata: { name: 'wrong' },
          spec: {
            group: 'x.example.org',
            scope: 'Namespaced',
            names: { plural: 'things', kind: 'Thing' },
            versions: [
              { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
            ],
          },
        },
      }),
    );
    expect(bad.status.message).toContain('must be spec.names.plural+"."+spec.group');
  });
});

describe('volumes and reset', () => {
  it('binds a PVC that names an available PV', async () => {
    await c.core.createPersistentVolume({
      body: {
        metadata: { name: 'pv1' },
        spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
      },
    });
    const pvc = await c.core.createNamespacedPersistentVolumeClaim({
      namespace: 'default',
      body: {
        metadata: { name: 'claim' },
        spec: {
          volumeName: 'pv1',
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '5Gi' } },
        },
      },
    });
    expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '5Gi' } });
    const pv = await c.core.readPersistentVolume({ name: 'pv1' });
    expect(pv.status!.phase).toBe('Bound');
    expect(pv.spec!.claimRef).toMatchObject({ namespace: 'default', name: 'claim', uid: pvc.metadata!.uid });
  });

  it('reset drops everything but the defaults, custom CRDs included', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'temp' } } });
    c.emu.reset();
    const names = (await c.core.listNamespace()).items.map((n) => n.metadata!.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public']));
    expect(names).not.toContain('temp');
    expect((await failure(c.core.readPersistentVolume({ name: 'pv1' }))).code).toBe(404);
    await c.crds.readCustomResourceDefinition({ name: 'widgets.example.com' });
    await c.core.readNamespacedService({ name: 'kubernetes', namespace: 'default' });
  });
});
