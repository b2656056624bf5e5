import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { testCluster } from './cluster-test';
import { kubeConfigFrom } from './kube-config';

const minimal = (current?: string, contexts = ['only']) =>
  stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'c', cluster: { server: 'https://k8s.example:6443', 'insecure-skip-tls-verify': true } },
    ],
    users: [{ name: 'u', user: { token: 'tok' } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u' } })),
    ...(current ? { 'current-context': current } : {}),
  });

describe('kubeConfigFrom', () => {
  it('loads a minimal kubeconfig with its current context', () => {
    const kc = kubeConfigFrom(minimal('only'));
    expect(kc.getCurrentContext()).toBe('only');
    expect(kc.getCurrentCluster()?.server).toBe('https://k8s.example:6443');
    expect(kc.getCurrentUser()?.token).toBe('tok');
  });

  it('selects the only context when current-context is unset', () => {
    expect(kubeConfigFrom(minimal()).getCurrentContext()).toBe('only');
  });

  it('refuses a broken one with kube.bad_kubeconfig', () => {
    expect(() => kubeConfigFrom('clusters: [')).toThrow(
      expect.objectContaining({ code: 'kube.bad_kubeconfig' }),
    );
    expect(() => kubeConfigFrom(minimal(undefined, ['a', 'b']))).toThrow(/no usable current-context/);
  });
});

describe('testCluster with a broken stored kubeconfig', () => {
  it('throws kube.bad_kubeconfig', async () => {
    await expect(testCluster('- not a kubeconfig', { timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'kube.bad_kubeconfig',
    });
  });
});
