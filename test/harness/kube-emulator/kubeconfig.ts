// Kubeconfig text pointing at the emulator.

import { stringify } from 'yaml';

/** One cluster/user/context per name, all to `url` with `token`; current-context is the first. */
export function renderKubeconfig(url: string, token: string, contexts: readonly string[]): string {
  const names = contexts.length > 0 ? contexts : ['emulator'];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: names.map((name) => ({
      name,
      // client-node reads `insecure-skip-tls-verify`; `skipTLSVerify` is its in-memory name, kept for readers of this file.
      cluster: { server: url, 'insecure-skip-tls-verify': true, skipTLSVerify: true },
    })),
    users: names.map((name) => ({ name, user: { token } })),
    contexts: names.map((name) => ({ name, context: { cluster: name, user: name, namespace: 'default' } })),
    'current-context': names[0],
  });
}
