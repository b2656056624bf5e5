// Listing one directory of a restore point (the tree browser, `lifeboat points show`).
import type { PointEntry } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { parseScope } from '../estate/scope';
import type { Repository } from '../repository/repository';
import { nodeName, type TreeNode } from '../repository/tree';

/** Shows raw name bytes as text: UTF-8 as is, other bytes as \xNN. */
function display(n: TreeNode): string {
  if (n.name !== undefined) return n.name;
  return nodeName(n)
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function entryOf(n: TreeNode): PointEntry {
  return {
    name: display(n),
    ...(n.nameBase64 ? { nameBase64: n.nameBase64 } : {}),
    type: n.type,
    size: n.size,
    mode: n.mode,
    uid: n.uid,
    gid: n.gid,
    ...(n.user ? { user: n.user } : {}),
    ...(n.group ? { group: n.group } : {}),
    mtime: n.mtime,
    ...(n.linkTarget !== undefined ? { linkTarget: n.linkTarget } : {}),
    ...(n.linkTargetBase64 !== undefined
      ? { linkTarget: Buffer.from(n.linkTargetBase64, 'base64').toString('latin1') }
      : {}),
    ...(n.linkTo !== undefined ? { linkTarget: n.linkTo } : {}),
    ...(n.note ? { note: n.note } : {}),
  };
}

/** The entries of the directory at `path` ("" = the top, "etc/nginx" = below it; UTF-8 names). */
export async function browse(
  repo: Repository,
  rootTree: string,
  path: string,
  signal?: AbortSignal,
): Promise<PointEntry[]> {
  let tree = await repo.loadTree(rootTree, signal ? { signal } : {});
  for (const part of path.split('/').filter(Boolean)) {
    const dir = tree.nodes.find(
      (n) => n.name === part || (n.nameBase64 !== undefined && display(n) === part),
    );
    if (!dir?.subtree) {
      throw new LifeboatError('points.no_such_directory', `The restore point has no directory "${path}".`);
    }
    tree = await repo.loadTree(dir.subtree, signal ? { signal } : {});
  }
  return tree.nodes.map(entryOf);
}

/**
 * Of a server scope, the directory a point's top stands for, as components: the parent of the
 * scope's path (the point is `tar -C dirname(P) basename(P)`: its top holds one directory, the
 * scope's own), or [] for a scope of "/". Undefined for a cluster scope.
 */
function serverTop(scope: string): string[] | undefined {
  let parsed;
  try {
    parsed = parseScope(scope);
  } catch {
    return undefined;
  }
  if (parsed.kind !== 'server-path') return undefined;
  return parsed.path.split('/').filter(Boolean).slice(0, -1);
}

/**
 * A directory of a point as `browse` takes it ("" = the top, "nginx/conf.d" = below it). Of a
 * server scope, an absolute path on the server — as `plan --path` takes paths: /etc/nginx/conf.d
 * of server:web:/etc/nginx — is made relative to the point's top ("nginx/conf.d"); any other path
 * is read relative to the top, as before (a leading "/" ignored: "/nginx/conf.d").
 */
export function pointDirectory(scope: string, path: string): string {
  const parts = path.split('/').filter(Boolean);
  const top = serverTop(scope);
  if (top && path.startsWith('/') && top.every((t, i) => parts[i] === t)) {
    return parts.slice(top.length).join('/');
  }
  return parts.join('/');
}

/** Where a directory of a point (as `browse` takes it) is on the scope's server: "nginx/conf.d"
 * of server:web:/etc/nginx is /etc/nginx/conf.d; of a cluster scope, "/" and the path. */
export function pointDirectoryShown(scope: string, relative: string): string {
  return `/${[...(serverTop(scope) ?? []), ...relative.split('/').filter(Boolean)].join('/')}`;
}
