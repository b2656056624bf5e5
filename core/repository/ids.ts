// Object ids and the keys objects live under (see FORMAT.md, "Layout"). Every id is 64 lowercase
// hex digits of a SHA-256: of the plaintext for blobs, of the stored bytes for every file.
import { createHash, webcrypto } from 'node:crypto';
import { z } from 'zod';

/** The two kinds of blob: file content chunks and directory listings. */
export type BlobType = 'data' | 'tree';
export const blobTypes: readonly BlobType[] = ['data', 'tree'];

export const idPattern = /^[0-9a-f]{64}$/;
export const idSchema = z.string().regex(idPattern, 'expected 64 lowercase hex digits (a SHA-256)');

/** idPattern's test, by hand: it runs for every blob of every index a repository opens with. */
export function isId(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * From this size on, `sha256HexAsync` hashes on libuv's thread pool (WebCrypto). Measured per call
 * on the calling thread: 64 KiB 38 µs at once vs 20 µs to hand over (WebCrypto copies the data),
 * 128 KiB 75 vs 28, 1 MiB 575 vs 125; the copy costs the process ~30 % more CPU in all, so the
 * thread is freed only where it gains most.
 */
const asyncHashBytes = 128 * 1024;

/**
 * `sha256Hex`, for large data on libuv's thread pool so that the calling thread goes on meanwhile
 * (several hash in parallel); small data is hashed at once.
 */
export async function sha256HexAsync(data: Buffer): Promise<string> {
  if (data.length < asyncHashBytes) return sha256Hex(data);
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

/** A short form for messages: the first 12 hex digits, as restic prints them. */
export function shortId(id: string): string {
  return id.slice(0, 12);
}

export const configKey = 'config';
export const keyFileKey = (id: string): string => `keys/${id}`;
export const indexKey = (id: string): string => `index/${id}`;
export const snapshotKey = (id: string): string => `snapshots/${id}`;
export const packKey = (id: string): string => `packs/${id.slice(0, 2)}/${id}`;

/** The id at the end of a listed key ("snapshots/<id>", "packs/ab/<id>"), or undefined if it is not one. */
export function idOfKey(key: string): string | undefined {
  const last = key.slice(key.lastIndexOf('/') + 1);
  return isId(last) ? last : undefined;
}
