import path from 'node:path';
import { LifeboatError } from '../../api/errors';

/**
 * Normalizes the folder of a local repository (a USB disk, a NAS mount): it must be an absolute
 * path; '.' and '..' are resolved lexically (no file system access, symlinks are kept) and a
 * trailing separator is dropped. Throws `repo.bad_location` naming what is wrong.
 */
export function normalizeLocalPath(p: string): string {
  if (typeof p !== 'string' || p.trim() === '') {
    throw new LifeboatError('repo.bad_location', 'The repository folder is empty; give an absolute path.');
  }
  if (p.includes('\0')) {
    throw new LifeboatError('repo.bad_location', 'The repository folder path contains a NUL character.');
  }
  if (!path.isAbsolute(p)) {
    throw new LifeboatError(
      'repo.bad_location',
      `The repository folder "${p}" is not an absolute path; give the full path (e.g. /mnt/backup/lifeboat).`,
    );
  }
  const normalized = path.resolve(p);
  const root = path.parse(normalized).root;
  return normalized.length > root.length ? normalized.replace(/[\\/]+$/, '') : normalized;
}
