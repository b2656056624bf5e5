// What changed between two restore points of a scope: files added, changed and removed.
// Unchanged directories have the same tree id and are skipped without reading them, so the
// cost follows the size of the change, not of the tree.
import type { Repository } from '../repository/repository';
import { nodeName, type TreeNode } from '../repository/tree';

export interface TreeChanges {
  added: number;
  changed: number;
  removed: number;
}

const same = (a: TreeNode, b: TreeNode) =>
  a.type === b.type &&
  a.size === b.size &&
  a.mode === b.mode &&
  a.uid === b.uid &&
  a.gid === b.gid &&
  a.mtime === b.mtime &&
  (a.content ?? []).join() === (b.content ?? []).join() &&
  a.linkTarget === b.linkTarget &&
  a.linkTargetBase64 === b.linkTargetBase64;

export async function diffTrees(
  repo: Repository,
  before: string | undefined,
  after: string | undefined,
  signal?: AbortSignal,
): Promise<TreeChanges> {
  const out: TreeChanges = { added: 0, changed: 0, removed: 0 };
  const count = async (id: string, field: 'added' | 'removed') => {
    for (const n of (await repo.loadTree(id, signal ? { signal } : {})).nodes) {
      if (n.subtree) await count(n.subtree, field);
      else out[field]++;
    }
  };
  const walk = async (a: string | undefined, b: string | undefined) => {
    if (a === b) return;
    if (!a) return b && count(b, 'added');
    if (!b) return count(a, 'removed');
    const left = new Map((await repo.loadTree(a)).nodes.map((n) => [nodeName(n).toString('latin1'), n]));
    for (const n of (await repo.loadTree(b)).nodes) {
      const key = nodeName(n).toString('latin1');
      const old = left.get(key);
      left.delete(key);
      if (n.type === 'dir' || old?.type === 'dir') {
        if (old?.type === 'dir' && n.type === 'dir') await walk(old.subtree, n.subtree);
        else {
          if (old) await (old.subtree ? count(old.subtree, 'removed') : out.removed++);
          await (n.subtree ? count(n.subtree, 'added') : out.added++);
        }
      } else if (!old) out.added++;
      else if (!same(old, n)) out.changed++;
    }
    for (const old of left.values()) await (old.subtree ? count(old.subtree, 'removed') : out.removed++);
  };
  await walk(before, after);
  return out;
}
