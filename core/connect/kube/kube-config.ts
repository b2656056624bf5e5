// A client-node KubeConfig for a stored minimal kubeconfig.

import { KubeConfig } from '@kubernetes/client-node';
import { badKubeconfig } from './kube-errors';
import { parseKubeconfig, type ContextEntry, type Kubeconfig } from './kubeconfig-model';

const LABEL = 'The stored kubeconfig';

export interface LoadedKubeconfig {
  kc: KubeConfig;
  parsed: Kubeconfig;
  context: ContextEntry;
}

/** Checks and loads a minimal kubeconfig; its current context (or its only one) is selected. */
export function loadMinimal(minimal: string): LoadedKubeconfig {
  const parsed = parseKubeconfig(minimal, LABEL);
  const name = parsed.currentContext ?? (parsed.contexts.length === 1 ? parsed.contexts[0]?.name : undefined);
  const context = parsed.contexts.find((c) => c.name === name);
  if (!context) throw badKubeconfig(`${LABEL} has no usable current-context.`);
  const kc = new KubeConfig();
  try {
    kc.loadFromString(minimal);
  } catch (e) {
    // client-node's own messages name fields ("clusters[0].cluster.server is missing"); js-yaml's
    // quote the source, which may hold a secret.
    const own = e instanceof Error && e.name !== 'YAMLException' ? `: ${e.message}` : '';
    throw badKubeconfig(`${LABEL} cannot be loaded by the Kubernetes client${own}.`);
  }
  kc.setCurrentContext(context.name);
  return { kc, parsed, context };
}

/**
 * A KubeConfig for a minimal kubeconfig (from extractContext), its current context selected (the
 * only context when current-context is unset). Errors: kube.bad_kubeconfig.
 */
export function kubeConfigFrom(minimal: string): KubeConfig {
  return loadMinimal(minimal).kc;
}
