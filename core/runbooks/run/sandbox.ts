// A drill's sandbox: where its restores go instead of the live target, and how it is removed.
// Server scopes go alongside, to `<path>.lifeboat-drill-<runid>` on the same server; cluster
// scopes to a scratch namespace `lifeboat-drill-<runid>` on the same cluster. Removal is
// guarded twice — the name must be exactly this run's sandbox, re-derived here, before any
// `rm -rf` or namespace deletion is sent — so a damaged record can never delete anything else.
import { LifeboatError } from '../../api/errors';
import type { Services } from '../../api/handlers/types';
import { kubeConfigFrom } from '../../connect/kube/kube-config';
import { shQuote } from '../../connect/ssh/quote';
import { clusterKubeconfig } from '../../estate/clusters';
import { parseScope } from '../../estate/scope';
import { KubeHttpError, kubeRequester } from '../../providers/native/kube/kube-reader';
import type { RestoreStepSpec } from '../model';
import type { Sandbox } from './types';

const suffix = (runId: string) => `.lifeboat-drill-${runId}`;
export const scratchNamespace = (runId: string) => `lifeboat-drill-${runId}`;

/** Where the step's restore would write without a drill: its `to`, else its own scope. */
export function destinationOf(step: Pick<RestoreStepSpec, 'scope' | 'to'>): string {
  return step.to ?? step.scope;
}

/** The sandbox a drill's restore of `destination` goes to. */
export function sandboxFor(runId: string, destination: string): Sandbox {
  const dest = parseScope(destination);
  if (dest.kind === 'server-path') {
    const base = dest.path.replace(/\/+$/, '');
    if (!base)
      throw new LifeboatError(
        'run.no_sandbox',
        `A drill cannot restore ${destination} alongside: "/" has no place next to it. Drill a narrower scope.`,
      );
    const path = `${base}${suffix(runId)}`;
    return {
      kind: 'path',
      scope: `server:${dest.server}:${path}`,
      of: destination,
      server: dest.server,
      path,
    };
  }
  const namespace = scratchNamespace(runId);
  return {
    kind: 'namespace',
    scope: `cluster:${dest.cluster}:namespace/${namespace}`,
    of: destination,
    cluster: dest.cluster,
    namespace,
  };
}

/** Refuses anything that is not exactly a sandbox of this run. */
export function assertSandbox(runId: string, sb: Sandbox): void {
  if (!/^[0-9a-f]{12}$/.test(runId))
    throw new LifeboatError('run.bad_sandbox', `"${runId}" is not a run id; nothing removed.`);
  if (sb.kind === 'namespace') {
    if (sb.namespace !== scratchNamespace(runId))
      throw new LifeboatError(
        'run.bad_sandbox',
        `Namespace "${sb.namespace}" is not the scratch namespace of run ${runId}; it is not deleted.`,
      );
    return;
  }
  const p = sb.path;
  const base = p.slice(0, -suffix(runId).length);
  const clean =
    p.endsWith(suffix(runId)) &&
    base.startsWith('/') &&
    base.length > 1 &&
    !p.includes('\0') &&
    !p.split('/').some((seg, i) => (i > 0 && seg === '') || seg === '.' || seg === '..');
  if (!clean)
    throw new LifeboatError(
      'run.bad_sandbox',
      `"${p}" is not the sandbox path of run ${runId} (PATH${suffix(runId)}); it is not removed.`,
    );
}

/** Deletes the sandbox (idempotent: an absent one is fine). */
export async function removeSandbox(s: Services, runId: string, sb: Sandbox, signal?: AbortSignal) {
  assertSandbox(runId, sb);
  if (sb.kind === 'path') {
    const spec = s.estate.ctx.servers.get(sb.server).spec;
    const session = await s.estate.servers.connect(sb.server, signal);
    try {
      const res = await session.exec(`${spec.sudo ? 'sudo -n ' : ''}rm -rf -- ${shQuote(sb.path)}`, {
        timeoutMs: 300_000,
        ...(signal ? { signal } : {}),
      });
      if (res.code !== 0)
        throw new LifeboatError(
          'run.sandbox_not_removed',
          `Could not remove the drill sandbox ${sb.path} on ${sb.server}: ${res.stderr.trim().slice(0, 300) || `exit ${res.code}`}.`,
        );
    } finally {
      session.close();
    }
    return;
  }
  const kc = kubeConfigFrom(clusterKubeconfig(s.estate.ctx, s.estate.ctx.clusters.get(sb.cluster).spec));
  const api = kubeRequester(kc, { timeoutMs: 30_000, ...(signal ? { signal } : {}) });
  const path = `/api/v1/namespaces/${sb.namespace}`;
  const gone = async () => {
    try {
      await api.send({ method: 'GET', path });
      return false;
    } catch (e) {
      if (e instanceof KubeHttpError && e.status === 404) return true;
      throw e;
    }
  };
  try {
    await api.send({ method: 'DELETE', path });
  } catch (e) {
    if (!(e instanceof KubeHttpError && e.status === 404)) throw e;
  }
  // A namespace goes once everything in it is deleted; wait for that, bounded.
  const until = Date.now() + 120_000;
  while (!(await gone())) {
    if (Date.now() > until)
      throw new LifeboatError(
        'run.sandbox_not_removed',
        `Namespace ${sb.namespace} on cluster ${sb.cluster} is still terminating after 2 min; check what holds it.`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
