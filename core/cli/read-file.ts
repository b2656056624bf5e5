import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { LifeboatError } from '../api/errors';

export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new LifeboatError('cli.file_unreadable', `Cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** Writes beside the target, then renames: a crash never leaves half a file. */
export function writeTextFile(path: string, content: string, mode = 0o600): void {
  const tmp = `${resolve(path)}.lifeboat-tmp-${process.pid}`;
  try {
    writeFileSync(tmp, content, { mode });
    renameSync(tmp, path);
  } catch (e) {
    throw new LifeboatError('cli.file_unwritable', `Cannot write ${path}: ${(e as Error).message}`);
  }
}
