import { describe, expect, it } from 'vitest';
import { inDeleteOrder, inWriteOrder, isCustomGroup, ranks, restorePriorities } from './priority';

const o = (plural: string, group: string, name = 'x') => ({ plural, group, name });

describe('restore priorities', () => {
  it('writes what others depend on first, everything else after, custom resources last', () => {
    const items = [
      o('widgets', 'example.com'),
      o('services', ''),
      o('networkpolicies', 'networking.k8s.io'),
      o('deployments', 'apps', 'b'),
      o('deployments', 'apps', 'a'),
      o('configmaps', ''),
      o('secrets', ''),
      o('customresourcedefinitions', 'apiextensions.k8s.io'),
      o('persistentvolumeclaims', ''),
      o('persistentvolumes', ''),
      o('namespaces', ''),
      o('serviceaccounts', ''),
      o('pods', ''),
    ];
    expect(inWriteOrder(items).map((i) => `${i.plural}/${i.name}`)).toEqual([
      'namespaces/x',
      'customresourcedefinitions/x',
      'persistentvolumes/x',
      'persistentvolumeclaims/x',
      'serviceaccounts/x',
      'secrets/x',
      'configmaps/x',
      'networkpolicies/x',
      'pods/x',
      'deployments/a',
      'deployments/b',
      'services/x',
      'widgets/x',
    ]);
    expect(inDeleteOrder(items).map((i) => i.plural)[0]).toBe('widgets');
    expect(
      inDeleteOrder(items)
        .map((i) => i.plural)
        .at(-1),
    ).toBe('namespaces');
  });

  it('groups consecutive items of one rank', () => {
    const grouped = ranks(
      inWriteOrder([o('configmaps', '', 'a'), o('configmaps', '', 'b'), o('secrets', '')]),
    );
    expect(grouped.map((g) => g.map((i) => i.name))).toEqual([['x'], ['a', 'b']]);
  });

  it('tells custom groups from built-in ones; every entry says why', () => {
    expect(isCustomGroup('example.com')).toBe(true);
    expect(isCustomGroup('monitoring.coreos.com')).toBe(true);
    for (const g of [
      '',
      'apps',
      'batch',
      'networking.k8s.io',
      'rbac.authorization.k8s.io',
      'node.kubernetes.io',
    ])
      expect(isCustomGroup(g), g).toBe(false);
    for (const p of restorePriorities) expect(p.why.length, p.resource).toBeGreaterThan(5);
  });
});
