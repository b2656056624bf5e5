// Compression of blobs and files before encryption (FORMAT.md, "Compression"). One flag byte
// says how the payload is compressed; the writer keeps the compressed form only when it saves at
// least `minSaving` of the size, so incompressible data (media, archives, ciphertext) costs one byte.
//
// Brotli at quality 1 is the default: on Node 20 it measured ~2x the speed of zlib deflate level 1
// on text and binaries with a slightly better ratio, and ~40x on incompressible data (which brotli
// gives up on early). Readers decode every flag below, whatever the repository's setting.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type CompressionAlgorithm = 'none' | 'deflate-raw' | 'brotli';

/** The flag byte in front of every sealed payload. */
export const compressionFlags: Record<CompressionAlgorithm, number> = {
  none: 0,
  'deflate-raw': 1,
  brotli: 2,
};
const byFlag = new Map<number, CompressionAlgorithm>(
  Object.entries(compressionFlags).map(([k, v]) => [v, k as CompressionAlgorithm]),
);

export function algorithmOfFlag(flag: number): CompressionAlgorithm | undefined {
  return byFlag.get(flag);
}

export interface CompressionSettings {
  algorithm: CompressionAlgorithm;
  /** brotli quality 0–11, deflate level 1–9. */
  level: number;
  /** Keep the compressed form only if it is at least this fraction smaller (0.03 = 3 %). */
  minSaving: number;
}

export const defaultCompression: CompressionSettings = { algorithm: 'brotli', level: 1, minSaving: 0.03 };

/**
 * zlib's async calls hop to the thread pool once per output chunk (16 KiB by default), which cuts
 * brotli from ~1.3 GB/s to ~270 MB/s on incompressible chunks; and every extra chunk is joined
 * with a copy at the end. So the output chunk is sized to the output's bound when that is known
 * (`bound + 1`, so that a result of exactly the bound ends in one pass), else 1 MiB at a time.
 */
const wholeChunkBytes = 64 * 1024 * 1024;
function chunkSizeFor(bound: number): number {
  return bound < wholeChunkBytes ? Math.max(64, bound + 1) : 1024 * 1024;
}

/** Below this size compression never pays for the flag and the call. */
const tinyBytes = 64;

/**
 * Up to this much work (input bytes to compress, output bytes to decompress), (de)compress on the
 * calling thread; larger ones go to the pool, where several run in parallel while this thread goes
 * on. Measured (CPU of the calling thread): a pool call costs it ~25–30 µs whatever the size;
 * brotli q1 decompresses 16 KiB of text in ~26 µs and 32 KiB in ~43 µs, 1 MiB in ~575 µs. Below
 * the threshold the round trip would also make a backup of many small files wait once per file.
 */
const syncBytes = 32 * 1024;

type Options = zlib.BrotliOptions & zlib.ZlibOptions;
type Codec = (buf: Buffer, work: number, opts: Options) => Promise<Buffer>;

function codec(
  sync: (buf: Buffer, opts: Options) => Buffer,
  pooled: (buf: Buffer, opts: Options) => Promise<Buffer>,
): Codec {
  return (buf, work, opts) =>
    work <= syncBytes ? Promise.resolve().then(() => sync(buf, opts)) : pooled(buf, opts);
}

const brotliCompress = codec(zlib.brotliCompressSync, promisify(zlib.brotliCompress));
const brotliDecompress = codec(zlib.brotliDecompressSync, promisify(zlib.brotliDecompress));
const deflateRaw = codec(zlib.deflateRawSync, promisify(zlib.deflateRaw));
const inflateRaw = codec(zlib.inflateRawSync, promisify(zlib.inflateRaw));

/** zlib's error when the output would pass `maxOutputLength`. */
function isTooLarge(e: unknown): boolean {
  return e instanceof RangeError && (e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
}

/** Compresses `plain` if that saves enough; returns the algorithm actually used and the payload. */
export async function compress(
  plain: Buffer,
  settings: CompressionSettings,
): Promise<{ algorithm: CompressionAlgorithm; payload: Buffer }> {
  if (settings.algorithm === 'none' || plain.length < tinyBytes) return { algorithm: 'none', payload: plain };
  // The longest output worth keeping. On the pool, zlib stops as soon as the output would be
  // longer (incompressible data); on this thread, finishing costs less than the error it raises.
  const keep = Math.floor(plain.length * (1 - settings.minSaving));
  const opts: Options = {
    chunkSize: chunkSizeFor(Math.min(keep, 1024 * 1024)),
    ...(plain.length > syncBytes ? { maxOutputLength: Math.max(1, keep) } : {}),
  };
  let payload: Buffer;
  try {
    payload =
      settings.algorithm === 'brotli'
        ? await brotliCompress(plain, plain.length, {
            ...opts,
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: settings.level,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
            },
          })
        : await deflateRaw(plain, plain.length, { ...opts, level: settings.level });
  } catch (e) {
    if (isTooLarge(e)) return { algorithm: 'none', payload: plain };
    throw e;
  }
  return payload.length <= keep
    ? { algorithm: settings.algorithm, payload }
    : { algorithm: 'none', payload: plain };
}

/**
 * Reverses `compress`. Never produces more than `maxLength` bytes (a hostile repository must not
 * make us inflate a bomb): a larger result throws. `maxLength` is also the expected size (a
 * blob's is exact), which decides where the work runs and how the output is allocated.
 */
export async function decompress(
  algorithm: CompressionAlgorithm,
  payload: Buffer,
  maxLength: number,
): Promise<Buffer> {
  const opts = { maxOutputLength: Math.max(1, maxLength), chunkSize: chunkSizeFor(maxLength) };
  switch (algorithm) {
    case 'none':
      return payload;
    case 'brotli':
      return brotliDecompress(payload, maxLength, opts);
    case 'deflate-raw':
      return inflateRaw(payload, maxLength, opts);
  }
}
