// No error message of the kubeconfig functions may carry a secret value of the file.

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isLifeboatError } from '../../api/errors';
import { extractContext } from './extract-context';
import { inspectKubeconfig } from './inspect';
import { kubeConfigFrom } from './kube-config';

const SECRETS = ['tok-3c1d9e0a7f', 'pw-hunter22x', 'Q0VSVERBVEFWQUxVRQ==', 'S0VZREFUQVZBTFVF', 'env-s3cr3t'];
const [TOKEN, PASSWORD, CERT, KEY, ENV] = SECRETS as [string, string, string, string, string];

type Rec = Record<string, unknown>;
const users: Rec[] = [
  { name: 'tok', user: { token: TOKEN } },
  { name: 'basic', user: { username: 'root', password: PASSWORD } },
  { name: 'cert', user: { 'client-certificate-data': CERT, 'client-key-data': KEY } },
  { name: 'exec', user: { exec: { command: 'get-token', env: [{ name: 'K', value: ENV }] } } },
];

function config(patch: (c: Rec) => void): string {
  const c: Rec = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: 'https://k8s.example:6443' } }],
    users: structuredClone(users),
    contexts: users.map((u) => ({ name: String(u.name), context: { cluster: 'c', user: u.name } })),
    'current-context': 'tok',
  };
  patch(c);
  return stringify(c);
}

const broken: Record<string, string> = {
  'bad YAML on a token line': config(() => undefined).replace(`token: ${TOKEN}`, `token: "${TOKEN}`),
  'a nested mapping on a password line': config(() => undefined).replace(
    `password: ${PASSWORD}`,
    `password: ${PASSWORD}: x`,
  ),
  'a missing cluster': config((c) => ((c.clusters as Rec[])[0]!.name = 'other')),
  'a missing user': config((c) => (c.users as Rec[]).shift()),
  'a duplicate user': config((c) => (c.users as Rec[]).push(structuredClone(users[0]!))),
  'a cert without key': config((c) => delete ((c.users as Rec[])[2]!.user as Rec)['client-key-data']),
  'a relative key path': config((c) => {
    const user = (c.users as Rec[])[2]!.user as Rec;
    delete user['client-key-data'];
    user['client-key'] = 'keys/admin.key';
  }),
  'an unreadable token file': config(
    (c) => (((c.users as Rec[])[0]!.user as Rec).tokenFile = '/nonexistent/token'),
  ),
  'an exec plugin without command': config(
    (c) => delete (((c.users as Rec[])[3]!.user as Rec).exec as Rec).command,
  ),
};

function messages(text: string): string[] {
  const out: string[] = [];
  for (const call of [
    () => inspectKubeconfig(text),
    ...['tok', 'basic', 'cert', 'exec', 'nope'].map((context) => () => extractContext(text, { context })),
    () => kubeConfigFrom(text),
  ]) {
    try {
      call();
    } catch (e) {
      if (!isLifeboatError(e)) throw e;
      out.push(`${e.code}: ${e.message} ${JSON.stringify(e.details ?? {})}`);
    }
  }
  return out;
}

describe('no secret in any error', () => {
  it.each(Object.keys(broken))('%s', (name) => {
    const all = messages(broken[name]!);
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) for (const s of SECRETS) expect(m).not.toContain(s);
  });
});
