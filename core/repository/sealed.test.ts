import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../estate/vault/crypto';
import { sha256Hex, sha256HexAsync } from './ids';
import { sealOverhead, sealPayload, unsealPayload } from './sealed';
import { pseudoRandom, textLike } from './testing';

const KiB = 1024;
const brotli = { algorithm: 'brotli', level: 1, minSaving: 0.03 } as const;
const aad = 'lifeboat/blob/data/' + 'ab'.repeat(32);

describe('sealed payloads', () => {
  it('never repeat a nonce (drawn from a pool across its refills)', () => {
    const key = randomBytes(32);
    const nonces = new Set<string>();
    for (let i = 0; i < 2000; i++)
      nonces.add(
        seal(key, Buffer.of(i & 0xff), aad)
          .subarray(0, 12)
          .toString('hex'),
      );
    expect(nonces.size).toBe(2000);
    expect(nonces.has('00'.repeat(12))).toBe(false);
  });

  it('are the vault seal of flag ‖ payload, both ways', async () => {
    const key = randomBytes(32);
    for (const plain of [textLike(100 * KiB), pseudoRandom(5 * KiB, 1)]) {
      const sealed = await sealPayload(key, plain, aad, brotli);
      expect(sealed.bytes.length).toBeLessThanOrEqual(plain.length + sealOverhead);
      const flagged = open(key, sealed.bytes, aad)!;
      expect(flagged[0]).toBe(sealed.compression === 'brotli' ? 2 : 0);

      // What the vault seals with a flag in front opens here the same way.
      const other = seal(key, Buffer.concat([Buffer.of(0), plain]), aad);
      const r = await unsealPayload(key, other, aad, plain.length);
      expect(r.ok && r.plaintext.equals(plain)).toBe(true);
      const back = await unsealPayload(key, sealed.bytes, aad, plain.length);
      expect(back).toMatchObject({ ok: true, compression: sealed.compression });
      expect(back.ok && back.plaintext.equals(plain)).toBe(true);
    }
  });

  it('refuse altered bytes, another role and another key', async () => {
    const key = randomBytes(32);
    const { bytes } = await sealPayload(key, textLike(10 * KiB), aad, brotli);
    const altered = Buffer.from(bytes);
    altered[20]! ^= 1;
    for (const [k, b, a] of [
      [key, altered, aad],
      [key, bytes, 'lifeboat/index'],
      [randomBytes(32), bytes, aad],
    ] as const) {
      expect(await unsealPayload(k, b, a, 10 * KiB)).toMatchObject({ ok: false, authentic: false });
    }
  });
});

describe('sha256HexAsync', () => {
  it('is sha256Hex, for small data at once and for large data on the thread pool', async () => {
    for (const size of [0, 1, 128 * KiB - 1, 128 * KiB, 3 * 1024 * KiB]) {
      const data = pseudoRandom(size, size + 1);
      expect(await sha256HexAsync(data)).toBe(sha256Hex(data));
    }
  });
});
