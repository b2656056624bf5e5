// A blob as stored inside a pack (FORMAT.md, "Blobs"): the sealed payload of its plaintext, with
// associated data "lifeboat/blob/<type>/<id>" binding it to its id and type. Decoding checks,
// in order: authentication, the compression flag, the length and the SHA-256 of the plaintext.
import type { CompressionAlgorithm, CompressionSettings } from './compression';
import { sha256HexAsync, type BlobType } from './ids';
import { sealPayload, unsealPayload } from './sealed';

/** The largest blob plaintext the format allows (a data chunk is ≤ 4 MiB; a tree of a huge folder can be big). */
export const maxBlobBytes = 256 * 1024 * 1024;

export function blobAad(type: BlobType, id: string): string {
  return `lifeboat/blob/${type}/${id}`;
}

export interface EncodedBlob {
  type: BlobType;
  id: string;
  /** The sealed bytes that go into a pack. */
  bytes: Buffer;
  rawLength: number;
  compression: CompressionAlgorithm;
}

export async function encodeBlob(
  key: Buffer,
  type: BlobType,
  id: string,
  plaintext: Buffer,
  settings: CompressionSettings,
): Promise<EncodedBlob> {
  const sealed = await sealPayload(key, plaintext, blobAad(type, id), settings);
  return { type, id, bytes: sealed.bytes, rawLength: plaintext.length, compression: sealed.compression };
}

export type DecodedBlob = { ok: true; plaintext: Buffer } | { ok: false; reason: string };

/** Never throws for bad bytes: returns the reason, which the caller wraps with the blob and pack. */
export async function decodeBlob(
  key: Buffer,
  type: BlobType,
  id: string,
  bytes: Buffer,
  rawLength: number,
): Promise<DecodedBlob> {
  const r = await unsealPayload(key, bytes, blobAad(type, id), Math.min(rawLength, maxBlobBytes));
  if (!r.ok) return r;
  if (r.plaintext.length !== rawLength) {
    return { ok: false, reason: `plaintext is ${r.plaintext.length} bytes, the index says ${rawLength}` };
  }
  const actual = await sha256HexAsync(r.plaintext);
  if (actual !== id) return { ok: false, reason: `content hashes to ${actual.slice(0, 12)}, not to its id` };
  return { ok: true, plaintext: r.plaintext };
}
