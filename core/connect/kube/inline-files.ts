// Makes a cluster or user entry self-contained: files it refers to by path (CA, client certificate
// and key, token file) are read and put inline as *-data / token. Relative paths are resolved
// against the kubeconfig's folder, as kubectl does.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { badKubeconfig, fileUnreadable } from './kube-errors';
import { isRec, type Entry, type Rec } from './kubeconfig-model';

/** Certificates, keys and tokens are small; anything bigger is not one. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Path field → the inline field that replaces it. */
const CLUSTER_FILES = { 'certificate-authority': 'certificate-authority-data' } as const;
const USER_FILES = {
  'client-certificate': 'client-certificate-data',
  'client-key': 'client-key-data',
} as const;
const TOKEN_FILE_FIELDS = ['tokenFile', 'token-file'] as const;

interface Where {
  /** `cluster "prod"` / `user "admin"` — who refers to the file, for messages. */
  owner: string;
  sourcePath?: string;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ELOOP: 'too many symbolic links',
  ENOTDIR: 'a part of the path is not a folder',
};

function readReferenced(field: string, value: unknown, where: Where): Buffer {
  if (typeof value !== 'string' || value === '') {
    throw badKubeconfig(`${where.owner}: \`${field}\` must be a file path.`);
  }
  if (!isAbsolute(value) && !where.sourcePath) {
    throw fileUnreadable(
      `${where.owner}: ${field} is a relative path ("${value}") and the kubeconfig's location is not known; ` +
        'import the kubeconfig from its file, or make the path absolute.',
      { field, path: value },
    );
  }
  const path = where.sourcePath ? resolve(dirname(where.sourcePath), value) : value;
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw fileUnreadable(`${where.owner}: cannot read ${field} "${path}" (${REASONS[code] ?? code}).`, {
      field,
      path,
      ...(code ? { errno: code } : {}),
    });
  }
  if (data.length > MAX_FILE_BYTES) {
    throw fileUnreadable(`${where.owner}: ${field} "${path}" is larger than 1 MiB; is it the right file?`, {
      field,
      path,
    });
  }
  if (data.length === 0) {
    throw fileUnreadable(`${where.owner}: ${field} "${path}" is empty.`, { field, path });
  }
  return data;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function inlinePaths(body: Rec, fields: Record<string, string>, where: Where): Rec {
  const out: Rec = { ...body };
  for (const [pathField, dataField] of Object.entries(fields)) {
    if (!present(out[pathField])) continue;
    // Like kubectl: inline data wins over a path when both are given.
    if (!present(out[dataField])) {
      out[dataField] = readReferenced(pathField, out[pathField], where).toString('base64');
    }
    delete out[pathField];
  }
  return out;
}

export function inlineCluster(cluster: Entry, sourcePath?: string): Rec {
  const where = { owner: `cluster "${cluster.name}"`, ...(sourcePath ? { sourcePath } : {}) };
  return inlinePaths(cluster.body, CLUSTER_FILES, where);
}

/** kubectl runs an exec command given with a path separator relative to the kubeconfig's folder. */
function resolveExecCommand(exec: Rec, where: Where): Rec {
  const command = exec.command;
  if (typeof command !== 'string' || command === '') {
    throw badKubeconfig(`${where.owner}: the exec plugin has no command.`);
  }
  if (exec.env !== undefined && exec.env !== null && !Array.isArray(exec.env)) {
    throw badKubeconfig(`${where.owner}: the exec plugin's env must be a list of {name, value}.`);
  }
  if (exec.args !== undefined && exec.args !== null && !Array.isArray(exec.args)) {
    throw badKubeconfig(`${where.owner}: the exec plugin's args must be a list.`);
  }
  if (!where.sourcePath || isAbsolute(command) || !/[\\/]/.test(command)) return exec;
  return { ...exec, command: resolve(dirname(where.sourcePath), command) };
}

export function inlineUser(user: Entry, sourcePath?: string): Rec {
  const where = { owner: `user "${user.name}"`, ...(sourcePath ? { sourcePath } : {}) };
  const out = inlinePaths(user.body, USER_FILES, where);
  for (const field of TOKEN_FILE_FIELDS) {
    if (!present(out[field])) continue;
    // client-go: when both are set, the token file is what is used.
    const token = readReferenced(field, out[field], where).toString('utf8').trim();
    if (!token) throw fileUnreadable(`${where.owner}: ${field} holds no token.`, { field });
    out.token = token;
    delete out[field];
  }
  if (present(out['client-certificate-data']) !== present(out['client-key-data'])) {
    const has = present(out['client-certificate-data']) ? 'a client certificate' : 'a client key';
    const lacks = present(out['client-certificate-data']) ? 'client key' : 'client certificate';
    throw badKubeconfig(`${where.owner} has ${has} but no ${lacks}; both are needed.`);
  }
  if (out.exec !== undefined && out.exec !== null) {
    if (!isRec(out.exec)) throw badKubeconfig(`${where.owner}: \`exec\` must be a mapping.`);
    out.exec = resolveExecCommand(out.exec, where);
  }
  return out;
}
