// File system errors of the local-folder backend as `repo.*` errors that name the folder and the
// object. Built on the location tester's classifyFsError; a full disk gets its own code.

import { isLifeboatError, LifeboatError } from '../../api/errors';
import { classifyFsError } from '../../connect/local';
import type { LocationOp } from '../../connect/local';

export function fsCode(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/** `root` is the repository folder, `key` the object the call was about. */
export function localError(err: unknown, root: string, op: LocationOp, key?: string): LifeboatError {
  if (isLifeboatError(err)) return err;
  const code = fsCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const why = code === 'EDQUOT' ? 'your disk quota is used up' : 'the disk is full';
    return new LifeboatError(
      'repo.no_space',
      `Cannot write ${key ?? 'to the repository'} in ${root}: ${why} (${code}). Free some space or use a larger disk; nothing was half-written.`,
    );
  }
  const classified = classifyFsError(err, root, op);
  return new LifeboatError(
    classified.code,
    key ? `${classified.message} (object ${key})` : classified.message,
  );
}

export function objectMissing(key: string, root: string): LifeboatError {
  return new LifeboatError('repo.object_missing', `${key} does not exist in ${root}.`, { key });
}

export function objectExists(key: string, root: string): LifeboatError {
  return new LifeboatError(
    'repo.object_exists',
    `${key} already exists in ${root}; repository objects are never overwritten.`,
    { key },
  );
}

export function unsafeLink(file: string, root: string): LifeboatError {
  return new LifeboatError(
    'repo.unsafe_link',
    `${file} is a symbolic link that leads outside the repository folder ${root}; Lifeboat does not follow it. Remove the link or move the data into the folder.`,
    { path: file },
  );
}

export function notAFile(file: string): LifeboatError {
  return new LifeboatError(
    'repo.error',
    `${file} should be a file of the repository but is something else (a folder?); move it away.`,
    { path: file },
  );
}

export function notAFolder(dir: string): LifeboatError {
  return new LifeboatError(
    'repo.error',
    `${dir} should be a folder of the repository but is something else (a file?); move it away.`,
    { path: dir },
  );
}
