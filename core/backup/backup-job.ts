// `backup.start`: one job per scope of a system. Each job opens the system's repository, takes
// the restore point with the scope's provider, then records it in the catalog with what
// changed since the previous point of that scope.
import type { JobView, ScopeView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Services } from '../api/handlers/types';
import { parseScope } from '../estate/scope';
import type { JobContext } from '../jobs/runner';
import { clusterKubeconfig } from '../estate/clusters';
import { backupKubeScope } from '../providers/native/kube';
import { backupServerPath } from '../providers/native/server-backup';
import type { Repository } from '../repository/repository';
import { openRepo } from './open-repository';
import { diffTrees } from './tree-diff';

export function startBackups(
  s: Services,
  system: string,
  scope?: string,
  opts: { reread?: boolean | undefined } = {},
): JobView[] {
  const sys = s.estate.systems.get(system);
  s.vault.requireUnlocked(); // the jobs need the repository passphrase: ask now, not halfway
  let scopes = sys.scopes;
  if (scope) {
    const wanted = parseScope(scope).text;
    scopes = sys.scopes.filter((x) => x.text === wanted);
    if (!scopes.length) {
      throw new LifeboatError(
        'backup.unknown_scope',
        `System "${system}" has no scope ${wanted}; its scopes are ${sys.scopes.map((x) => x.text).join(', ')}.`,
      );
    }
  }
  return scopes.map((x) =>
    s.jobs.start({
      kind: 'backup',
      title: `Back up ${x.text}`,
      actor: s.actor,
      run: (ctx) => backupScope(s, system, sys.repository, x, ctx, opts.reread === true),
    }),
  );
}

async function takePoint(
  s: Services,
  repo: Repository,
  system: string,
  scope: ScopeView,
  parent: string | undefined,
  ctx: JobContext,
  reread: boolean,
) {
  if (scope.kind !== 'server-path') {
    const cluster = s.estate.ctx.clusters.get(scope.cluster).spec;
    return backupKubeScope(
      {
        kubeconfig: clusterKubeconfig(s.estate.ctx, cluster),
        cluster: scope.cluster,
        namespace: scope.namespace,
        ...(scope.kind === 'cluster-resource'
          ? { resources: [{ kind: scope.resourceKind, name: scope.resourceName }] }
          : {}),
        repo,
        system,
        ...(parent ? { parent } : {}),
      },
      ctx,
    );
  }
  const server = s.estate.ctx.servers.get(scope.server).spec;
  const session = await s.estate.servers.connect(scope.server, ctx.signal);
  try {
    return await backupServerPath(
      {
        session,
        server: scope.server,
        path: scope.path,
        sudo: server.sudo,
        repo,
        system,
        ...(parent ? { parent } : {}),
        reread,
      },
      ctx,
    );
  } finally {
    session.close();
  }
}

async function backupScope(
  s: Services,
  system: string,
  repository: string,
  scope: ScopeView,
  ctx: JobContext,
  reread: boolean,
) {
  ctx.progress.phase('opening the repository');
  const repo = await openRepo(s.estate.ctx, repository, ctx.signal);
  const previous = s.points.list({ scope: scope.text, repository, kind: 'backup', limit: 1 })[0];
  const result = await takePoint(s, repo, system, scope, previous?.id, ctx, reread);
  ctx.progress.phase('comparing with the previous restore point');
  const snapshot = await repo.loadSnapshot(result.snapshotId);
  let changes;
  if (previous) {
    try {
      const before = await repo.loadSnapshot(previous.id);
      changes = await diffTrees(repo, before.tree, snapshot.tree, ctx.signal);
    } catch {
      changes = undefined; // the previous point is gone or damaged: no comparison, not a failure
    }
  }
  s.points.record({
    id: result.snapshotId,
    repository,
    repositoryId: repo.id,
    snapshot,
    ...(changes ? { changes } : {}),
  });
  s.journal.append({
    actor: s.actor,
    action: 'point.recorded',
    subject: result.snapshotId,
    details: {
      system,
      scope: scope.text,
      repository,
      files: result.stats.files,
      bytes: result.stats.bytes,
      ...(changes ?? {}),
    },
  });
  return {
    summary: {
      pointId: result.snapshotId,
      scope: scope.text,
      files: result.stats.files,
      bytes: result.stats.bytes,
      bytesNew: result.stats.bytesNew,
      ...(result.stats.bytesRead !== undefined ? { bytesRead: result.stats.bytesRead } : {}),
      durationMs: result.stats.durationMs,
      ...(changes ? { changes } : {}),
      // Recorded and skipped (sockets, files that changed while read): said, but not failures.
      ...(result.notes.length ? { notes: result.notes.slice(0, 100), notesTotal: result.notes.length } : {}),
    },
  };
}
