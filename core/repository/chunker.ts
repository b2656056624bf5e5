// FastCDC content-defined chunking (Xia et al., "FastCDC", USENIX ATC 2016), streaming and in pure
// TypeScript (FORMAT.md, "Chunking"). A boundary depends only on the ~32 bytes before it, so an
// insertion or deletion re-chunks only the chunk(s) around the change and the rest dedups.
//
// Parameters live in the repository's config: min/avg/max sizes, the normalization level and a
// per-repository gear seed (like restic's per-repository polynomial, so chunk boundaries — and
// with them chunk sizes — of the same file differ between repositories and leak nothing across).
import { createHash, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { z } from 'zod';

export interface ChunkerParams {
  algorithm: 'fastcdc';
  /** No boundary before this many bytes (the gear hash isn't even computed there). */
  minSize: number;
  /** The normal size: a power of two; the boundary mask has log2(avgSize) ± normalization bits. */
  avgSize: number;
  /** A chunk is cut here at the latest. */
  maxSize: number;
  /** FastCDC's normalized chunking level (0–3): how strongly sizes gather around avgSize. */
  normalization: number;
  /** 64 hex digits; the gear table is derived from it (see gearTable). */
  gearSeed: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const chunkerParamsSchema = z
  .object({
    algorithm: z.literal('fastcdc'),
    minSize: z
      .number()
      .int()
      .min(4 * KiB),
    avgSize: z
      .number()
      .int()
      .refine((n) => n > 0 && (n & (n - 1)) === 0, 'avgSize must be a power of two'),
    maxSize: z
      .number()
      .int()
      .max(64 * MiB),
    normalization: z.number().int().min(0).max(3),
    gearSeed: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((p) => p.minSize < p.avgSize && p.avgSize < p.maxSize, 'expected minSize < avgSize < maxSize');

/** min 256 KiB, avg 1 MiB, max 4 MiB, normalization level 2, a fresh random gear seed. */
export function newChunkerParams(gearSeed = randomBytes(32).toString('hex')): ChunkerParams {
  return {
    algorithm: 'fastcdc',
    minSize: 256 * KiB,
    avgSize: 1 * MiB,
    maxSize: 4 * MiB,
    normalization: 2,
    gearSeed,
  };
}

/** Gear tables by seed: a backup builds one chunker per file, the table once per repository. */
const gearTables = new Map<string, Int32Array>();

/** gear[i] = the first 4 bytes, little-endian, of SHA-256(seed bytes ‖ the byte i), for i = 0…255. */
export function gearTable(gearSeed: string): Int32Array {
  let table = gearTables.get(gearSeed);
  if (!table) {
    table = computeGearTable(gearSeed);
    if (gearTables.size > 64) gearTables.clear();
    gearTables.set(gearSeed, table);
  }
  return table;
}

function computeGearTable(gearSeed: string): Int32Array {
  const seed = Buffer.from(gearSeed, 'hex');
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = createHash('sha256')
      .update(seed)
      .update(Buffer.from([i]))
      .digest()
      .readInt32LE(0);
  }
  return table;
}

/** Parameters checked once per distinct object (a repository keeps one), not once per file. */
const checked = new WeakMap<ChunkerParams, ChunkerParams>();
function validParams(params: ChunkerParams): ChunkerParams {
  let p = checked.get(params);
  if (!p) {
    p = chunkerParamsSchema.parse(params) as ChunkerParams;
    checked.set(params, p);
  }
  return p;
}

/** A mask of the `bits` most significant bits of a 32-bit word (as an int32). */
function topBits(bits: number): number {
  return bits <= 0 ? 0 : (~0 << (32 - Math.min(bits, 32))) | 0;
}

/**
 * The chunking state machine. `push` returns the chunks completed by the new bytes; `finish`
 * returns the last (short) chunk. Pushed buffers are referenced until their chunk is emitted (a
 * view of the buffer when the chunk lies within one, else a copy), so a caller must not modify a
 * buffer after pushing it.
 */
export class Chunker {
  private readonly gear: Int32Array;
  private readonly min: number;
  private readonly avg: number;
  private readonly max: number;
  private readonly maskS: number;
  private readonly maskL: number;
  private parts: Buffer[] = [];
  /** Bytes of the current chunk seen so far. */
  private len = 0;
  private h = 0;

  constructor(params: ChunkerParams) {
    const p = validParams(params);
    this.gear = gearTable(p.gearSeed);
    this.min = p.minSize;
    this.avg = p.avgSize;
    this.max = p.maxSize;
    const bits = Math.round(Math.log2(p.avgSize));
    this.maskS = topBits(bits + p.normalization);
    this.maskL = topBits(bits - p.normalization);
  }

  push(buf: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let p = 0;
    let start = 0;
    while (p < buf.length) {
      if (this.len < this.min) {
        const skip = Math.min(this.min - this.len, buf.length - p);
        p += skip;
        this.len += skip;
        continue;
      }
      const small = this.len < this.avg;
      const end = Math.min(buf.length, p + ((small ? this.avg : this.max) - this.len));
      const cut = this.scan(buf, p, end, small ? this.maskS : this.maskL);
      const stop = cut >= 0 ? cut : end;
      this.len += stop - p;
      p = stop;
      if (cut >= 0 || this.len === this.max) {
        this.parts.push(buf.subarray(start, p));
        out.push(this.take());
        start = p;
      }
    }
    if (start < buf.length) this.parts.push(buf.subarray(start));
    return out;
  }

  /** The rest as a last chunk, or undefined when nothing is left (an empty input has no chunks). */
  finish(): Buffer | undefined {
    return this.len > 0 ? this.take() : undefined;
  }

  private take(): Buffer {
    // A chunk inside one pushed buffer is that buffer's view (pushed buffers are never modified).
    const chunk = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.len);
    this.parts = [];
    this.len = 0;
    this.h = 0;
    return chunk;
  }

  /** Gear-hashes b[p..end); returns the index just after the first boundary, or -1. */
  private scan(b: Buffer, p: number, end: number, mask: number): number {
    const g = this.gear;
    let h = this.h;
    for (let i = p; i < end; i++) {
      h = ((h << 1) + g[b[i]!]!) | 0;
      if ((h & mask) === 0) {
        this.h = h;
        return i + 1;
      }
    }
    this.h = h;
    return -1;
  }
}

/** Streams `source` into content-defined chunks; holds at most one chunk (≤ maxSize) plus one input buffer. */
export async function* chunker(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  params: ChunkerParams,
  opts: { signal?: AbortSignal } = {},
): AsyncGenerator<Buffer> {
  const c = new Chunker(params);
  for await (const piece of source) {
    opts.signal?.throwIfAborted();
    const buf = Buffer.isBuffer(piece)
      ? piece
      : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    yield* c.push(buf);
  }
  opts.signal?.throwIfAborted();
  const last = c.finish();
  if (last) yield last;
}

/** The same as a Transform: bytes in, one Buffer per chunk out (object mode on the readable side). */
export function createChunkerStream(params: ChunkerParams): Transform {
  const c = new Chunker(params);
  return new Transform({
    readableObjectMode: true,
    transform(piece: Buffer, _encoding, done) {
      for (const chunk of c.push(piece)) this.push(chunk);
      done();
    },
    flush(done) {
      const last = c.finish();
      if (last) this.push(last);
      done();
    },
  });
}
