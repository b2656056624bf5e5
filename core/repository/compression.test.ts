import { describe, expect, it } from 'vitest';
import { compress, decompress, type CompressionSettings } from './compression';
import { pseudoRandom, textLike } from './testing';

const KiB = 1024;
const brotli: CompressionSettings = { algorithm: 'brotli', level: 1, minSaving: 0.03 };
const deflate: CompressionSettings = { algorithm: 'deflate-raw', level: 1, minSaving: 0.03 };
// Sizes on both sides of where the work moves from the calling thread to the thread pool (32 KiB).
const sizes = [1000, 32 * KiB, 32 * KiB + 1, 300 * KiB, 5 * 1024 * KiB];

describe.each([brotli, deflate])('compression, $algorithm', (settings) => {
  it.each(sizes)('round-trips %i bytes of text, in one output buffer', async (size) => {
    const plain = textLike(size);
    const { algorithm, payload } = await compress(plain, settings);
    expect(algorithm).toBe(settings.algorithm);
    expect(payload.length).toBeLessThan(plain.length / 2);
    const back = await decompress(algorithm, payload, plain.length);
    expect(back.equals(plain)).toBe(true);
    // Sized to the bound, the output is never joined from pieces: one buffer of bound + 1 bytes
    // (small ones come from Node's shared pool).
    if (size > 4 * KiB) expect(back.buffer.byteLength).toBe(plain.length + 1);
  });

  it.each(sizes)('stores %i incompressible bytes as they are', async (size) => {
    const plain = pseudoRandom(size, size);
    const { algorithm, payload } = await compress(plain, settings);
    expect(algorithm).toBe('none');
    expect(payload).toBe(plain);
  });

  it.each([4 * KiB, 300 * KiB])('never inflates beyond the bound (%i bytes)', async (size) => {
    const plain = textLike(size);
    const { algorithm, payload } = await compress(plain, settings);
    await expect(decompress(algorithm, payload, size - 1)).rejects.toThrow();
    // A loose bound (a document's) still gives exactly the content.
    expect((await decompress(algorithm, payload, 256 * 1024 * KiB)).equals(plain)).toBe(true);
  });
});

describe('compression settings', () => {
  it('keeps the compressed form only when it saves at least minSaving', async () => {
    // Half text, half noise: brotli saves a little under half.
    const plain = Buffer.concat([textLike(40 * KiB), pseudoRandom(40 * KiB, 5)]);
    expect((await compress(plain, { ...brotli, minSaving: 0.3 })).algorithm).toBe('brotli');
    expect((await compress(plain, { ...brotli, minSaving: 0.5 })).algorithm).toBe('none');
    expect((await compress(plain.subarray(0, 63), brotli)).algorithm).toBe('none');
    expect((await compress(plain, { ...brotli, algorithm: 'none' })).payload).toBe(plain);
  });
});
