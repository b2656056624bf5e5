// A micro-measure for the lead, printed and not asserted: chunker and encode speed on 64 MiB.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Chunker, newChunkerParams } from './chunker';
import { encodeBlob } from './blob-codec';
import { defaultCompression } from './compression';
import { sha256Hex } from './ids';
import { newRepository, textLike } from './testing';

const MiB = 1024 * 1024;
const size = 64 * MiB;
const rate = (bytes: number, ms: number) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MB/s`;

function chunkAll(data: Buffer): Buffer[] {
  const c = new Chunker(newChunkerParams());
  const out: Buffer[] = [];
  for (let o = 0; o < data.length; o += MiB) out.push(...c.push(data.subarray(o, o + MiB)));
  const last = c.finish();
  if (last) out.push(last);
  return out;
}

describe('throughput (printed, not asserted)', () => {
  it(
    'chunker, encode (sha256 + brotli + AES-GCM) and the whole save path on 64 MiB',
    { timeout: 120_000 },
    async () => {
      const lines: string[] = [];
      chunkAll(randomBytes(16 * MiB)); // warm the JIT up first
      for (const [name, data] of [
        ['random', randomBytes(size)],
        ['text', textLike(size)],
      ] as const) {
        let t = performance.now();
        const chunks = chunkAll(data);
        lines.push(`${name}: chunker ${rate(size, performance.now() - t)} (${chunks.length} chunks)`);

        t = performance.now();
        const key = randomBytes(32);
        let stored = 0;
        for (const c of chunks)
          stored += (await encodeBlob(key, 'data', sha256Hex(c), c, defaultCompression)).bytes.length;
        lines.push(
          `${name}: encode ${rate(size, performance.now() - t)} (stored ${(stored / size).toFixed(3)} of the size)`,
        );

        const { repo } = await newRepository();
        t = performance.now();
        for await (const c of repo.chunk(
          (function* () {
            for (let o = 0; o < data.length; o += MiB) yield data.subarray(o, o + MiB);
          })(),
        )) {
          await repo.saveBlob('data', c);
        }
        await repo.flush();
        lines.push(`${name}: chunk + save + flush to memory ${rate(size, performance.now() - t)}`);
        expect(repo.stats.blobsStored).toBeGreaterThan(0);
      }
      console.log(`[repository throughput, 64 MiB]\n  ${lines.join('\n  ')}`);
    },
  );
});
