// The journal's head (last seq and hash) kept outside the SQLite file, in `journal-head` beside
// the catalog. The chain alone cannot reveal that the LAST entries were deleted (what is left is
// still a valid chain); a second witness of where the journal ended can. It is written after
// every append, atomically (temp file, fsync, rename), so a reader sees the old head or the new
// one, never half a file.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Db } from '../catalog/catalog';

export const headFileName = 'journal-head';

const HeadFile = z.object({
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
});
export type JournalHead = z.infer<typeof HeadFile>;

export type HeadRead =
  { state: 'present'; head: JournalHead } | { state: 'missing' } | { state: 'unreadable'; why: string };

/** Where the head of the journal in `db` is kept; undefined for an in-memory database. */
export function defaultHeadPath(db: Db): string | undefined {
  // The head belongs with the catalog it anchors, so it sits in the same folder.
  if (db.memory || db.name === '' || db.name === ':memory:') return undefined;
  return join(dirname(db.name), headFileName);
}

export function readHead(path: string): HeadRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'unreadable', why: (e as Error).message };
  }
  try {
    const parsed = HeadFile.safeParse(JSON.parse(text));
    if (parsed.success) return { state: 'present', head: parsed.data };
    return { state: 'unreadable', why: 'it does not hold a seq and a 64-digit hash' };
  } catch {
    return { state: 'unreadable', why: 'it is not JSON' };
  }
}

/**
 * Moves the head file forward to `next`, but only along the chain it witnessed: when the entry it
 * names is gone or has another hash in the table (someone deleted or rewrote entries), it is left
 * as it is, so later appends cannot paper over the evidence — verify keeps reporting it until a
 * person moves the file aside. It also keeps a later head: two processes sharing a catalog append
 * in turn but may get here out of order.
 */
export function advanceHead(
  path: string,
  next: JournalHead,
  hashAt: (seq: number) => string | undefined,
): void {
  const current = readHead(path);
  if (current.state === 'unreadable') return;
  if (current.state === 'present') {
    if (current.head.seq >= next.seq) return;
    if (hashAt(current.head.seq) !== current.head.hash) return;
  }
  const tmp = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ seq: next.seq, hash: next.hash, at: next.at })}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
