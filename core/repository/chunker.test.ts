import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  Chunker,
  chunker,
  createChunkerStream,
  gearTable,
  newChunkerParams,
  type ChunkerParams,
} from './chunker';
import { sha256Hex } from './ids';
import { pseudoRandom } from './testing';

const MiB = 1024 * 1024;
const params: ChunkerParams = newChunkerParams('ab'.repeat(32));

/** Chunks `data`, fed in pieces of `piece` bytes. */
function chunkAll(data: Buffer, p: ChunkerParams = params, piece = 64 * 1024): Buffer[] {
  const c = new Chunker(p);
  const out: Buffer[] = [];
  for (let o = 0; o < data.length; o += piece) out.push(...c.push(data.subarray(o, o + piece)));
  const last = c.finish();
  if (last) out.push(last);
  return out;
}

describe('FastCDC chunker', () => {
  const data = pseudoRandom(20 * MiB, 7);

  it('is deterministic and independent of how the input is split', () => {
    const a = chunkAll(data, params, 64 * 1024);
    const b = chunkAll(data, params, 1_000_003);
    const c = chunkAll(data, params, 20 * MiB);
    expect(a.map((x) => x.length)).toEqual(b.map((x) => x.length));
    expect(a.map((x) => x.length)).toEqual(c.map((x) => x.length));
    expect(Buffer.concat(a).equals(data)).toBe(true);
  });

  it('respects min and max, and averages near avg', () => {
    const chunks = chunkAll(data);
    const sizes = chunks.map((c) => c.length);
    for (const s of sizes.slice(0, -1)) {
      expect(s).toBeGreaterThanOrEqual(params.minSize);
      expect(s).toBeLessThanOrEqual(params.maxSize);
    }
    const mean = data.length / sizes.length;
    expect(mean).toBeGreaterThan(0.7 * MiB);
    expect(mean).toBeLessThan(1.6 * MiB);
  });

  it('cuts at maxSize when no boundary shows up before it', () => {
    // max just above avg: most chunks run into max before the mask matches.
    const p: ChunkerParams = { ...params, minSize: 64 * 1024, avgSize: MiB, maxSize: MiB + 64 * 1024 };
    const sizes = chunkAll(data, p).map((c) => c.length);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(p.maxSize);
    expect(sizes.filter((s) => s === p.maxSize).length).toBeGreaterThan(sizes.length / 4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(data.length);
  });

  it('a 1-byte insertion changes only the chunks around it', () => {
    const before = chunkAll(data).map(sha256Hex);
    const at = 9 * MiB + 12345;
    const edited = Buffer.concat([data.subarray(0, at), Buffer.from([0x42]), data.subarray(at)]);
    const after = chunkAll(edited).map(sha256Hex);
    const old = new Set(before);
    const changed = after.filter((h) => !old.has(h)).length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(3);
    expect(after.length - changed).toBeGreaterThanOrEqual(before.length - 3);
  });

  it('a different gear seed gives different boundaries', () => {
    const other = chunkAll(data, newChunkerParams('cd'.repeat(32))).map((c) => c.length);
    expect(other).not.toEqual(chunkAll(data).map((c) => c.length));
    expect(gearTable('ab'.repeat(32))).not.toEqual(gearTable('cd'.repeat(32)));
  });

  it('streams: async generator and Transform give the same chunks; empty input gives none', async () => {
    const piece = data.subarray(0, 6 * MiB);
    const expected = chunkAll(piece).map(sha256Hex);
    const fromGen: string[] = [];
    for await (const c of chunker(
      Readable.from(piece, { objectMode: false, highWaterMark: 65536 }),
      params,
    )) {
      fromGen.push(sha256Hex(c));
    }
    expect(fromGen).toEqual(expected);
    const fromStream: string[] = [];
    for await (const c of Readable.from([piece.subarray(0, 100), piece.subarray(100)]).pipe(
      createChunkerStream(params),
    )) {
      fromStream.push(sha256Hex(c as Buffer));
    }
    expect(fromStream).toEqual(expected);
    const none: Buffer[] = [];
    for await (const c of chunker([], params)) none.push(c);
    expect(none).toEqual([]);
  });

  it('matches the test vector of FORMAT.md', () => {
    const g = gearTable('00'.repeat(32));
    expect([0, 1, 2, 255].map((i) => g[i]! >>> 0)).toEqual([0x319e9c7f, 0x7424d41f, 0x442fcc58, 0xefa030ac]);
    const input = Buffer.concat(
      Array.from({ length: (8 * MiB) / 32 }, (_, i) => createHash('sha256').update(String(i)).digest()),
    );
    expect(chunkAll(input, newChunkerParams('00'.repeat(32))).map((c) => c.length)).toEqual([
      1101169, 1853941, 1270977, 1208745, 603210, 1249813, 1100753,
    ]);
  });

  it('refuses bad parameters', () => {
    expect(() => new Chunker({ ...params, avgSize: 1000 })).toThrow(/power of two/);
    expect(() => new Chunker({ ...params, minSize: 2 * MiB })).toThrow();
  });
});
