// From scopes to an engine: where a restore reads from and writes to, opened (an SSH session to
// the destination server, or the destination cluster's kubeconfig), with one plan/apply pair
// over the two engines so the hub never branches on the kind again.
import type { FileChange, ObjectChange, Preview, ScopeView, SystemView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Services } from '../api/handlers/types';
import { clusterKubeconfig } from '../estate/clusters';
import { parseScope } from '../estate/scope';
import type { Repository } from '../repository/repository';
import type { Snapshot } from '../repository/snapshot';
import type { ApplyContext, FilesTarget, ObjectsTarget } from './engine';
import { filesEngine } from './files';
import { objectsEngine } from './kube';

export interface Scopes {
  source: ScopeView;
  dest: ScopeView;
  inPlace: boolean;
  /** The system whose scope the source is, if any (owner, RPO, name of the safety point). */
  system?: SystemView;
}

/** What the operator chose beyond the scopes; kept in the plan so execute re-plans the same. */
export interface Choice {
  paths?: string[];
  resources?: string[];
  selector?: string;
  deleteExtra: boolean;
  conflict: 'update' | 'skip';
  /** Undo: what the undone restore created, to delete. */
  alsoDelete?: FileChange[] | ObjectChange[];
}

export type Opened =
  | { kind: 'files'; target: FilesTarget; close(): void }
  | { kind: 'objects'; target: ObjectsTarget; close(): void };

export function resolveScopes(s: Services, scope: string, to?: string): Scopes {
  const source = parseScope(scope);
  // In place, the object of a one-object scope goes back into its namespace.
  const dest = to
    ? parseScope(to)
    : source.kind === 'cluster-resource'
      ? parseScope(`cluster:${source.cluster}:namespace/${source.namespace}`)
      : source;
  if ((source.kind === 'server-path') !== (dest.kind === 'server-path'))
    throw new LifeboatError(
      'restore.bad_destination',
      `Cannot restore ${source.text} into ${dest.text}: files go to a server path, objects to a namespace.`,
    );
  if (dest.kind === 'cluster-resource')
    throw new LifeboatError(
      'restore.bad_destination',
      `Restore into a namespace (cluster:NAME:namespace/NS), not into one object (${dest.text}).`,
    );
  if (source.kind === 'server-path') s.estate.ctx.servers.get(source.server);
  else s.estate.ctx.clusters.get(source.cluster);
  if (dest.kind === 'server-path') s.estate.ctx.servers.get(dest.server);
  else s.estate.ctx.clusters.get(dest.cluster);
  const inPlace =
    source.kind === 'server-path' && dest.kind === 'server-path'
      ? source.server === dest.server && source.path === dest.path
      : source.kind !== 'server-path' &&
        dest.kind !== 'server-path' &&
        source.cluster === dest.cluster &&
        source.namespace === dest.namespace;
  const system = s.estate.systems.list().find((x) => x.scopes.some((sc) => sc.text === source.text));
  return { source, dest, inPlace, ...(system ? { system } : {}) };
}

/** Opens the destination for the engine. Call close() when done. */
export async function openTarget(
  s: Services,
  scopes: Scopes,
  repo: Repository,
  snapshot: Snapshot,
  conflict: 'update' | 'skip',
  signal?: AbortSignal,
): Promise<Opened> {
  const { source, dest } = scopes;
  if (source.kind === 'server-path' && dest.kind === 'server-path') {
    const spec = s.estate.ctx.servers.get(dest.server).spec;
    const session = await s.estate.servers.connect(dest.server, signal);
    return {
      kind: 'files',
      target: {
        repo,
        snapshot,
        sourcePath: source.path,
        session,
        server: dest.server,
        sudo: spec.sudo,
        destPath: dest.path,
      },
      close: () => session.close(),
    };
  }
  if (source.kind === 'server-path' || dest.kind === 'server-path')
    throw new Error('unreachable: kinds checked');
  const cluster = s.estate.ctx.clusters.get(dest.cluster).spec;
  return {
    kind: 'objects',
    target: {
      repo,
      snapshot,
      kubeconfig: clusterKubeconfig(s.estate.ctx, cluster),
      cluster: dest.cluster,
      sourceNamespace: source.namespace,
      destNamespace: dest.namespace,
      conflict,
    },
    close: () => {},
  };
}

/** The source scope's own subset: a resource scope restores its one object unless told otherwise. */
function resourcesOf(scopes: Scopes, choice: Choice): string[] | undefined {
  if (choice.resources) return choice.resources;
  const src = scopes.source;
  return src.kind === 'cluster-resource' ? [`${src.resourceKind}/${src.resourceName}`] : undefined;
}

export function checkSubset(scopes: Scopes, choice: Choice): void {
  const files = scopes.source.kind === 'server-path';
  if (files && (choice.resources || choice.selector))
    throw new LifeboatError(
      'restore.bad_subset',
      `${scopes.source.text} holds files: choose them with paths, not resources or a selector.`,
    );
  if (!files && choice.paths)
    throw new LifeboatError(
      'restore.bad_subset',
      `${scopes.source.text} holds Kubernetes objects: choose them with KIND/NAME or a selector, not paths.`,
    );
}

export function planWith(
  opened: Opened,
  scopes: Scopes,
  choice: Choice,
  signal?: AbortSignal,
): Promise<Preview> {
  const sig = signal ? { signal } : {};
  if (opened.kind === 'files')
    return filesEngine.plan({
      ...opened.target,
      ...(choice.paths ? { subset: choice.paths } : {}),
      deleteExtra: choice.deleteExtra,
      ...(choice.alsoDelete ? { alsoDelete: choice.alsoDelete as FileChange[] } : {}),
      ...sig,
    });
  const resources = resourcesOf(scopes, choice);
  return objectsEngine.plan({
    ...opened.target,
    ...(resources ? { resources } : {}),
    ...(choice.selector ? { selector: choice.selector } : {}),
    ...(choice.alsoDelete ? { alsoDelete: choice.alsoDelete as ObjectChange[] } : {}),
    ...sig,
  });
}

export function applyWith(opened: Opened, preview: Preview, ctx: ApplyContext): Promise<{ bytes: number }> {
  if (opened.kind === 'files' && preview.kind === 'files')
    return filesEngine.apply(opened.target, preview, ctx);
  if (opened.kind === 'objects' && preview.kind === 'objects')
    return objectsEngine.apply(opened.target, preview, ctx);
  throw new LifeboatError('restore.bad_plan', 'The plan does not match its destination; plan again.');
}
