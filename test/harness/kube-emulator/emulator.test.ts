// The emulator driven through @kubernetes/client-node: discovery, auth, CRUD, server-set fields,
// lists and selectors. Rejections, patches and lifecycle have their own files beside this one.

import {
  ApisApi,
  CoreApi,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  VersionApi,
  type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, kube, podTemplate, startWithClients, type Clients } from './test-clients';

let c: Clients;
beforeAll(async () => {
  c = await startWithClients();
});
afterAll(async () => {
  await c.emu.stop();
});

describe('discovery', () => {
  it('reports a version and the core API', async () => {
    const version = await c.kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.30.0-lifeboat-emulator');
    expect(version.major).toBe('1');
    const api = await c.kc.makeApiClient(CoreApi).getAPIVersions();
    expect(api.versions).toEqual(['v1']);
  });

  it('lists core resources with verbs, scope, short names and subresources', async () => {
    const list = await c.core.getAPIResources();
    const byName = new Map(list.resources.map((r) => [r.name, r]));
    expect(byName.get('configmaps')).toMatchObject({
      kind: 'ConfigMap',
      namespaced: true,
      shortNames: ['cm'],
    });
    expect(byName.get('configmaps')?.verbs).toEqual(
      expect.arrayContaining(['create', 'get', 'list', 'patch', 'update', 'delete']),
    );
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
    expect(byName.get('persistentvolumes')).toMatchObject({ namespaced: false, kind: 'PersistentVolume' });
    expect(byName.get('pods/status')).toMatchObject({ kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    for (const name of [
      'pods',
      'services',
      'secrets',
      'serviceaccounts',
      'persistentvolumeclaims',
      'events',
      'endpoints',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
  });

  it('lists API groups, including the pre-registered CRD group', async () => {
    const groups = await c.kc.makeApiClient(ApisApi).getAPIVersions();
    const names = groups.groups.map((g) => g.name);
    for (const g of [
      'apps',
      'batch',
      'networking.k8s.io',
      'rbac.authorization.k8s.io',
      'apiextensions.k8s.io',
      'events.k8s.io',
      'authorization.k8s.io',
      'example.com',
    ]) {
      expect(names).toContain(g);
    }
    expect(groups.groups.find((g) => g.name === 'apps')?.preferredVersion).toMatchObject({
      groupVersion: 'apps/v1',
      version: 'v1',
    });
  });

  it('lists apps/v1 with status and scale subresources', async () => {
    const list = await c.apps.getAPIResources();
    expect(list.groupVersion).toBe('apps/v1');
    const names = list.resources.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'deployments',
        'deployments/status',
        'deployments/scale',
        'statefulsets',
        'daemonsets',
        'replicasets',
      ]),
    );
    expect(list.resources.find((r) => r.name === 'deployments')).toMatchObject({
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(list.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
  });

  it('resolves kinds for KubernetesObjectApi, CRD kinds included', async () => {
    expect(await c.objects.resourceFor('apps/v1', 'Deployment')).toMatchObject({
      name: 'deployments',
      namespaced: true,
    });
    expect(await c.objects.resourceFor('v1', 'PersistentVolume')).toMatchObject({
      name: 'persistentvolumes',
      namespaced: false,
    });
    expect(await c.objects.resourceFor('example.com/v1', 'Widget')).toMatchObject({
      name: 'widgets',
      namespaced: true,
    });
    expect(await c.objects.resourceFor('authorization.k8s.io/v1', 'SelfSubjectAccessReview')).toMatchObject({
      verbs: ['create'],
    });
  });
});

describe('authentication and kubeconfig', () => {
  it('answers 401 Unauthorized without the bearer token', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(c.emu.kubeconfig().replace(c.emu.token, 'wrong-token'));
    const err = await failure(KubernetesObjectApi.makeApiClient(kc).list('v1', 'ConfigMap', 'default'));
    expect(err.code).toBe(401);
    expect(err.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    expect((await failure(kc.makeApiClient(CoreV1Api).listNamespace())).code).toBe(401);
  });

  it('writes one cluster/user/context per name, current-context first', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(c.emu.kubeconfig({ contexts: ['prod', 'staging'] }));
    expect(kc.getCurrentContext()).toBe('prod');
    expect(kc.getContexts().map((x) => x.name)).toEqual(['prod', 'staging']);
    expect(kc.getClusters().every((cl) => cl.server === c.emu.url && cl.skipTLSVerify)).toBe(true);
    expect(c.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    kc.setCurrentContext('staging');
    const ns = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'kube-system' });
    expect(ns.status?.phase).toBe('Active');
  });
});

describe('CRUD and server-set fields', () => {
  it('creates, reads, replaces and deletes a ConfigMap', async () => {
    const created = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'crud', labels: { app: 'a' } }, data: { k: 'v' } },
    });
    const m = created.metadata!;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.resourceVersion).toMatch(/^\d+$/);
    expect(m.creationTimestamp).toBeInstanceOf(Date);
    expect(m.managedFields?.[0]).toMatchObject({ operation: 'Update', fieldsType: 'FieldsV1' });
    expect(m.generation).toBeUndefined(); // ConfigMaps have no spec, so no generation

    const read = await c.core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    expect(read.data).toEqual({ k: 'v' });
    expect(read.kind).toBe('ConfigMap');

    const replaced = await c.core.replaceNamespacedConfigMap({
      name: 'crud',
      namespace: 'default',
      body: { ...read, data: { k: 'v2' } },
    });
    expect(Number(replaced.metadata!.resourceVersion)).toBeGreaterThan(Number(m.resourceVersion));
    expect(replaced.metadata!.uid).toBe(m.uid);

    const again = await c.core.replaceNamespacedConfigMap({
      name: 'crud',
      namespace: 'default',
      body: replaced,
    });
    expect(again.metadata!.resourceVersion).toBe(replaced.metadata!.resourceVersion); // no-op writes nothing

    const status = await c.core.deleteNamespacedConfigMap({ name: 'crud', namespace: 'default' });
    expect(status).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'crud', kind: 'configmaps', uid: m.uid },
    });
    expect((await failure(c.core.readNamespacedConfigMap({ name: 'crud', namespace: 'default' }))).code).toBe(
      404,
    );
  });

  it('generates names from generateName', async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { generateName: 'gen-' } },
    });
    expect(cm.metadata!.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(cm.metadata!.generateName).toBe('gen-');
  });

  it('tracks generation and reports Deployments rolled out', async () => {
    const d = await c.apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: podTemplate({ app: 'web' }),
        },
      },
    });
    expect(d.metadata!.generation).toBe(1);
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
    });
    expect(d.status!.conditions?.find((x) => x.type === 'Available')?.status).toBe('True');
    expect(d.spec!.strategy).toMatchObject({ type: 'RollingUpdate' }); // server defaults are filled in
    expect(d.spec!.template.spec!.containers[0]!.terminationMessagePath).toBe('/dev/termination-log');

    const scaled = await c.apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...d, spec: { ...d.spec!, replicas: 3 } },
    });
    expect(scaled.metadata!.generation).toBe(2);
    expect(scaled.status).toMatchObject({ observedGeneration: 2, readyReplicas: 3 });

    const labelled = await c.apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: 'default',
      body: { ...scaled, metadata: { ...scaled.metadata, labels: { team: 'x' } } },
    });
    expect(labelled.metadata!.generation).toBe(2); // metadata changes do not bump generation

    const scale = await c.apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'default' });
    expect(scale).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 3 },
      status: { replicas: 3, selector: 'app=web' },
    });
  });

  it('folds Secret stringData into base64 data', async () => {
    const s = await c.core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'sec' }, stringData: { password: 'hunter2' } },
    });
    expect(s.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(s.stringData).toBeUndefined();
    expect(s.type).toBe('Opaque');
  });

  it('allocates Service cluster IPs from 10.96.0.0/12 with defaults', async () => {
    const svc = await c.core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'api' }, spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } },
    });
    const ip = svc.spec!.clusterIP!;
    expect(ip).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(svc.spec).toMatchObject({
      clusterIPs: [ip],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
    });
    expect(svc.spec!.ports![0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
  });

  it('handles cluster-scoped objects through KubernetesObjectApi', async () => {
    const role = await c.objects.create(
      kube({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'lifeboat:reader' }, // RBAC names may contain ':'
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      }),
    );
    expect(role.metadata?.namespace).toBeUndefined();
    const read = await c.objects.read({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'lifeboat:reader' },
    });
    expect(read.metadata?.uid).toBe(role.metadata?.uid);
    await c.objects.delete({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'lifeboat:reader' },
    });
    expect(
      (
        await failure(
          c.objects.read({
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'lifeboat:reader' },
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('does not persist dry-run creates', async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'dry' } },
      dryRun: 'All',
    });
    expect(cm.metadata!.uid).toBeDefined();
    expect((await failure(c.core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }))).code).toBe(
      404,
    );
  });

  it('answers access reviews with allowed=true', async () => {
    const review = await c.objects.create(
      kube({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
      }),
    );
    expect((review as { status?: { allowed?: boolean } }).status?.allowed).toBe(true);
  });
});

describe('lists and selectors', () => {
  beforeAll(async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'sel' } } });
    const labels: Array<Record<string, string>> = [
      { app: 'web', tier: 'front' },
      { app: 'web', tier: 'back' },
      { app: 'db' },
      { tier: 'front' },
    ];
    for (const [i, l] of labels.entries()) {
      await c.core.createNamespacedConfigMap({
        namespace: 'sel',
        body: { metadata: { name: `cm${i}`, labels: l } },
      });
    }
  });

  const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> => {
    const list = await c.core.listNamespacedConfigMap({ namespace: 'sel', labelSelector, fieldSelector });
    return list.items.map((i: V1ConfigMap) => i.metadata!.name!).filter((n) => n.startsWith('cm'));
  };

  it('filters with every label selector operator', async () => {
    expect(await names('app=web')).toEqual(['cm0', 'cm1']);
    expect(await names('app==web,tier=front')).toEqual(['cm0']);
    expect(await names('app!=web')).toEqual(['cm2', 'cm3']); // != also matches objects without the key
    expect(await names('tier in (front, back)')).toEqual(['cm0', 'cm1', 'cm3']);
    expect(await names('app notin (web)')).toEqual(['cm2', 'cm3']);
    expect(await names('tier')).toEqual(['cm0', 'cm1', 'cm3']);
    expect(await names('!tier')).toEqual(['cm2']);
    expect(
      (await failure(c.core.listNamespacedConfigMap({ namespace: 'sel', labelSelector: 'app in web' }))).code,
    ).toBe(400);
  });

  it('filters with field selectors and refuses unsupported fields', async () => {
    expect(await names(undefined, 'metadata.name=cm2')).toEqual(['cm2']);
    expect(await names(undefined, 'metadata.name!=cm2,metadata.namespace=sel')).toEqual([
      'cm0',
      'cm1',
      'cm3',
    ]);
    const err = await failure(
      c.core.listNamespacedConfigMap({ namespace: 'sel', fieldSelector: 'data.x=1' }),
    );
    expect(err.code).toBe(400);
    expect(err.status.message).toContain('field label not supported: data.x');
  });

  it('pages with limit and continue', async () => {
    const first = await c.core.listNamespacedConfigMap({ namespace: 'sel', limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata!._continue).toBeTruthy();
    expect(first.metadata!.remainingItemCount).toBe(3); // 4 ConfigMaps + kube-root-ca.crt
    const second = await c.core.listNamespacedConfigMap({
      namespace: 'sel',
      limit: 10,
      _continue: first.metadata!._continue,
    });
    expect([...first.items, ...second.items].map((i) => i.metadata!.name)).toEqual([
      'cm0',
      'cm1',
      'cm2',
      'cm3',
      'kube-root-ca.crt',
    ]);
    expect(second.metadata!._continue).toBeUndefined();
  });

  it('lists across namespaces, with list kind and resourceVersion but bare items like a real server', async () => {
    const all = await c.objects.list('v1', 'ConfigMap');
    expect(all.kind).toBe('ConfigMapList');
    expect(all.metadata?.resourceVersion).toMatch(/^\d+$/);
    const namespaces = new Set(all.items.map((i) => i.metadata?.namespace));
    expect([...namespaces]).toEqual(expect.arrayContaining(['default', 'kube-system', 'sel']));
    expect(all.items[0]?.kind).toBeUndefined(); // kubernetes/kubernetes#3030
    const pods = await c.core.listPodForAllNamespaces();
    expect(pods.kind).toBe('PodList');
  });
});
