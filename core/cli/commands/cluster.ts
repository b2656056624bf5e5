import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ClusterTestReport, ClusterView } from '../../api/contract';
import type { CliContext } from '../context';
import { plural } from '../../journal/report/format';
import { readTextFile } from '../read-file';
import { withVault } from '../secrets';
import { table } from '../table';

function describeTest(r: ClusterTestReport): string {
  return [
    `${r.ok ? 'Reachable' : 'Problems found'}: ${r.serverVersion ?? 'version unknown'}, ${Math.round(r.latencyMs)} ms.`,
    `List namespaces: ${r.canListNamespaces}${r.namespaceCount !== undefined ? ` (${plural(r.namespaceCount, 'namespace')})` : ''}`,
    table(
      ['VERB', 'RESOURCE', 'ALLOWED'],
      r.permissions.map((p) => [p.verb, p.resource, p.allowed]),
    ),
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

const row = (c: ClusterView) => [c.name, c.context, c.server, c.authKind, c.credentials];

/** A cluster name from a context name: lowercase, other characters become "-". */
export function clusterNameFor(context: string): string {
  return (
    context
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
      .slice(0, 63) || 'cluster'
  );
}

export function registerCluster(program: Command, ctx: () => CliContext): void {
  const cluster = program.command('cluster').description('Kubernetes clusters (kubeconfig contexts)');

  cluster
    .command('add')
    .description('import one context of a kubeconfig as a cluster; its credentials go to the vault')
    .argument('<name>')
    .requiredOption('--kubeconfig <file>', 'the kubeconfig file')
    .option('--context <context>', "the context to import (default: the file's current context)")
    .action(async (name: string, o: { kubeconfig: string; context?: string }) => {
      const c = ctx();
      const kubeconfig = readTextFile(o.kubeconfig, 'the kubeconfig');
      const { cluster: added } = await withVault(c, () =>
        c.open().call('cluster.add', {
          name,
          kubeconfig,
          sourcePath: resolve(o.kubeconfig),
          ...(o.context ? { context: o.context } : {}),
        }),
      );
      c.print(
        added,
        () => `Added cluster ${name} (context ${added.context}, ${added.server}, ${added.authKind}).`,
      );
    });

  cluster
    .command('import')
    .description('import every context of a kubeconfig, each as a cluster named after its context')
    .requiredOption('--kubeconfig <file>', 'the kubeconfig file')
    .action(async (o: { kubeconfig: string }) => {
      const c = ctx();
      const kubeconfig = readTextFile(o.kubeconfig, 'the kubeconfig');
      const sourcePath = resolve(o.kubeconfig);
      const { contexts } = await c.open().call('cluster.inspectKubeconfig', { kubeconfig, sourcePath });
      const added: ClusterView[] = [];
      for (const k of contexts) {
        const { cluster: one } = await withVault(c, () =>
          c
            .open()
            .call('cluster.add', { name: clusterNameFor(k.name), kubeconfig, sourcePath, context: k.name }),
        );
        added.push(one);
      }
      c.print(added, () => table(['NAME', 'CONTEXT', 'SERVER', 'AUTH', 'CREDENTIALS'], added.map(row)));
    });

  cluster
    .command('contexts')
    .description('list the contexts of a kubeconfig (nothing is stored)')
    .requiredOption('--kubeconfig <file>', 'the kubeconfig file')
    .action(async (o: { kubeconfig: string }) => {
      const c = ctx();
      const r = await c.open().call('cluster.inspectKubeconfig', {
        kubeconfig: readTextFile(o.kubeconfig, 'the kubeconfig'),
        sourcePath: resolve(o.kubeconfig),
      });
      c.print(r, () =>
        table(
          ['CONTEXT', 'SERVER', 'USER', 'AUTH', 'CURRENT'],
          r.contexts.map((k) => [
            k.name,
            k.server,
            k.user,
            k.authKind,
            k.name === r.currentContext ? 'yes' : '',
          ]),
        ),
      );
    });

  cluster
    .command('list')
    .description('list clusters')
    .action(async () => {
      const c = ctx();
      const { clusters } = await c.open().call('cluster.list', {});
      c.print(clusters, () =>
        clusters.length === 0
          ? 'No clusters yet. Add one: lifeboat cluster add NAME --kubeconfig FILE'
          : table(['NAME', 'CONTEXT', 'SERVER', 'AUTH', 'CREDENTIALS'], clusters.map(row)),
      );
    });

  cluster
    .command('test')
    .argument('<name>')
    .description('report server version, namespace access and the verbs Lifeboat needs')
    .action(async (name: string) => {
      const c = ctx();
      const { report } = await withVault(c, () => c.open().call('cluster.test', { name }));
      c.print(report, () => describeTest(report));
      if (!report.ok) c.exitCode = 1;
    });

  cluster
    .command('remove')
    .argument('<name>')
    .description('remove a cluster and its credentials')
    .action(async (name: string) => {
      const c = ctx();
      const r = await c.open().call('cluster.remove', { name });
      c.print(r, () => `Removed cluster ${name} and its credentials.`);
    });
}
