// What the emulator refuses, with the codes and messages a real API server answers with.

import { setHeaderMiddleware } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, kube, mergePatch, podTemplate, startWithClients, type Clients } from './test-clients';

let c: Clients;
beforeAll(async () => {
  c = await startWithClients();
  await c.core.createNamespace({ body: { metadata: { name: 'rj' } } });
});
afterAll(async () => {
  await c.emu.stop();
});

const deployment = (name: string, labels = { app: name }) => ({
  metadata: { name },
  spec: { selector: { matchLabels: labels }, template: podTemplate(labels) },
});

describe('Status errors', () => {
  it('404 NotFound names the qualified resource', async () => {
    const err = await failure(c.apps.readNamespacedDeployment({ name: 'ghost', namespace: 'rj' }));
    expect(err.code).toBe(404);
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('409 AlreadyExists on a second create', async () => {
    await c.core.createNamespacedConfigMap({ namespace: 'rj', body: { metadata: { name: 'twice' } } });
    const err = await failure(
      c.core.createNamespacedConfigMap({ namespace: 'rj', body: { metadata: { name: 'twice' } } }),
    );
    expect(err.code).toBe(409);
    expect(err.status).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "twice" already exists',
      details: { name: 'twice', kind: 'configmaps' },
    });
  });

  it('409 Conflict on a stale resourceVersion (PUT and PATCH)', async () => {
    const v1 = await c.core.createNamespacedConfigMap({
      namespace: 'rj',
      body: { metadata: { name: 'race' }, data: { a: '1' } },
    });
    await c.core.replaceNamespacedConfigMap({
      name: 'race',
      namespace: 'rj',
      body: { ...v1, data: { a: '2' } },
    });
    const err = await failure(
      c.core.replaceNamespacedConfigMap({ name: 'race', namespace: 'rj', body: { ...v1, data: { a: '3' } } }),
    );
    expect(err.code).toBe(409);
    expect(err.status.reason).toBe('Conflict');
    expect(err.status.message).toBe(
      'Operation cannot be fulfilled on configmaps "race": the object has been modified; please apply your changes to the latest version and try again',
    );
    const patchErr = await failure(
      c.core.patchNamespacedConfigMap(
        {
          name: 'race',
          namespace: 'rj',
          body: { metadata: { resourceVersion: v1.metadata!.resourceVersion }, data: { a: '4' } },
        },
        mergePatch,
      ),
    );
    expect(patchErr.code).toBe(409);
  });

  it('422 Invalid with causes for a bad name', async () => {
    const err = await failure(
      c.core.createNamespacedConfigMap({ namespace: 'rj', body: { metadata: { name: 'Bad_Name' } } }),
    );
    expect(err.code).toBe(422);
    expect(err.status.reason).toBe('Invalid');
    expect(err.status.message).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
    expect(err.status.details).toMatchObject({
      name: 'Bad_Name',
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
    });
    const svc = await failure(
      c.core.createNamespacedService({
        namespace: 'rj',
        body: { metadata: { name: '1svc' }, spec: { ports: [{ port: 80 }] } },
      }),
    );
    expect(svc.status.message).toContain(
      'a DNS-1035 label must consist of lower case alphanumeric characters',
    );
  });

  it('400 BadRequest for malformed JSON', async () => {
    const base = setHeaderMiddleware('X-Test', 'malformed');
    const options = {
      middleware: [
        {
          pre: (ctx: Parameters<typeof base.pre>[0]) => (ctx.setBody('{"metadata": '), base.pre(ctx)),
          post: base.post,
        },
      ],
      middlewareMergeStrategy: 'append' as const,
    };
    const err = await failure(
      c.core.createNamespacedConfigMap({ namespace: 'rj', body: { metadata: { name: 'x' } } }, options),
    );
    expect(err.code).toBe(400);
    expect(err.status.reason).toBe('BadRequest');
  });

  it('405 MethodNotAllowed for watch', async () => {
    const err = await failure(c.core.listNamespacedConfigMap({ namespace: 'rj', watch: true }));
    expect(err.code).toBe(405);
    expect(err.status.message).toContain('watch is not supported');
  });
});

describe('create-time rejections', () => {
  it('refuses metadata.resourceVersion on create (500, as the storage layer answers)', async () => {
    const err = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'rj',
        body: { metadata: { name: 'rv', resourceVersion: '42' } },
      }),
    );
    expect(err.code).toBe(500);
    expect(err.status.message).toBe('resourceVersion should not be set on objects to be created');
  });

  it('404 for a namespace that does not exist', async () => {
    const err = await failure(
      c.core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }),
    );
    expect(err.code).toBe(404);
    expect(err.status).toMatchObject({
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', kind: 'namespaces' },
    });
  });

  it('400 when the body namespace differs from the URL', async () => {
    const err = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'rj',
        body: { metadata: { name: 'x', namespace: 'default' } },
      }),
    );
    expect(err.code).toBe(400);
    expect(err.status.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('400 when apiVersion or kind does not match the URL', async () => {
    const wrongVersion = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'rj',
        body: { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      }),
    );
    expect(wrongVersion.code).toBe(400);
    expect(wrongVersion.status.message).toContain(
      'the API version in the data (apps/v1) does not match the expected API version (v1)',
    );
    const wrongKind = await failure(
      c.core.createNamespacedConfigMap({
        namespace: 'rj',
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } },
      }),
    );
    expect(wrongKind.code).toBe(400);
  });

  it('refuses a Service clusterIP already allocated or out of range, and a taken nodePort', async () => {
    const first = await c.core.createNamespacedService({
      namespace: 'rj',
      body: { metadata: { name: 'one' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } },
    });
    const ip = first.spec!.clusterIP!;
    const taken = await failure(
      c.core.createNamespacedService({
        namespace: 'rj',
        body: { metadata: { name: 'two' }, spec: { clusterIP: ip, ports: [{ port: 80 }] } },
      }),
    );
    expect(taken.code).toBe(422);
    expect(taken.status.message).toContain(`failed to allocate IP ${ip}: provided IP is already allocated`);
    const outside = await failure(
      c.core.createNamespacedService({
        namespace: 'rj',
        body: { metadata: { name: 'three' }, spec: { clusterIP: '192.168.1.1', ports: [{ port: 80 }] } },
      }),
    );
    expect(outside.status.message).toContain('is not in the valid range');
    const nodePort = first.spec!.ports![0]!.nodePort!;
    const port = await failure(
      c.core.createNamespacedService({
        namespace: 'rj',
        body: { metadata: { name: 'four' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort }] } },
      }),
    );
    expect(port.status.message).toContain(
      `spec.ports[0].nodePort: Invalid value: ${nodePort}: provided port is already allocated`,
    );
  });

  it('refuses a restored Job that carries its old controller-uid selector', async () => {
    const job = await c.batch.createNamespacedJob({
      namespace: 'rj',
      body: { metadata: { name: 'once' }, spec: { template: podTemplate({}, 'Never') } },
    });
    const uid = job.metadata!.uid!;
    expect(job.spec!.selector!.matchLabels).toEqual({ 'batch.kubernetes.io/controller-uid': uid });
    expect(job.spec!.template.metadata!.labels).toMatchObject({ 'controller-uid': uid, 'job-name': 'once' });
    expect(job.status!.conditions?.find((x) => x.type === 'Complete')?.status).toBe('True');
    const restored = {
      metadata: { name: 'once-restored' },
      spec: { selector: job.spec!.selector, template: job.spec!.template },
    };
    const err = await failure(c.batch.createNamespacedJob({ namespace: 'rj', body: restored }));
    expect(err.code).toBe(422);
    expect(err.status.message).toContain('`selector` not auto-generated');
    const always = await failure(
      c.batch.createNamespacedJob({
        namespace: 'rj',
        body: { metadata: { name: 'always' }, spec: { template: podTemplate({}) } },
      }),
    );
    expect(always.status.message).toContain('spec.template.spec.restartPolicy');
  });

  it('refuses a Pod whose ServiceAccount does not exist (403), and adds the token volume otherwise', async () => {
    const pod = {
      metadata: { name: 'p' },
      spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'busybox' }] },
    };
    const err = await failure(c.core.createNamespacedPod({ namespace: 'rj', body: pod }));
    expect(err.code).toBe(403);
    expect(err.status.message).toBe(
      'pods "p" is forbidden: error looking up service account rj/robot: serviceaccount "robot" not found',
    );
    await c.core.createNamespacedServiceAccount({ namespace: 'rj', body: { metadata: { name: 'robot' } } });
    const created = await c.core.createNamespacedPod({ namespace: 'rj', body: pod });
    expect(created.spec!.volumes?.some((v) => v.name.startsWith('kube-api-access-'))).toBe(true);
    expect(created.spec!.nodeName).toBe('lifeboat-emulator-node');
    expect(created.status!.phase).toBe('Running');
  });
});

describe('immutable fields', () => {
  it('Service spec.clusterIP may not change once set', async () => {
    const svc = await c.core.createNamespacedService({
      namespace: 'rj',
      body: { metadata: { name: 'fixed' }, spec: { ports: [{ port: 80 }] } },
    });
    const kept = await c.core.replaceNamespacedService({
      name: 'fixed',
      namespace: 'rj',
      body: { metadata: { name: 'fixed' }, spec: { ports: [{ port: 81 }] } },
    });
    expect(kept.spec!.clusterIP).toBe(svc.spec!.clusterIP); // an empty clusterIP keeps the allocated one
    const err = await failure(
      c.core.patchNamespacedService(
        {
          name: 'fixed',
          namespace: 'rj',
          body: { spec: { clusterIP: '10.96.200.200', clusterIPs: ['10.96.200.200'] } },
        },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toContain(
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.200.200"}: may not change once set',
    );
  });

  it('workload spec.selector is immutable', async () => {
    await c.apps.createNamespacedDeployment({ namespace: 'rj', body: deployment('sel') });
    const err = await failure(
      c.apps.patchNamespacedDeployment(
        { name: 'sel', namespace: 'rj', body: deployment('sel', { app: 'other' }) },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toMatch(
      /^Deployment\.apps "sel" is invalid: spec\.selector: Invalid value: .*: field is immutable$/,
    );
    expect(err.status.details).toMatchObject({
      group: 'apps',
      kind: 'Deployment',
      causes: [{ field: 'spec.selector' }],
    });

    const sts = {
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: podTemplate({ app: 'db' }),
      },
    };
    await c.apps.createNamespacedStatefulSet({ namespace: 'rj', body: sts });
    const stsErr = await failure(
      c.apps.patchNamespacedStatefulSet(
        { name: 'db', namespace: 'rj', body: { spec: { serviceName: 'db2' } } },
        mergePatch,
      ),
    );
    expect(stsErr.status.message).toContain('updates to statefulset spec for fields other than');
  });

  it('Job spec.template is immutable', async () => {
    await c.batch.createNamespacedJob({
      namespace: 'rj',
      body: { metadata: { name: 'tmpl' }, spec: { template: podTemplate({}, 'Never') } },
    });
    const err = await failure(
      c.batch.patchNamespacedJob(
        {
          name: 'tmpl',
          namespace: 'rj',
          body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'other:2' }] } } } },
        },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toContain('spec.template: Invalid value');
    expect(err.status.message).toContain('field is immutable');
  });

  it('PVC spec is immutable except resources.requests', async () => {
    const pvc = {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    };
    const created = await c.core.createNamespacedPersistentVolumeClaim({ namespace: 'rj', body: pvc });
    expect(created.status!.phase).toBe('Pending');
    expect(created.metadata!.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    const grown = await c.core.patchNamespacedPersistentVolumeClaim(
      { name: 'data', namespace: 'rj', body: { spec: { resources: { requests: { storage: '2Gi' } } } } },
      mergePatch,
    );
    expect(grown.spec!.resources!.requests).toEqual({ storage: '2Gi' });
    const err = await failure(
      c.core.patchNamespacedPersistentVolumeClaim(
        { name: 'data', namespace: 'rj', body: { spec: { accessModes: ['ReadWriteMany'] } } },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toContain(
      'spec: Forbidden: spec is immutable after creation except resources.requests',
    );
  });

  it('Secret and ConfigMap data is frozen by immutable: true', async () => {
    await c.core.createNamespacedSecret({
      namespace: 'rj',
      body: { metadata: { name: 'frozen' }, immutable: true, stringData: { k: 'v' } },
    });
    const err = await failure(
      c.core.patchNamespacedSecret(
        { name: 'frozen', namespace: 'rj', body: { stringData: { k: 'w' } } },
        mergePatch,
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toBe(
      'Secret "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    await c.core.createNamespacedConfigMap({
      namespace: 'rj',
      body: { metadata: { name: 'frozen' }, immutable: true, data: { k: 'v' } },
    });
    const cmErr = await failure(
      c.core.patchNamespacedConfigMap(
        { name: 'frozen', namespace: 'rj', body: { immutable: false } },
        mergePatch,
      ),
    );
    expect(cmErr.status.message).toContain(
      'immutable: Forbidden: field is immutable when `immutable` is set',
    );
  });

  it('RoleBinding roleRef cannot change', async () => {
    const rb = {
      metadata: { name: 'rb' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [],
    };
    await c.objects.create(
      kube({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        ...rb,
        metadata: { ...rb.metadata, namespace: 'rj' },
      }),
    );
    const err = await failure(
      c.objects.replace(
        kube({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          ...rb,
          metadata: { name: 'rb', namespace: 'rj' },
          roleRef: { ...rb.roleRef, name: 'edit' },
        }),
      ),
    );
    expect(err.code).toBe(422);
    expect(err.status.message).toContain('cannot change roleRef');
  });
});
