// One context of a kubeconfig as a minimal, self-contained kubeconfig: that context, its cluster
// and its user, with every file it refers to read and inlined. This is what the vault keeps.

import { stringify } from 'yaml';
import type { KubeContextSummary } from '../../api/contract';
import { summarize } from './context-summary';
import { inlineCluster, inlineUser } from './inline-files';
import { kubeconfigLabel } from './inspect';
import { contextNotFound, quotedList } from './kube-errors';
import { parseKubeconfig, type ContextEntry, type Kubeconfig } from './kubeconfig-model';

function pickContext(kc: Kubeconfig, wanted: string | undefined, label: string): ContextEntry {
  const names = kc.contexts.map((c) => c.name);
  const available = `available: ${quotedList(names)}`;
  const name = wanted ?? kc.currentContext;
  if (!name) {
    throw contextNotFound(`${label} sets no current-context; choose a context (${available}).`, names);
  }
  const found = kc.contexts.find((c) => c.name === name);
  if (!found) {
    const what = wanted
      ? `has no context "${name}"`
      : `names current-context "${name}", which it does not define`;
    throw contextNotFound(`${label} ${what} (${available}).`, names);
  }
  return found;
}

/**
 * One context as a minimal kubeconfig (YAML). Default context: current-context. Errors:
 * kube.bad_kubeconfig, kube.context_not_found (listing the available ones), kube.file_unreadable
 * (a referenced file cannot be read, or is relative and `sourcePath` is not given).
 */
export function extractContext(
  text: string,
  opts: { context?: string; sourcePath?: string },
): { summary: KubeContextSummary; kubeconfig: string } {
  const label = kubeconfigLabel(opts.sourcePath);
  const kc = parseKubeconfig(text, label);
  const ctx = pickContext(kc, opts.context, label);
  const cluster = kc.clusters.get(ctx.cluster)!;
  const user = ctx.user ? kc.users.get(ctx.user) : undefined;
  const minimal = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster.name, cluster: inlineCluster(cluster, opts.sourcePath) }],
    users: user ? [{ name: user.name, user: inlineUser(user, opts.sourcePath) }] : [],
    contexts: [{ name: ctx.name, context: ctx.body }],
    'current-context': ctx.name,
  };
  // YAML 1.1 quoting keeps strings such as "yes" or "2024-01-01" strings for client-node's js-yaml.
  const kubeconfig = stringify(minimal, { version: '1.1', lineWidth: 0 });
  const self = parseKubeconfig(kubeconfig, label);
  return { summary: summarize(self, self.contexts[0]!), kubeconfig };
}
