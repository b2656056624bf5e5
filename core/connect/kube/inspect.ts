// Lists the contexts of a kubeconfig, as summaries (no secret, no file read).

import type { KubeContextSummary } from '../../api/contract';
import { summarize } from './context-summary';
import { parseKubeconfig } from './kubeconfig-model';

/** "Kubeconfig /home/me/.kube/config" or "The kubeconfig": how messages name the file. */
export function kubeconfigLabel(sourcePath?: string): string {
  return sourcePath ? `Kubeconfig ${sourcePath}` : 'The kubeconfig';
}

/**
 * Lists the contexts. `currentContext` is given only when the file defines that context.
 * Errors: kube.bad_kubeconfig (malformed YAML, naming the line; not a kubeconfig; a context naming
 * a missing cluster or user).
 */
export function inspectKubeconfig(
  text: string,
  sourcePath?: string,
): { contexts: KubeContextSummary[]; currentContext?: string } {
  const kc = parseKubeconfig(text, kubeconfigLabel(sourcePath));
  const contexts = kc.contexts.map((c) => summarize(kc, c));
  const current = kc.currentContext;
  return current && contexts.some((c) => c.name === current)
    ? { contexts, currentContext: current }
    : { contexts };
}
