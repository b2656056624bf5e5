// Whole reads of the objects a repository reads in full — key files, config, index files and
// snapshots — each with the largest size its kind may have (FORMAT.md, "Size limits"). Storage
// that anyone can write to may hold a huge object under such a name; it is refused by its size,
// before it is held in memory, and the caller reports it as that kind's damage.
import { isLifeboatError } from '../api/errors';
import type { Backend } from './backend/backend';

export type CappedRead = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** The object's bytes, or why it is refused (`reason` reads as "… is damaged: <reason>"). */
export async function readCapped(
  backend: Backend,
  key: string,
  maxBytes: number,
  opts: { signal?: AbortSignal } = {},
): Promise<CappedRead> {
  try {
    return { ok: true, bytes: await backend.get(key, undefined, { ...opts, maxBytes }) };
  } catch (e) {
    if (!isLifeboatError(e) || e.code !== 'repo.object_too_large') throw e;
    return { ok: false, reason: tooLargeReason(maxBytes) };
  }
}

export function tooLargeReason(maxBytes: number): string {
  return `larger than the ${maxBytes} bytes it may have`;
}
