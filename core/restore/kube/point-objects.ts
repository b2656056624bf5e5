// The objects of a restore point, read from its tree (providers/native/kube/tree-layout.ts):
//   namespaces/<ns>/<group or "core">/<version>/<plural>/<name>.json
//   cluster/<group or "core">/<version>/<plural>/<name>.json
// The tree is walked once (directories only); an object's JSON is loaded when asked for, and
// validated — an object with apiVersion, kind and metadata.name, matching the place it is
// stored at — so a damaged or hostile point gives a reason to skip it, never a crash or a write
// somewhere else.
import { z } from 'zod';
import { isLifeboatError, LifeboatError } from '../../api/errors';
import type { KubeItem } from '../../providers/native/kube/clean/item';
import type { Repository, TreeNode } from '../../repository/repository';
import type { Snapshot } from '../../repository/snapshot';
import { nodeName } from '../../repository/tree';

export interface StoredEntry {
  group: string;
  version: string;
  plural: string;
  name: string;
  namespaced: boolean;
  /** Where it is in the point (messages). */
  path: string;
  node: TreeNode;
}

export type Loaded = { item: KubeItem } | { problem: string };

/** Larger than any object an API server stores (etcd's limit is 1.5 MiB; requests 3 MiB). */
const maxObjectBytes = 8 * 1024 * 1024;

const blobProblems = new Set(['repo.damaged_blob', 'repo.missing_blob', 'repo.damaged_pack']);

const objectShape = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1).max(253), namespace: z.string().optional() }),
});

const text = (n: TreeNode) => nodeName(n).toString('utf8');

export function apiVersionOf(e: Pick<StoredEntry, 'group' | 'version'>): string {
  return e.group ? `${e.group}/${e.version}` : e.version;
}

export class PointObjects {
  private readonly cache = new Map<StoredEntry, Promise<Loaded>>();
  private index: Map<string, StoredEntry[]> | undefined;

  private constructor(
    private readonly repo: Repository,
    readonly entries: readonly StoredEntry[],
    private readonly signal?: AbortSignal,
  ) {}

  /** Walks the point's tree: the source namespace's objects, then the cluster-scoped ones. */
  static async open(
    repo: Repository,
    snapshot: Snapshot,
    sourceNamespace: string,
    signal?: AbortSignal,
  ): Promise<PointObjects> {
    const opts = signal ? { signal } : {};
    const dir = async (id: string | undefined) => (id ? (await repo.loadTree(id, opts)).nodes : []);
    const child = (nodes: TreeNode[], name: string) =>
      nodes.find((n) => n.type === 'dir' && text(n) === name);
    const root = await dir(snapshot.tree);
    const namespaces = await dir(child(root, 'namespaces')?.subtree);
    const held = namespaces.map(text);
    if (held.length > 0 && !held.includes(sourceNamespace)) {
      throw new LifeboatError(
        'restore.point_mismatch',
        `The restore point holds namespace ${held.join(', ')}, not "${sourceNamespace}".`,
      );
    }
    const entries: StoredEntry[] = [];
    const walk = async (top: TreeNode | undefined, namespaced: boolean, prefix: string) => {
      for (const g of await dir(top?.subtree)) {
        for (const v of await dir(g.subtree)) {
          for (const p of await dir(v.subtree)) {
            for (const f of await dir(p.subtree)) {
              const file = text(f);
              const path = `${prefix}/${text(g)}/${text(v)}/${text(p)}/${file}`;
              if (f.type !== 'file' || !file.endsWith('.json')) continue;
              entries.push({
                group: text(g) === 'core' ? '' : text(g),
                version: text(v),
                plural: text(p),
                name: file.slice(0, -'.json'.length),
                namespaced,
                path,
                node: f,
              });
            }
          }
        }
      }
    };
    await walk(child(namespaces, sourceNamespace), true, `namespaces/${sourceNamespace}`);
    await walk(child(root, 'cluster'), false, 'cluster');
    // The Namespace itself (its labels and annotations) is not an object to restore: the
    // destination namespace is made from it when it does not exist (namespaceBody).
    const isNamespace = (e: StoredEntry) => !e.namespaced && e.group === '' && e.plural === 'namespaces';
    const own = entries.find((e) => isNamespace(e) && e.name === sourceNamespace);
    const point = new PointObjects(
      repo,
      entries.filter((e) => !isNamespace(e)),
      signal,
    );
    point.namespaceEntry = own;
    return point;
  }

  private namespaceEntry: StoredEntry | undefined;

  /**
   * The destination Namespace as a restore creates it: named for the destination, with the stored
   * Namespace's labels and annotations (Pod Security levels, sidecar injection, what network
   * policies select) when the point has it — older points do not; then a bare one.
   */
  async namespaceBody(dest: string): Promise<KubeItem> {
    const body: KubeItem = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: dest } };
    const stored = this.namespaceEntry ? await this.load(this.namespaceEntry) : undefined;
    if (!stored || !('item' in stored)) return body;
    const { labels, annotations } = stored.item.metadata as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    // The API server sets this one to the namespace's own name.
    const kept = Object.entries(labels ?? {}).filter(([k]) => k !== 'kubernetes.io/metadata.name');
    if (kept.length) body.metadata.labels = Object.fromEntries(kept);
    if (annotations && Object.keys(annotations).length) body.metadata.annotations = { ...annotations };
    return body;
  }

  /** The stored object at an entry, validated (memoised). */
  load(entry: StoredEntry): Promise<Loaded> {
    let p = this.cache.get(entry);
    if (!p) this.cache.set(entry, (p = this.read(entry)));
    return p;
  }

  /** Entries by place; `version` / `plural` undefined: any. */
  find(
    namespaced: boolean,
    group: string,
    version: string | undefined,
    plural: string | undefined,
    name: string,
  ): StoredEntry[] {
    if (!this.index) {
      this.index = new Map();
      for (const e of this.entries) {
        const k = `${e.namespaced}|${e.group}|${e.name}`;
        let list = this.index.get(k);
        if (!list) this.index.set(k, (list = []));
        list.push(e);
      }
    }
    return (this.index.get(`${namespaced}|${group}|${name}`) ?? []).filter(
      (e) =>
        (version === undefined || e.version === version) && (plural === undefined || e.plural === plural),
    );
  }

  private async read(entry: StoredEntry): Promise<Loaded> {
    if (entry.node.size > maxObjectBytes) return { problem: `larger than ${maxObjectBytes} bytes` };
    const opts = this.signal ? { signal: this.signal } : {};
    const parts: Buffer[] = [];
    try {
      for (const id of entry.node.content ?? []) parts.push(await this.repo.loadBlob('data', id, opts));
    } catch (e) {
      // A damaged or missing blob spoils this object only; a cancel or a dead backend stops all.
      if (this.signal?.aborted || !isLifeboatError(e) || !blobProblems.has(e.code)) throw e;
      return { problem: e.message };
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      return { problem: 'not valid JSON' };
    }
    const r = objectShape.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0];
      return {
        problem: `not a Kubernetes object (${issue ? `${issue.path.join('.') || 'the top'}: ${issue.message}` : 'bad shape'})`,
      };
    }
    const item = r.data as KubeItem;
    if (item.apiVersion !== apiVersionOf(entry))
      return {
        problem: `its apiVersion ${item.apiVersion} does not match its place (${apiVersionOf(entry)})`,
      };
    if (item.metadata.name !== entry.name)
      return { problem: `its name ${item.metadata.name} does not match its place (${entry.name})` };
    return { item };
  }
}
