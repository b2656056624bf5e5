// A restore point's tree as the files engine reads it. A point of a server path P is rooted the
// way `tar -C dirname(P) -- basename(P)` wrote it: the root tree holds ONE node named
// basename(P), and paths inside the scope are below it. A point of "/" is `tar -C / -- .`: its
// root tree lists the top-level names themselves and "/" has no node of its own.
import { posix } from 'node:path';
import { LifeboatError } from '../../api/errors';
import type { Repository } from '../../repository/repository';
import type { Snapshot } from '../../repository/snapshot';
import { nodeName, type TreeNode } from '../../repository/tree';
import { childKey, nameText, splitBytes, type Rel } from './paths';
import type { MatchState, SubsetMatcher } from './subset';

export interface PointItem {
  /** Relative to the scope's path. */
  rel: Rel;
  /** relKey(rel). */
  key: string;
  node: TreeNode;
  /** In the subset (matched, or below a matched directory); false: only an ancestor of such. */
  selected: boolean;
}

/** Trees kept decoded at once; a walk touches each directory once, so this only bounds memory. */
const cachedTrees = 4096;

/** Sibling directories whose listings are fetched while the walk is busy with the one before. */
const readAhead = 8;

export class PointTree {
  private trees = new Map<string, Promise<Map<string, TreeNode>>>();
  private readonly sig: { signal?: AbortSignal };
  /** The scope's own node; undefined for a point of "/". */
  private rootNode: TreeNode | undefined;
  private rootLoaded = false;

  constructor(
    readonly repo: Repository,
    readonly snapshot: Snapshot,
    readonly sourcePath: string,
    signal?: AbortSignal,
  ) {
    this.sig = signal ? { signal } : {};
  }

  children(treeId: string): Promise<Map<string, TreeNode>> {
    let m = this.trees.get(treeId);
    if (!m) {
      m = this.repo
        .loadTree(treeId, this.sig)
        .then((tree) => new Map(tree.nodes.map((n) => [nodeName(n).toString('latin1'), n])));
      if (this.trees.size >= cachedTrees) this.trees.clear();
      this.trees.set(treeId, m);
      // A failed load is not kept (a retry reads again); the caller sees the failure.
      m.catch(() => this.trees.delete(treeId));
    }
    return m;
  }

  /** Starts loading the listings of the next few directories a walk will enter. */
  private ahead(dirs: (string | undefined)[]): void {
    for (const id of dirs.slice(0, readAhead)) if (id) this.children(id).catch(() => {});
  }

  /** The scope's own node (undefined for "/", whose listing is the root tree itself). */
  async root(): Promise<TreeNode | undefined> {
    if (this.rootLoaded) return this.rootNode;
    if (this.sourcePath !== '/') {
      const name = posix.basename(this.sourcePath);
      const node = (await this.children(this.snapshot.tree)).get(Buffer.from(name).toString('latin1'));
      if (!node)
        throw new LifeboatError(
          'restore.point_mismatch',
          `The restore point holds no "${name}": it was not taken of ${this.sourcePath}.`,
        );
      this.rootNode = node;
    }
    this.rootLoaded = true;
    return this.rootNode;
  }

  /** The listing of the scope's root directory. */
  private async rootListing(): Promise<string | undefined> {
    if (this.sourcePath === '/') return this.snapshot.tree;
    const root = await this.root();
    return root?.type === 'dir' ? root.subtree : undefined;
  }

  /** The node at `rel` (relative to the scope), or undefined. */
  async find(rel: Rel): Promise<TreeNode | undefined> {
    if (rel.length === 0) return this.root();
    let listing = await this.rootListing();
    let node: TreeNode | undefined;
    for (const name of rel) {
      if (!listing) return undefined;
      node = (await this.children(listing)).get(name.toString('latin1'));
      listing = node?.type === 'dir' ? node.subtree : undefined;
    }
    return node;
  }

  /**
   * The nodes at many keys at once (relKey of paths relative to the scope), loading only the
   * directories on the way to them: one walk instead of one lookup from the root per path.
   */
  async nodesAt(keys: Iterable<string>): Promise<Map<string, TreeNode>> {
    const wanted = new Set<string>();
    const onTheWay = new Set<string>();
    for (const k of keys) {
      wanted.add(k);
      for (let i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) onTheWay.add(k.slice(0, i));
      if (k) onTheWay.add('');
    }
    const out = new Map<string, TreeNode>();
    const root = await this.root();
    if (root && wanted.has('')) out.set('', root);
    const visit = async (listing: string, key: string): Promise<void> => {
      const kids = [...(await this.children(listing)).values()].map((child) => ({
        child,
        k: childKey(key, nodeName(child)),
      }));
      for (const { child, k } of kids) if (wanted.has(k)) out.set(k, child);
      const into = kids.filter(({ child, k }) => child.type === 'dir' && child.subtree && onTheWay.has(k));
      for (const [i, { child, k }] of into.entries()) {
        if (i % readAhead === 0) this.ahead(into.slice(i, i + readAhead).map((c) => c.child.subtree));
        await visit(child.subtree!, k);
      }
    };
    const listing = await this.rootListing();
    if (listing && onTheWay.has('')) await visit(listing, '');
    return out;
  }

  /** A hardlink's first occurrence (its linkTo is relative to the snapshot's root tree) as a path
   * relative to the scope, or undefined when it lies outside it. */
  linkRel(node: TreeNode): Rel | undefined {
    const to =
      node.linkTo !== undefined ? Buffer.from(node.linkTo) : Buffer.from(node.linkToBase64 ?? '', 'base64');
    const parts = splitBytes(to);
    if (this.sourcePath === '/') return parts;
    if (!parts[0]?.equals(Buffer.from(posix.basename(this.sourcePath)))) return undefined;
    return parts.slice(1);
  }

  /** What a hardlink's content is: its first occurrence when that is a file, else undefined. */
  async linkTarget(node: TreeNode): Promise<{ rel: Rel; node: TreeNode } | undefined> {
    const rel = this.linkRel(node);
    if (!rel) return undefined;
    const target = await this.find(rel);
    return target?.type === 'file' ? { rel, node: target } : undefined;
  }

  /**
   * Every node the subset selects, with the ancestors that lead to them, parents first (names in
   * byte order). Descends only into directories the subset needs. Returns also which patterns
   * matched something. Stops once it has more than `limit` items (`truncated`: the list is cut).
   */
  async walk(
    matcher: SubsetMatcher | undefined,
    limit = Infinity,
  ): Promise<{ items: PointItem[]; matched: boolean[]; truncated: boolean }> {
    const matched = matcher ? matcher.patterns.map(() => false) : [];
    const out: PointItem[] = [];
    let truncated = false;
    const visit = async (
      node: TreeNode | undefined,
      listing: string | undefined,
      rel: Rel,
      key: string,
      state: MatchState,
      full: boolean,
    ) => {
      this.sig.signal?.throwIfAborted();
      if (out.length > limit) {
        truncated = true;
        return;
      }
      const hits = matcher ? matcher.matched(state) : [];
      for (const p of hits) matched[p] = true;
      const selected = full || !matcher || hits.length > 0;
      const at = out.length;
      if (node) out.push({ rel, key, node, selected });
      const descend = selected || (matcher?.alive(state) ?? false);
      if (listing && descend) {
        // Inside a selected directory everything counts; states still run to mark patterns.
        const kids = [...(await this.children(listing)).values()]
          .map((child) => {
            const name = nodeName(child);
            const next = matcher && state.length ? matcher.step(state, nameText(name)) : [];
            return { child, name, next };
          })
          .filter((k) => selected || k.next.length > 0);
        for (const [i, { child, name, next }] of kids.entries()) {
          if (i % readAhead === 0) this.ahead(kids.slice(i, i + readAhead).map((k) => k.child.subtree));
          const listing = child.type === 'dir' ? child.subtree : undefined;
          await visit(child, listing, [...rel, name], childKey(key, name), next, selected);
        }
      }
      if (!selected && node && out.length === at + 1) out.pop();
    };
    const root = await this.root();
    const start = matcher ? matcher.start() : [];
    await visit(root, await this.rootListing(), [], '', start, false);
    return { items: out, matched, truncated };
  }
}
