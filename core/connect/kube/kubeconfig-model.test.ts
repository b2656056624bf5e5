import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isLifeboatError } from '../../api/errors';
import { parseKubeconfig } from './kubeconfig-model';

function failure(text: string): { code: string; message: string } {
  try {
    parseKubeconfig(text);
  } catch (e) {
    if (isLifeboatError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

const base = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'prod-cluster', cluster: { server: 'https://k8s.example:6443' } }],
  users: [{ name: 'admin', user: { token: 'tok' } }],
  contexts: [{ name: 'prod', context: { cluster: 'prod-cluster', user: 'admin' } }],
  'current-context': 'prod',
};

describe('parseKubeconfig', () => {
  it('parses a valid kubeconfig with line numbers', () => {
    const kc = parseKubeconfig(stringify(base));
    expect(kc.contexts).toMatchObject([{ name: 'prod', cluster: 'prod-cluster', user: 'admin' }]);
    expect(kc.contexts[0]!.line).toBeGreaterThan(1);
    expect(kc.currentContext).toBe('prod');
  });

  it('names the line of a YAML syntax error', () => {
    const text = [
      'apiVersion: v1',
      'clusters:',
      '- name: a',
      '  cluster:',
      '\tserver: x',
      'contexts: []',
    ].join('\n');
    const f = failure(text);
    expect(f.code).toBe('kube.bad_kubeconfig');
    expect(f.message).toMatch(/not valid YAML: line 5, column 1/);
  });

  it('names the line of a duplicate key', () => {
    const f = failure('apiVersion: v1\nkind: Config\nkind: Config\ncontexts: []\n');
    expect(f.message).toMatch(/line 3.*unique/);
  });

  it('refuses a YAML list, a scalar, an empty file and another kind', () => {
    expect(failure('- a\n- b\n').message).toMatch(/not a kubeconfig: the top level is a list/);
    expect(failure('hello\n').message).toMatch(/not a kubeconfig: the top level is a string/);
    expect(failure('\n# nothing\n').message).toMatch(/is empty/);
    expect(failure('kind: Pod\ncontexts: []\n').message).toMatch(/its kind is "Pod", not "Config"/);
  });

  it('refuses a mapping without contexts, and one with none', () => {
    expect(failure('apiVersion: v1\nclusters: []\n').message).toMatch(/has no `contexts` list/);
    expect(failure('apiVersion: v1\ncontexts: null\n').message).toMatch(/defines no contexts/);
    expect(failure('contexts: {a: 1}\n').message).toMatch(
      /`contexts` \(line 1\) must be a list, but it is a mapping/,
    );
  });

  it('names a context whose cluster is missing', () => {
    const text = stringify({ ...base, clusters: [] });
    const f = failure(text);
    expect(f.message).toContain('context "prod"');
    expect(f.message).toContain('names cluster "prod-cluster", which the file does not define');
  });

  it('names a context whose cluster and user are both missing', () => {
    const text = stringify({
      ...base,
      contexts: [{ name: 'prod', context: { cluster: 'gone', user: 'nobody' } }],
    });
    const f = failure(text);
    expect(f.message).toMatch(
      /context "prod" \(line \d+\) names cluster "gone" and user "nobody", which the file does not define/,
    );
    expect(f.message).toContain('clusters: "prod-cluster"; users: "admin"');
  });

  it('names a context whose user is missing', () => {
    const f = failure(stringify({ ...base, users: [] }));
    expect(f.message).toMatch(/context "prod" .*names user "admin", which the file does not define/);
  });

  it('refuses unnamed entries, duplicates, a context without cluster and a cluster without server', () => {
    expect(failure(stringify({ ...base, users: [{ user: {} }] })).message).toMatch(
      /users entry 1 \(line \d+\) has no name/,
    );
    expect(failure(stringify({ ...base, contexts: [...base.contexts, ...base.contexts] })).message).toMatch(
      /defines context "prod" twice \(lines \d+ and \d+\)/,
    );
    expect(
      failure(stringify({ ...base, contexts: [{ name: 'x', context: { user: 'admin' } }] })).message,
    ).toMatch(/context "x" .*names no cluster/);
    expect(
      failure(stringify({ ...base, clusters: [{ name: 'prod-cluster', cluster: {} }] })).message,
    ).toMatch(/cluster "prod-cluster" .*has no server URL/);
    expect(
      failure(stringify({ ...base, clusters: [{ name: 'prod-cluster', cluster: { server: 'k8s:6443' } }] }))
        .message,
    ).toMatch(/server "k8s:6443" must be an https/);
    // A password in the server URL would be stored, shown and journaled with it: refused, unsaid.
    const withPassword = failure(
      stringify({
        ...base,
        clusters: [{ name: 'prod-cluster', cluster: { server: 'https://admin:HUNTER2PW@k8s:6443' } }],
      }),
    ).message;
    expect(withPassword).toMatch(/server URL must not contain a user name or password/);
    expect(withPassword).not.toContain('HUNTER2PW');
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`,
      );
    lines.push('contexts: []');
    expect(failure(lines.join('\n')).message).toMatch(/too many YAML aliases/);
  });

  it('accepts a context without a user', () => {
    const kc = parseKubeconfig(
      stringify({ ...base, contexts: [{ name: 'anon', context: { cluster: 'prod-cluster' } }] }),
    );
    expect(kc.contexts[0]!.user).toBeUndefined();
  });
});
