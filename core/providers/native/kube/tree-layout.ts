// The snapshot tree of a Kubernetes restore point (README.md): objects are files at
//   namespaces/<ns>/<group or "core">/<version>/<plural>/<name>.json
//   cluster/<group or "core">/<version>/<plural>/<name>.json
// Directories are collected in memory (a namespace's objects, not their content) and saved
// bottom-up, one tree blob per directory. Files 0600, directories 0700, owner 0:0, mtime = the
// backup's time.
import type { Repository } from '../../../repository/repository';
import { nameFields, type TreeNode } from '../../../repository/tree';

export const fileMode = 0o600;
export const dirMode = 0o700;

export interface StoredFile {
  content: string[];
  size: number;
}

interface Dir {
  dirs: Map<string, Dir>;
  files: Map<string, StoredFile>;
}

const newDir = (): Dir => ({ dirs: new Map(), files: new Map() });

/** Path components of a stored object. */
export function objectPath(
  t: { group: string; version: string; plural: string },
  name: string,
  namespace?: string,
): string[] {
  const where = namespace === undefined ? ['cluster'] : ['namespaces', namespace];
  return [...where, t.group || 'core', t.version, t.plural, `${name}.json`];
}

export class TreeLayout {
  private readonly root = newDir();

  add(path: readonly string[], file: StoredFile): void {
    let dir = this.root;
    for (const part of path.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) dir.dirs.set(part, (next = newDir()));
      dir = next;
    }
    dir.files.set(path[path.length - 1]!, file);
  }

  /** Saves every directory's tree (children first); the root tree id and the directory count. */
  async save(repo: Repository, mtime: string, signal?: AbortSignal): Promise<{ root: string; dirs: number }> {
    let dirs = 0;
    const opts = signal ? { signal } : {};
    const base = { mode: 0, uid: 0, gid: 0, mtime, size: 0 };
    const saveDir = async (dir: Dir): Promise<string> => {
      const nodes: TreeNode[] = [];
      for (const [name, child] of dir.dirs) {
        const subtree = await saveDir(child);
        dirs++;
        nodes.push({ ...nameFields(Buffer.from(name)), ...base, type: 'dir', mode: dirMode, subtree });
      }
      for (const [name, f] of dir.files) {
        nodes.push({
          ...nameFields(Buffer.from(name)),
          ...base,
          type: 'file',
          mode: fileMode,
          size: f.size,
          content: f.content,
        });
      }
      return repo.saveTree({ nodes }, opts);
    };
    const root = await saveDir(this.root);
    return { root, dirs };
  }
}
