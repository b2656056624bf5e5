// Symmetric primitives of the vault: AES-256-GCM sealing and scrypt key derivation, both from
// Node's own crypto (no native add-on to rebuild for Electron).
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

export const keyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;

/** nonce ‖ ciphertext ‖ tag. `aad` binds the ciphertext to its context (e.g. the secret's ref). */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(nonceBytes);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

/** Returns undefined when the key is wrong or the data was altered. */
export function open(key: Buffer, sealed: Buffer, aad: string): Buffer | undefined {
  if (sealed.length < nonceBytes + tagBytes) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, nonceBytes));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    return Buffer.concat([d.update(sealed.subarray(nonceBytes, sealed.length - tagBytes)), d.final()]);
  } catch {
    return undefined;
  }
}

export interface ScryptParams {
  kdf: 'scrypt';
  /** CPU/memory cost: 2^15 takes ~0.1 s and 32 MiB. */
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
}

export function newScryptParams(): ScryptParams {
  return { kdf: 'scrypt', N: 2 ** 15, r: 8, p: 1, salt: randomBytes(16).toString('base64') };
}

export function deriveKey(passphrase: string, params: ScryptParams): Buffer {
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), keyBytes, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  });
}
