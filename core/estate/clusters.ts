// Clusters: one kubeconfig context each, its credentials (the minimal kubeconfig) in the vault.
import type { ClusterTestReport, ClusterView, ParsedInput } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { extractContext, inspectKubeconfig, testCluster } from '../connect/kube';
import { journalChange, secretState, type EstateContext } from './context';
import type { Stored } from './entry-store';
import { parseScope } from './scope';
import { secretRefs, type ClusterSpec } from './specs';

export function clusterView(ctx: EstateContext, s: Stored<ClusterSpec>): ClusterView {
  const { kubeconfigRef, ...spec } = s.spec;
  return {
    ...spec,
    credentials: secretState(ctx, kubeconfigRef),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** The stored single-context kubeconfig, for clients. */
export function clusterKubeconfig(ctx: EstateContext, spec: ClusterSpec): string {
  if (!spec.kubeconfigRef) {
    throw new LifeboatError(
      'estate.credentials_missing',
      `Cluster "${spec.name}" has no credentials in the vault (imported without secrets?). Import its kubeconfig again.`,
    );
  }
  return ctx.vault.get(spec.kubeconfigRef);
}

export function createClusters(ctx: EstateContext) {
  const view = (name: string) => clusterView(ctx, ctx.clusters.get(name));
  return {
    list: () => ctx.clusters.list().map((s) => clusterView(ctx, s)),
    get: view,
    inspect: (input: ParsedInput<'cluster.inspectKubeconfig'>) =>
      inspectKubeconfig(input.kubeconfig, input.sourcePath),

    add(input: ParsedInput<'cluster.add'>): ClusterView {
      if (ctx.clusters.find(input.name)) {
        throw new LifeboatError('estate.exists', `A cluster named "${input.name}" already exists.`);
      }
      const { summary, kubeconfig } = extractContext(input.kubeconfig, {
        ...(input.context ? { context: input.context } : {}),
        ...(input.sourcePath ? { sourcePath: input.sourcePath } : {}),
      });
      ctx.db.transaction(() => {
        ctx.clusters.insert({
          name: input.name,
          context: summary.name,
          server: summary.server,
          user: summary.user,
          ...(summary.namespace ? { namespace: summary.namespace } : {}),
          authKind: summary.authKind,
          insecure: summary.insecure,
          kubeconfigRef: ctx.vault.put(
            `cluster ${input.name}: kubeconfig (context ${summary.name})`,
            kubeconfig,
          ),
          timeoutSeconds: input.timeoutSeconds,
        });
        journalChange(ctx, 'cluster.added', input.name, {
          context: summary.name,
          server: summary.server,
          authKind: summary.authKind,
        });
      })();
      return view(input.name);
    },

    remove(name: string): void {
      const spec = ctx.clusters.get(name).spec;
      const users = ctx.systems.list().filter((s) =>
        s.spec.scopes.some((t) => {
          const p = parseScope(t);
          return p.kind !== 'server-path' && p.cluster === name;
        }),
      );
      if (users.length) {
        throw new LifeboatError(
          'estate.in_use',
          `Cluster "${name}" is still used by ${users.map((s) => `system ${s.spec.name}`).join(', ')}; change those first.`,
        );
      }
      ctx.db.transaction(() => {
        secretRefs(spec).forEach((r) => ctx.vault.remove(r));
        ctx.clusters.remove(name);
        journalChange(ctx, 'cluster.removed', name);
      })();
    },

    test(name: string, signal?: AbortSignal): Promise<ClusterTestReport> {
      const spec = ctx.clusters.get(name).spec;
      return testCluster(clusterKubeconfig(ctx, spec), {
        timeoutMs: spec.timeoutSeconds * 1000,
        ...(signal ? { signal } : {}),
      });
    },
  };
}

export type Clusters = ReturnType<typeof createClusters>;
