import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { inspectKubeconfig } from './inspect';

const cluster = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  cluster: { server: `https://${name}.example:6443`, ...extra },
});

function kubeconfigWithUsers(users: Record<string, Record<string, unknown>>, current?: string): string {
  const names = Object.keys(users);
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: names.map((n) =>
      cluster(`${n}-cluster`, n === 'none' ? { 'insecure-skip-tls-verify': true } : {}),
    ),
    users: names.map((n) => ({ name: `${n}-user`, user: users[n] })),
    contexts: names.map((n) => ({
      name: n,
      context: {
        cluster: `${n}-cluster`,
        user: `${n}-user`,
        ...(n === 'cert' ? { namespace: 'billing' } : {}),
      },
    })),
    ...(current ? { 'current-context': current } : {}),
  });
}

describe('inspectKubeconfig', () => {
  it('summarizes each context with its auth kind', () => {
    const text = kubeconfigWithUsers(
      {
        tok: { token: 'abc' },
        tokfile: { tokenFile: '/var/run/token' },
        cert: { 'client-certificate': 'a.crt', 'client-key': 'a.key' },
        certdata: { 'client-certificate-data': 'QUJD', 'client-key-data': 'QUJD' },
        exec: {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] },
        },
        basic: { username: 'admin', password: 'pw' },
        oidc: { 'auth-provider': { name: 'oidc', config: { 'id-token': 'x' } } },
        none: {},
      },
      'exec',
    );
    const { contexts, currentContext } = inspectKubeconfig(text);
    expect(currentContext).toBe('exec');
    expect(Object.fromEntries(contexts.map((c) => [c.name, c.authKind]))).toEqual({
      tok: 'token',
      tokfile: 'token',
      cert: 'client-certificate',
      certdata: 'client-certificate',
      exec: 'exec',
      basic: 'basic',
      oidc: 'auth-provider',
      none: 'none',
    });
    expect(contexts.find((c) => c.name === 'cert')).toEqual({
      name: 'cert',
      cluster: 'cert-cluster',
      server: 'https://cert-cluster.example:6443',
      user: 'cert-user',
      namespace: 'billing',
      authKind: 'client-certificate',
      insecure: false,
    });
    expect(contexts.find((c) => c.name === 'none')).toMatchObject({ insecure: true, user: 'none-user' });
  });

  it('reads no file: relative certificate paths are fine for listing', () => {
    const text = kubeconfigWithUsers({
      cert: { 'client-certificate': 'missing.crt', 'client-key': 'missing.key' },
    });
    expect(inspectKubeconfig(text).contexts).toHaveLength(1);
  });

  it('leaves out a current-context the file does not define', () => {
    const result = inspectKubeconfig(kubeconfigWithUsers({ tok: { token: 'a' } }, 'gone'));
    expect(result.currentContext).toBeUndefined();
    expect('currentContext' in result).toBe(false);
  });

  it('names the source file in messages', () => {
    expect(() => inspectKubeconfig('- a\n', '/home/me/.kube/config')).toThrow(
      /^Kubeconfig \/home\/me\/.kube\/config is not a kubeconfig/,
    );
  });
});
