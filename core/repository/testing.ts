// Shared by the repository's unit tests: a memory backend and a cheap key derivation, so each
// test opens repositories in milliseconds. Not used by product code.
import { randomBytes } from 'node:crypto';
import type { ScryptParams } from '../estate/vault/crypto';
import { createMemoryBackend, type MemoryBackend } from './backend/memory';
import { initRepository, type InitOptions, type Repository } from './repository';

/** scrypt at N = 2^10: fast in tests; real repositories use the default (2^15). */
export function cheapKdf(): ScryptParams {
  return { kdf: 'scrypt', N: 2 ** 10, r: 8, p: 1, salt: randomBytes(16).toString('base64') };
}

export const passphrase = 'correct horse battery staple';

export async function newRepository(
  opts: InitOptions = {},
): Promise<{ backend: MemoryBackend; repo: Repository }> {
  const backend = createMemoryBackend();
  const repo = await initRepository(backend, passphrase, { kdf: cheapKdf(), ...opts });
  return { backend, repo };
}

/** Keys of the backend's objects under `prefix`. */
export function keysUnder(backend: MemoryBackend, prefix: string): string[] {
  return [...backend.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
}

/** Deterministic pseudo-random bytes (xorshift), so chunk boundaries in tests are reproducible. */
export function pseudoRandom(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Compressible text: log-like lines. */
export function textLike(length: number): Buffer {
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; n < length; i++) {
    const line = `2024-05-01T12:${String(i % 60).padStart(2, '0')}:00Z host web-${i % 7} GET /api/items/${i * 7919} 200 ${i % 1000}ms\n`;
    lines.push(line);
    n += line.length;
  }
  return Buffer.from(lines.join(''), 'utf8').subarray(0, length);
}
