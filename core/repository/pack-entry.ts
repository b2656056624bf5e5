// Where one blob sits in a pack: the record shared by pack headers and index files (FORMAT.md,
// "Packs" and "Index files"). Validated wherever it is read, so offsets from a hostile repository
// can't make a reader ask for absurd ranges.
import { z } from 'zod';
import { maxBlobBytes } from './blob-codec';
import type { CompressionAlgorithm } from './compression';
import { idSchema, isId, type BlobType } from './ids';
import { sealOverhead } from './sealed';

export interface PackEntry {
  type: BlobType;
  /** SHA-256 of the blob's plaintext. */
  id: string;
  /** Byte offset of the sealed blob inside the pack. */
  offset: number;
  /** Length of the sealed blob (what a ranged read fetches). */
  length: number;
  /** Length of the plaintext. */
  rawLength: number;
  /** How the payload is compressed (the flag byte inside says the same). */
  compression: CompressionAlgorithm;
}

/** Packs are bounded well below this; it only stops absurd offsets. */
export const maxPackBytes = 2 ** 40;

export const packEntrySchema = z
  .object({
    type: z.enum(['data', 'tree']),
    id: idSchema,
    offset: z.number().int().min(0).max(maxPackBytes),
    length: z
      .number()
      .int()
      .min(sealOverhead)
      .max(maxBlobBytes + sealOverhead),
    rawLength: z.number().int().min(0).max(maxBlobBytes),
    compression: z.enum(['none', 'deflate-raw', 'brotli']),
  })
  .refine(
    (e) => e.length <= e.rawLength + sealOverhead,
    'a sealed blob is never longer than its plaintext + 29 bytes',
  );

/** A plain object with exactly `count` own keys: with each expected field checked by the caller,
 * exactly those keys (no other the schema would strip). */
export function objectWithKeys(v: unknown, count: number): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  let keys = 0;
  for (const k in v) if (Object.hasOwn(v, k)) keys++;
  return keys === count;
}

const isInt = (v: unknown, min: number, max: number) =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/**
 * packEntrySchema's checks by hand, for the index files every open reads (100k entries cost the
 * schema ~0.1 s): true only for an entry the schema passes unchanged (exactly its keys, no
 * other); anything else goes to the schema, which decides and words the error.
 */
export function plainPackEntry(e: unknown): e is PackEntry {
  // type, id, offset, length, rawLength, compression
  if (!objectWithKeys(e, 6)) return false;
  const o = e;
  return (
    (o.type === 'data' || o.type === 'tree') &&
    typeof o.id === 'string' &&
    isId(o.id) &&
    isInt(o.offset, 0, maxPackBytes) &&
    isInt(o.length, sealOverhead, maxBlobBytes + sealOverhead) &&
    isInt(o.rawLength, 0, maxBlobBytes) &&
    (o.compression === 'none' || o.compression === 'deflate-raw' || o.compression === 'brotli') &&
    (o.length as number) <= (o.rawLength as number) + sealOverhead
  );
}
