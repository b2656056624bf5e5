import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { LifeboatError } from '../../api/errors';
import { extractContext } from './extract-context';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBcaFAKEca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBclientFAKE\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIkeyFAKE\n-----END EC PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

type Rec = Record<string, unknown>;

function kubeconfig(opts: { cluster?: Rec; user?: Rec; extra?: Rec[]; current?: string } = {}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'prod-cluster', cluster: { server: 'https://prod.example:6443', ...opts.cluster } },
      { name: 'other-cluster', cluster: { server: 'https://other.example:6443' } },
    ],
    users: [
      { name: 'admin', user: opts.user ?? { token: 'tok' } },
      { name: 'other', user: { token: 'other-token' } },
    ],
    contexts: [
      { name: 'prod', context: { cluster: 'prod-cluster', user: 'admin', namespace: 'billing' } },
      { name: 'staging', context: { cluster: 'other-cluster', user: 'other' } },
      ...(opts.extra ?? []),
    ],
    'current-context': opts.current ?? 'prod',
  });
}

function caught(fn: () => unknown): LifeboatError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LifeboatError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

interface Minimal {
  clusters: Array<{ name: string; cluster: Rec }>;
  users: Array<{ name: string; user: Rec }>;
  contexts: Array<{ name: string; context: Rec }>;
  'current-context': string;
}

describe('extractContext', () => {
  let dir: string;
  let source: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifeboat-kube-extract-'));
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'ca.crt'), CA);
    writeFileSync(join(dir, 'certs', 'admin.crt'), CERT);
    writeFileSync(join(dir, 'certs', 'admin.key'), KEY);
    writeFileSync(join(dir, 'token'), 'file-token-value\n');
    source = join(dir, 'config');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only the chosen context, its cluster and its user', () => {
    const { summary, kubeconfig: text } = extractContext(kubeconfig(), { context: 'staging' });
    expect(summary).toEqual({
      name: 'staging',
      cluster: 'other-cluster',
      server: 'https://other.example:6443',
      user: 'other',
      authKind: 'token',
      insecure: false,
    });
    const m = parse(text) as Minimal;
    expect(m.clusters.map((c) => c.name)).toEqual(['other-cluster']);
    expect(m.users).toEqual([{ name: 'other', user: { token: 'other-token' } }]);
    expect(m.contexts).toEqual([{ name: 'staging', context: { cluster: 'other-cluster', user: 'other' } }]);
    expect(m['current-context']).toBe('staging');
    expect(text).not.toContain('prod');
  });

  it('defaults to the current context', () => {
    expect(extractContext(kubeconfig(), {}).summary).toMatchObject({ name: 'prod', namespace: 'billing' });
  });

  it('lists the available contexts when the context does not exist', () => {
    const e = caught(() => extractContext(kubeconfig(), { context: 'qa' }));
    expect(e.code).toBe('kube.context_not_found');
    expect(e.message).toBe('The kubeconfig has no context "qa" (available: "prod" and "staging").');
    expect(e.details).toEqual({ available: ['prod', 'staging'] });
  });

  it('says so when current-context is missing or names nothing', () => {
    const noCurrent = kubeconfig().replace(/^current-context:.*$/m, '');
    expect(caught(() => extractContext(noCurrent, {})).message).toMatch(
      /sets no current-context; choose a context/,
    );
    const e = caught(() => extractContext(kubeconfig({ current: 'gone' }), {}));
    expect(e.code).toBe('kube.context_not_found');
    expect(e.message).toMatch(
      /names current-context "gone", which it does not define \(available: "prod" and "staging"\)/,
    );
  });

  it('reads relative certificate paths against the kubeconfig folder and inlines them', () => {
    const text = kubeconfig({
      cluster: { 'certificate-authority': 'certs/ca.crt' },
      user: { 'client-certificate': 'certs/admin.crt', 'client-key': './certs/admin.key' },
    });
    const { summary, kubeconfig: out } = extractContext(text, { sourcePath: source });
    expect(summary.authKind).toBe('client-certificate');
    const m = parse(out) as Minimal;
    expect(m.clusters[0]!.cluster).toEqual({
      server: 'https://prod.example:6443',
      'certificate-authority-data': b64(CA),
    });
    expect(m.users[0]!.user).toEqual({ 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) });
  });

  it('reads absolute paths without a source path, and a token file', () => {
    const text = kubeconfig({ user: { tokenFile: join(dir, 'token') } });
    const m = parse(extractContext(text, {}).kubeconfig) as Minimal;
    expect(m.users[0]!.user).toEqual({ token: 'file-token-value' });
  });

  it('keeps inline data over a path', () => {
    const text = kubeconfig({
      cluster: { 'certificate-authority': 'nowhere.crt', 'certificate-authority-data': b64(CA) },
    });
    const m = parse(extractContext(text, {}).kubeconfig) as Minimal;
    expect(m.clusters[0]!.cluster['certificate-authority-data']).toBe(b64(CA));
    expect(m.clusters[0]!.cluster['certificate-authority']).toBeUndefined();
  });

  it('refuses a relative path without a source path, naming the field', () => {
    const text = kubeconfig({
      user: { 'client-certificate': 'certs/admin.crt', 'client-key': 'certs/admin.key' },
    });
    const e = caught(() => extractContext(text, {}));
    expect(e.code).toBe('kube.file_unreadable');
    expect(e.message).toMatch(/^user "admin": client-certificate is a relative path \("certs\/admin.crt"\)/);
    expect(e.details).toMatchObject({ field: 'client-certificate' });
  });

  it('names a missing file with its resolved path', () => {
    const text = kubeconfig({ cluster: { 'certificate-authority': 'certs/missing.crt' } });
    const e = caught(() => extractContext(text, { sourcePath: source }));
    expect(e.code).toBe('kube.file_unreadable');
    expect(e.message).toBe(
      `cluster "prod-cluster": cannot read certificate-authority "${join(dir, 'certs', 'missing.crt')}" (no such file).`,
    );
  });

  it('refuses a client certificate without its key', () => {
    const text = kubeconfig({ user: { 'client-certificate-data': b64(CERT) } });
    const e = caught(() => extractContext(text, {}));
    expect(e.code).toBe('kube.bad_kubeconfig');
    expect(e.message).toBe('user "admin" has a client certificate but no client key; both are needed.');
  });

  it('keeps an exec plugin as configured; a relative command resolves against the kubeconfig folder', () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'prod'],
      env: [{ name: 'AWS_PROFILE', value: 'prod' }],
      interactiveMode: 'Never',
    };
    const plain = parse(
      extractContext(kubeconfig({ user: { exec } }), { sourcePath: source }).kubeconfig,
    ) as Minimal;
    expect(plain.users[0]!.user).toEqual({ exec });
    const relative = { ...exec, command: './bin/get-token' };
    const out = extractContext(kubeconfig({ user: { exec: relative } }), { sourcePath: source });
    expect(out.summary.authKind).toBe('exec');
    expect((parse(out.kubeconfig) as Minimal).users[0]!.user.exec).toEqual({
      ...exec,
      command: join(dir, 'bin', 'get-token'),
    });
  });

  it('summarizes basic auth and a context without a user', () => {
    const basic = extractContext(kubeconfig({ user: { username: 'root', password: 'hunter22' } }), {});
    expect(basic.summary.authKind).toBe('basic');
    const anon = extractContext(
      kubeconfig({ extra: [{ name: 'anon', context: { cluster: 'prod-cluster' } }] }),
      { context: 'anon' },
    );
    expect(anon.summary).toMatchObject({ user: '', authKind: 'none' });
    expect((parse(anon.kubeconfig) as Minimal).users).toEqual([]);
  });

  it('keeps strings that YAML 1.1 would read as something else as strings', () => {
    const text = kubeconfig({ user: { token: '2024-01-01' }, extra: [] }).replace(
      'namespace: billing',
      'namespace: "yes"',
    );
    const out = extractContext(text, {}).kubeconfig;
    expect(out).toMatch(/token: "2024-01-01"/);
    expect(out).toMatch(/namespace: "yes"/);
  });
});
