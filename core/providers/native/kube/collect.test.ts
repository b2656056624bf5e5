// Which served type a KIND (or KIND with apiVersion) names: two groups can serve one kind.
import { describe, expect, it } from 'vitest';
import { listNamespace, typeOfKind } from './collect';
import type { ResourceType } from './discovery';

const type = (apiVersion: string, kind: string, plural: string, namespaced = true): ResourceType => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { group: group!, version: version!, apiVersion, plural, kind, namespaced };
};

describe('typeOfKind', () => {
  const types = [
    type('v1', 'Service', 'services'),
    type('serving.knative.dev/v1', 'Service', 'services'),
    type('networking.istio.io/v1', 'Gateway', 'gateways'),
    type('gateway.networking.k8s.io/v1', 'Gateway', 'gateways'),
    type('gateway.networking.k8s.io/v1beta1', 'Gateway', 'gateways'),
    type('v1', 'Namespace', 'namespaces', false),
  ];

  it('takes the group an apiVersion names, its version first', () => {
    expect(typeOfKind(types, 'Service', 'serving.knative.dev/v1')?.group).toBe('serving.knative.dev');
    expect(typeOfKind(types, 'Service', 'v1')?.group).toBe('');
    expect(typeOfKind(types, 'Gateway', 'gateway.networking.k8s.io/v1beta1')?.apiVersion).toBe(
      'gateway.networking.k8s.io/v1beta1',
    );
    expect(typeOfKind(types, 'Gateway', 'gateway.networking.k8s.io/v2')?.group).toBe(
      'gateway.networking.k8s.io',
    );
    expect(typeOfKind(types, 'Gateway', 'example.com/v1')).toBeUndefined();
  });

  it('without one: the first served namespaced type of the kind, in any case', () => {
    expect(typeOfKind(types, 'Service')?.group).toBe('');
    expect(typeOfKind(types, 'service')?.plural).toBe('services');
    expect(typeOfKind(types, 'Namespace')).toBeUndefined();
  });
});

describe('listNamespace', () => {
  it('stops a listing whose server hands out the same continuation token again, naming the type', async () => {
    let calls = 0;
    const reader = {
      server: 'https://emu',
      async get() {
        calls++;
        return { items: [{ metadata: { name: `cm-${calls}` } }], metadata: { continue: 'again' } };
      },
    };
    const fails: string[] = [];
    const out = await listNamespace(reader, [type('v1', 'ConfigMap', 'configmaps')], 'shop', (item, m) =>
      fails.push(`${item}: ${m}`),
    );
    expect(calls).toBe(2);
    expect(out.map((o) => o.item.metadata.name)).toEqual(['cm-1', 'cm-2']);
    expect(fails).toEqual(['configmaps: the server gave the same continuation token twice; listing stopped']);
  });
});
