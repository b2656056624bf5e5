// Kubernetes "rollout ready": every Deployment or StatefulSet asked for has observed its newest
// spec (status.observedGeneration ≥ metadata.generation) and has all its replicas updated and
// ready. Polled once a second until ready or its time limit; read with the cluster's kubeconfig.
import { toApiError } from '../../../api/errors';
import type { Services } from '../../../api/handlers/types';
import { kubeConfigFrom } from '../../../connect/kube/kube-config';
import { clusterKubeconfig } from '../../../estate/clusters';
import { KubeHttpError, kubeReader } from '../../../providers/native/kube/kube-reader';
import type { CheckSpec } from '../../model';
import type { CheckResult } from './result';

type RolloutCheck = Extract<CheckSpec, { type: 'rollout' }>;

interface Workload {
  metadata?: { name?: string; generation?: number };
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; updatedReplicas?: number; readyReplicas?: number };
}

/** Why a workload is not rolled out yet, or undefined when it is. */
export function notReady(w: Workload): string | undefined {
  const name = w.metadata?.name ?? '?';
  const want = w.spec?.replicas ?? 1;
  const st = w.status ?? {};
  if ((st.observedGeneration ?? 0) < (w.metadata?.generation ?? 0))
    return `${name}: the controller has not seen generation ${w.metadata?.generation} yet`;
  if ((st.updatedReplicas ?? 0) !== want)
    return `${name}: ${st.updatedReplicas ?? 0}/${want} replicas updated`;
  if ((st.readyReplicas ?? 0) !== want) return `${name}: ${st.readyReplicas ?? 0}/${want} replicas ready`;
  return undefined;
}

const plural = { Deployment: 'deployments', StatefulSet: 'statefulsets' } as const;

export async function rolloutCheck(s: Services, c: RolloutCheck, signal: AbortSignal): Promise<CheckResult> {
  const label = `rollout ${c.kind}/${c.name ?? '*'} in ${c.cluster}/${c.namespace}`;
  const started = performance.now();
  const result = (ok: boolean, message: string): CheckResult => ({
    label,
    ok,
    message,
    durationMs: Math.round(performance.now() - started),
  });
  const resource = plural[c.kind as keyof typeof plural];
  if (!resource) return result(false, `"${c.kind}" is not Deployment or StatefulSet`);
  const until = Date.now() + c.timeoutSeconds * 1000;
  let last = 'no answer yet';
  try {
    const kc = kubeConfigFrom(clusterKubeconfig(s.estate.ctx, s.estate.ctx.clusters.get(c.cluster).spec));
    const api = kubeReader(kc, { signal, timeoutMs: Math.min(30_000, c.timeoutSeconds * 1000) });
    const path = `/apis/apps/v1/namespaces/${encodeURIComponent(c.namespace)}/${resource}${
      c.name ? `/${encodeURIComponent(c.name)}` : ''
    }`;
    for (;;) {
      try {
        const body = (await api.get(path)) as Workload & { items?: Workload[] };
        const all = c.name ? [body] : (body.items ?? []);
        const waiting = all.map(notReady).filter((w): w is string => w !== undefined);
        if (waiting.length === 0)
          return result(
            true,
            all.length === 0
              ? `no ${c.kind} in namespace ${c.namespace}: nothing to wait for`
              : `${all.length} ${c.kind}${all.length > 1 ? 's' : ''} rolled out`,
          );
        last = waiting.slice(0, 3).join('; ');
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        if (!(e instanceof KubeHttpError && e.status === 404)) throw e;
        last = `${c.kind} ${c.name} not found in namespace ${c.namespace}`;
      }
      const left = until - Date.now();
      if (left <= 0) return result(false, `not ready within ${c.timeoutSeconds} s: ${last}`);
      await new Promise((r) => setTimeout(r, Math.min(1000, left)));
      signal.throwIfAborted();
    }
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    return result(false, toApiError(e).message);
  }
}
