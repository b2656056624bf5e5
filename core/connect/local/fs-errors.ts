// Maps file system errors met while testing a local repository folder to `repo.*` codes.

import { isLifeboatError } from '../../api/errors';
import type { ClassifiedError, LocationOp } from './location-report';

const VERB: Record<LocationOp, string> = {
  list: 'list',
  write: 'write a file in',
  read: 'read a file in',
  delete: 'delete a file in',
};

const FATAL_CODES = new Set(['repo.not_found', 'repo.not_a_directory', 'repo.unreachable']);

/** `folder` is the repository folder; `op` the check that failed. */
export function classifyFsError(err: unknown, folder: string, op: LocationOp): ClassifiedError {
  if (isLifeboatError(err)) return { code: err.code, message: err.message, fatal: FATAL_CODES.has(err.code) };
  const code = (err as { code?: unknown } | null)?.code;
  const verb = VERB[op];
  switch (code) {
    case 'ENOENT':
      return {
        code: 'repo.not_found',
        message: `The folder ${folder} does not exist; create it or check the mount.`,
        fatal: true,
      };
    case 'ENOTDIR':
      return {
        code: 'repo.not_a_directory',
        message: `${folder} is not a folder: part of that path is a file.`,
        fatal: true,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'repo.access_denied',
        message: `Permission denied: Lifeboat may not ${verb} ${folder} (${code}); check the folder's owner and mode.`,
        fatal: false,
      };
    case 'EROFS':
      return {
        code: 'repo.access_denied',
        message: `Cannot ${verb} ${folder}: the file system is mounted read-only (EROFS).`,
        fatal: false,
      };
    case 'ENOSPC':
    case 'EDQUOT':
      return {
        code: 'repo.error',
        message: `Cannot ${verb} ${folder}: no space left (${code}).`,
        fatal: false,
      };
    case 'EIO':
      return {
        code: 'repo.error',
        message: `I/O error while trying to ${verb} ${folder}; the disk may be failing or was disconnected.`,
        fatal: true,
      };
    case 'ESTALE':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'ENODEV':
    case 'ENXIO':
      return {
        code: 'repo.unreachable',
        message: `The mount holding ${folder} is gone (${code}); reconnect the disk or remount the share.`,
        fatal: true,
      };
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return { code: 'repo.error', message: `Could not ${verb} ${folder}: ${detail}`, fatal: false };
    }
  }
}
