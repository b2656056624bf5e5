// Where one blob sits in a pack: the record shared by pack headers and index files (FORMAT.md,
// "Packs" and "Index files"). Validated wherever it is read, so offsets from a hostile repository
// can't make a reader ask for absurd ranges.
import { z } from 'zod';
import { maxBlobBytes } from './blob-codec';
import type { CompressionAlgorithm } from './compression';
import { idSchema, type BlobType } from './ids';
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
