// Trees read in one repository session, least recently used first, bounded by their plaintext
// bytes. Trees are content-addressed, so a cached one is the stored one: a plan and its apply,
// or a walk and a diff, read each tree once. Verification bypasses it (it must read storage).
import type { Tree } from './tree';

/** Plaintext bytes kept per session (a tree's decoded form is a few times larger). */
const defaultBudget = 8 * 1024 * 1024;

export class TreeCache {
  private readonly trees = new Map<string, { tree: Tree; bytes: number }>();
  private bytes = 0;

  constructor(private readonly budget = defaultBudget) {}

  get(id: string): Tree | undefined {
    const hit = this.trees.get(id);
    if (!hit) return undefined;
    this.trees.delete(id); // most recently used last
    this.trees.set(id, hit);
    return hit.tree;
  }

  set(id: string, tree: Tree, bytes: number): void {
    if (this.trees.has(id)) return;
    this.trees.set(id, { tree, bytes });
    this.bytes += bytes;
    for (const [old, entry] of this.trees) {
      if (this.bytes <= this.budget) break;
      this.trees.delete(old);
      this.bytes -= entry.bytes;
    }
  }
}
