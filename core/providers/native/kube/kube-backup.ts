// A restore point of a Kubernetes namespace (or of named objects in it), read through the API:
// discovery → list (or get) → clean (server-set fields, item actions) → the cluster-scoped
// objects they need (CRDs of custom resources, PVs of bound claims) → one data blob per object,
// one tree per directory → snapshot, written last. README.md describes the layout and the rules.
import type { BackupContext, BackupResult } from '../backup-result';
import { LifeboatError } from '../../../api/errors';
import { kubeConfigFrom } from '../../../connect/kube';
import { noopProgress } from '../../../jobs/progress';
import type { Repository } from '../../../repository/repository';
import { cleanItem } from './clean/clean-item';
import { isRec, type ItemRef, type KubeItem } from './clean/item';
import { getSelected, listNamespace, type CollectedItem } from './collect';
import { discoverTypes, resourcePath, type ResourceType } from './discovery';
import { KubeHttpError, kubeReader, KubeUnreachableError, type KubeReader } from './kube-reader';
import { objectJson } from './object-json';
import { objectPath, TreeLayout } from './tree-layout';

export interface KubeBackupInput {
  /** Minimal single-context kubeconfig (from the vault). */
  kubeconfig: string;
  /** The cluster entry's name (for the scope text). */
  cluster: string;
  namespace: string;
  /** Only these objects (KIND/NAME, KIND as the object's kind e.g. Deployment; with apiVersion, of
   * exactly that group — two groups may serve one kind); absent = the whole namespace. */
  resources?: { kind: string; name: string; apiVersion?: string }[];
  repo: Repository;
  system?: string;
  parent?: string;
  /** Stored in the snapshot (e.g. the safety point of a restore: `['safety', 'restore:<id>']`). */
  tags?: string[];
}

export type KubeBackupContext = BackupContext;
export type KubeBackupResult = BackupResult;

interface Stored {
  path: string[];
  json: Buffer;
}

const namespaceType = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace' };

const crdType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
};

function itemLabel(item: KubeItem): string {
  return `${item.kind}/${item.metadata.name}`;
}

function asLifeboatError(e: unknown, cluster: string): unknown {
  if (e instanceof KubeUnreachableError) {
    return new LifeboatError(
      'backup.cluster_unreachable',
      `Cluster "${cluster}" cannot be reached at ${e.server} (${e.why}). Is the API server up, or is a VPN needed?`,
    );
  }
  if (e instanceof KubeHttpError && e.status === 401) {
    return new LifeboatError(
      'backup.cluster_unauthorized',
      `Cluster "${cluster}" rejected the stored credentials (HTTP 401): they may have expired.`,
    );
  }
  if (e instanceof KubeHttpError) {
    return new LifeboatError(
      'backup.cluster_failed',
      `Cluster "${cluster}" answered ${e.path} with HTTP ${e.status}: ${e.message}`,
    );
  }
  return e;
}

/** A cluster-scoped object by name; undefined when it does not exist (404). */
async function getClusterObject(
  reader: KubeReader,
  t: { group: string; version: string; plural: string; kind: string },
  name: string,
): Promise<KubeItem | undefined> {
  const type: ResourceType = {
    ...t,
    apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
    namespaced: false,
  };
  try {
    const raw = await reader.get(resourcePath(type, undefined, name));
    if (!isRec(raw) || !isRec(raw.metadata)) return undefined;
    return { ...raw, apiVersion: type.apiVersion, kind: t.kind } as KubeItem;
  } catch (e) {
    if (e instanceof KubeHttpError && e.status === 404) return undefined;
    throw e;
  }
}

function scopeOf(input: KubeBackupInput): { scope: string; paths: string[] } {
  const base = `namespace/${input.namespace}`;
  if (!input.resources) return { scope: `cluster:${input.cluster}:${base}`, paths: [base] };
  const paths = input.resources.map((r) => `${base}/${r.kind}/${r.name}`);
  const scope = `cluster:${input.cluster}:${paths.join(',')}`;
  return {
    scope: scope.length <= 1000 ? scope : `cluster:${input.cluster}:${base} (${paths.length} resources)`,
    paths,
  };
}

export async function backupKubeScope(
  input: KubeBackupInput,
  ctx: KubeBackupContext = {},
): Promise<KubeBackupResult> {
  try {
    return await run(input, ctx);
  } catch (e) {
    throw asLifeboatError(e, input.cluster);
  }
}

async function run(input: KubeBackupInput, ctx: KubeBackupContext): Promise<KubeBackupResult> {
  const started = Date.now();
  const time = new Date(started).toISOString();
  const progress = ctx.progress ?? noopProgress;
  const signal = ctx.signal;
  const opts = signal ? { signal } : {};
  const notes: KubeBackupResult['notes'] = [];
  const fail = (item: string, message: string) => ctx.fail?.(item, message);
  const reader = kubeReader(kubeConfigFrom(input.kubeconfig), opts);

  progress.phase('discovering resource types');
  const discovery = await discoverTypes(reader);
  for (const f of discovery.failures) fail(f.groupVersion, `cannot read its resource types: ${f.message}`);
  // The Namespace itself: its labels and annotations (Pod Security levels, sidecar injection,
  // what network policies select) make the namespace a restore creates.
  let namespaceObject: KubeItem | undefined;
  let readable = true;
  try {
    namespaceObject = await getClusterObject(reader, namespaceType, input.namespace);
  } catch (e) {
    if (!(e instanceof KubeHttpError)) throw e;
    readable = false; // 403 on namespaces: go on, the lists will tell
  }
  if (readable && !namespaceObject)
    throw new LifeboatError(
      'backup.namespace_not_found',
      `Namespace "${input.namespace}" does not exist in cluster "${input.cluster}".`,
    );

  progress.phase('reading objects');
  const collected: CollectedItem[] = input.resources
    ? await getSelected(reader, discovery.types, input.namespace, input.resources, fail)
    : await listNamespace(reader, discovery.types, input.namespace, fail, signal);

  // Clean, and gather what the objects need from the cluster scope.
  const stored: Stored[] = [];
  const additional = new Map<string, ItemRef>();
  const customTypes = new Map<string, ResourceType>();
  for (const { type, item } of collected) {
    const cleaned = cleanItem(item, type.plural, type.group);
    for (const message of cleaned.notes) notes.push({ item: itemLabel(item), message });
    for (const ref of cleaned.additionalItems) additional.set(`${ref.plural}.${ref.group}/${ref.name}`, ref);
    if (mayHaveCrd(type.group)) customTypes.set(`${type.plural}.${type.group}`, type);
    stored.push({
      path: objectPath(type, item.metadata.name, input.namespace),
      json: objectJson(cleaned.item),
    });
  }

  progress.phase('reading cluster-scoped objects');
  // A whole namespace only: named objects (a safety point among them) go back into a namespace
  // that exists.
  if (namespaceObject && !input.resources)
    stored.push({
      path: objectPath(namespaceType, input.namespace),
      json: objectJson(cleanItem(namespaceObject, namespaceType.plural, namespaceType.group).item),
    });
  // A CRD for every type of a stored object that one defines (built-in and aggregated types have none: 404).
  for (const name of customTypes.keys()) {
    signal?.throwIfAborted();
    try {
      const crd = await getClusterObject(reader, crdType, name);
      if (crd)
        stored.push({
          path: objectPath(crdType, name),
          json: objectJson(cleanItem(crd, crdType.plural, crdType.group).item),
        });
    } catch (e) {
      if (!(e instanceof KubeHttpError)) throw e;
      // Credentials limited to the namespace may not read CRDs: the objects are all stored; only a
      // restore into a cluster without the CRD will lack its definition.
      if (e.status === 403)
        notes.push({
          item: `CustomResourceDefinition/${name}`,
          message: `not recorded: these credentials may not read CRDs (HTTP 403); a cluster restored into must define ${name} itself`,
        });
      else fail(`CustomResourceDefinition/${name}`, `${e.message} (HTTP ${e.status})`);
    }
  }
  for (const ref of additional.values()) {
    signal?.throwIfAborted();
    const label = `${ref.kind}/${ref.name}`;
    try {
      const obj = await getClusterObject(reader, ref, ref.name);
      if (!obj) {
        fail(label, `not found (${ref.why})`);
        continue;
      }
      stored.push({
        path: objectPath(ref, ref.name),
        json: objectJson(cleanItem(obj, ref.plural, ref.group).item),
      });
    } catch (e) {
      if (!(e instanceof KubeHttpError)) throw e;
      fail(label, `${e.message} (HTTP ${e.status})`);
    }
  }

  progress.total({ items: stored.length, bytes: stored.reduce((n, s) => n + s.json.length, 0) });
  progress.phase('storing objects');
  const before = { ...input.repo.stats };
  const layout = new TreeLayout();
  let bytes = 0;
  let newBytes = 0;
  for (const s of stored) {
    const content: string[] = [];
    for await (const chunk of input.repo.chunk([s.json], opts)) {
      const saved = await input.repo.saveBlob('data', chunk, opts);
      content.push(saved.id);
      if (saved.stored) newBytes += chunk.length;
    }
    layout.add(s.path, { content, size: s.json.length });
    bytes += s.json.length;
    progress.add({ items: 1, bytes: s.json.length });
  }

  progress.phase('writing the restore point');
  const tree = await layout.save(input.repo, time, signal);
  await input.repo.flush(opts);
  const stats = {
    files: stored.length,
    dirs: tree.dirs,
    bytes,
    newBytes,
    blobsNew: input.repo.stats.blobsStored - before.blobsStored,
    bytesNew: input.repo.stats.bytesWritten - before.bytesWritten,
    durationMs: Date.now() - started,
  };
  const { scope, paths } = scopeOf(input);
  const snapshotId = await input.repo.saveSnapshot(
    {
      time,
      scope,
      cluster: input.cluster,
      ...(input.system ? { system: input.system } : {}),
      paths,
      tree: tree.root,
      stats,
      ...(input.parent ? { parent: input.parent } : {}),
      ...(input.tags?.length ? { tags: input.tags } : {}),
    },
    opts,
  );
  return { snapshotId, stats, notes };
}

/** Built-in API groups named like CRD groups (with a dot): they are served, never defined by a CRD. */
const builtinGroups = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
  'metrics.k8s.io',
]);

/** Whether objects of this group may be defined by a CRD (whose group always holds a dot). */
function mayHaveCrd(group: string): boolean {
  return group.includes('.') && !builtinGroups.has(group);
}
