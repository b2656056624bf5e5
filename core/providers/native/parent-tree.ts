// The parent restore point's nodes, looked up by path while a new backup walks the same tree in
// depth-first order: only the parent's directories on the current path are loaded (each once,
// through the repository's tree cache), so memory follows the depth, not the size, of the tree.
import type { Repository, TreeNode } from '../../repository/repository';
import { nodeName } from '../../repository/tree';

interface Level {
  /** The directory's path, relative to the snapshot root ('' for the root). */
  path: string;
  /** Its nodes by name (latin1 of the bytes); undefined when the parent has no such directory. */
  nodes?: Map<string, TreeNode>;
}

export class ParentTree {
  private readonly levels: Level[] = [{ path: '' }];
  private rootLoaded = false;

  constructor(
    private readonly repo: Repository,
    private readonly rootId: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** The parent's node at `path` (raw bytes, relative, as tar names it), if it has one. */
  async at(path: Buffer): Promise<TreeNode | undefined> {
    const i = path.lastIndexOf(0x2f);
    const dir = i < 0 ? '' : path.subarray(0, i).toString('latin1');
    const name = path.subarray(i + 1).toString('latin1');
    const level = await this.levelOf(dir);
    return level.nodes?.get(name);
  }

  private async load(id: string | undefined): Promise<Map<string, TreeNode> | undefined> {
    if (!id) return undefined;
    const tree = await this.repo.loadTree(id, this.signal ? { signal: this.signal } : {});
    return new Map(tree.nodes.map((n) => [nodeName(n).toString('latin1'), n]));
  }

  private async levelOf(dir: string): Promise<Level> {
    if (!this.rootLoaded) {
      this.rootLoaded = true;
      (this.levels[0] as Level).nodes = await this.load(this.rootId);
    }
    // Leave the directories the walk has finished with (the walk never comes back to them).
    const within = (l: Level) => l.path === '' || dir === l.path || dir.startsWith(`${l.path}/`);
    while (this.levels.length > 1 && !within(this.levels[this.levels.length - 1] as Level)) this.levels.pop();
    let top = this.levels[this.levels.length - 1] as Level;
    while (top.path !== dir) {
      const rest = top.path === '' ? dir : dir.slice(top.path.length + 1);
      const name = rest.split('/')[0] as string;
      const node = top.nodes?.get(name);
      const path = top.path === '' ? name : `${top.path}/${name}`;
      top = { path, nodes: node?.type === 'dir' ? await this.load(node.subtree) : undefined };
      this.levels.push(top);
    }
    return top;
  }
}
