// PATCH in its formats, as client-node sends them.

import { PatchStrategy } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, kube, mergePatch, startWithClients, strategicPatch, type Clients } from './test-clients';

let c: Clients;
beforeAll(async () => {
  c = await startWithClients();
  await c.core.createNamespace({ body: { metadata: { name: 'pt' } } });
});
afterAll(async () => {
  await c.emu.stop();
});

describe('patch formats', () => {
  it('merge patch adds and (with null) removes keys', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'pt',
      body: { metadata: { name: 'm' }, data: { a: '1', b: '2' } },
    });
    const patched = await c.core.patchNamespacedConfigMap(
      { name: 'm', namespace: 'pt', body: { metadata: { labels: { x: 'y' } }, data: { b: null, c: '3' } } },
      mergePatch,
    );
    expect(patched.data).toEqual({ a: '1', c: '3' });
    expect(patched.metadata!.labels).toEqual({ x: 'y' });
  });

  it('JSON patch is what the generated clients send by default', async () => {
    await c.core.createNamespacedConfigMap({
      namespace: 'pt',
      body: { metadata: { name: 'j' }, data: { a: '1' } },
    });
    const patched = await c.core.patchNamespacedConfigMap({
      name: 'j',
      namespace: 'pt',
      body: [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'remove', path: '/data/a' },
      ],
    });
    expect(patched.data).toEqual({ b: '2' });
    // An object where JSON patch expects an array: refused, as a real server refuses it.
    const err = await failure(
      c.core.patchNamespacedConfigMap({ name: 'j', namespace: 'pt', body: { data: { c: '3' } } }),
    );
    expect(err.code).toBe(400);
    const failedTest = await failure(
      c.core.patchNamespacedConfigMap({
        name: 'j',
        namespace: 'pt',
        body: [{ op: 'test', path: '/data/b', value: 'nope' }],
      }),
    );
    expect(failedTest.code).toBe(422);
  });

  it('strategic merge patch merges containers by name (KubernetesObjectApi default)', async () => {
    await c.apps.createNamespacedDeployment({
      namespace: 'pt',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }] },
                { name: 'sidecar', image: 'proxy:1' },
              ],
            },
          },
        },
      },
    });
    const patched = await c.objects.patch(
      kube({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'pt' },
        spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } },
      }),
    );
    const containers = (
      patched as {
        spec: { template: { spec: { containers: Array<{ name: string; image: string; env?: unknown[] }> } } };
      }
    ).spec.template.spec.containers;
    expect(containers.map((x) => [x.name, x.image])).toEqual([
      ['app', 'app:2'],
      ['sidecar', 'proxy:1'],
    ]);
    expect(containers[0]!.env).toEqual([{ name: 'A', value: '1' }]);
    const viaCore = await c.apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'pt', body: { spec: { replicas: 4 } } },
      strategicPatch,
    );
    expect(viaCore.spec!.replicas).toBe(4);
    expect(viaCore.metadata!.generation).toBe(3);
  });

  it('custom resources take merge and JSON patches but not strategic merge patch (415)', async () => {
    await c.custom.createNamespacedCustomObject({
      group: 'example.com',
      version: 'v1',
      namespace: 'pt',
      plural: 'widgets',
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } },
    });
    const merged = (await c.custom.patchNamespacedCustomObject(
      {
        group: 'example.com',
        version: 'v1',
        namespace: 'pt',
        plural: 'widgets',
        name: 'w',
        body: { spec: { size: 2 } },
      },
      mergePatch,
    )) as { spec: { size: number }; metadata: { generation: number } };
    expect(merged.spec.size).toBe(2);
    expect(merged.metadata.generation).toBe(2);
    const err = await failure(
      c.objects.patch(
        kube({
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w', namespace: 'pt' },
          spec: { size: 3 },
        }),
      ),
    );
    expect(err.code).toBe(415);
    const ok = await c.objects.patch(
      kube({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'pt' },
        spec: { size: 3 },
      }),
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect((ok as { spec: { size: number } }).spec.size).toBe(3);
  });

  it('server-side apply creates, then merges (approximation)', async () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'pt' },
      data: { a: '1' },
    };
    const created = await c.objects.patch(
      kube(cm),
      undefined,
      undefined,
      'lifeboat',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({ manager: 'lifeboat', operation: 'Apply' });
    const again = await c.objects.patch(
      kube({ ...cm, data: { a: '2' } }),
      undefined,
      undefined,
      'lifeboat',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((again as { data: Record<string, string> }).data).toEqual({ a: '2' });
    const noManager = await failure(
      c.objects.patch(kube(cm), undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply),
    );
    expect(noManager.code).toBe(400);
  });

  it('answers 404 when patching what does not exist', async () => {
    expect(
      (
        await failure(
          c.core.patchNamespacedConfigMap({ name: 'none', namespace: 'pt', body: { data: {} } }, mergePatch),
        )
      ).code,
    ).toBe(404);
  });
});
