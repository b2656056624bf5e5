// Symmetric primitives of the vault: AES-256-GCM sealing and scrypt key derivation, both from
// Node's own crypto (no native add-on to rebuild for Electron).
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  randomFillSync,
  scrypt,
  scryptSync,
} from 'node:crypto';

export const keyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;

/** nonce ‖ ciphertext ‖ tag. `aad` binds the ciphertext to its context (e.g. the secret's ref). */
export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  return sealParts(key, [plaintext], aad);
}

/**
 * Random nonces, drawn from the CSPRNG 4 KiB at a time (one call per blob costs more than the
 * encryption of a small one); each nonce is used once, as if drawn alone.
 */
const noncePool = Buffer.alloc(nonceBytes * 341);
let nonceAt = noncePool.length;
function takeNonce(out: Buffer): void {
  if (nonceAt + nonceBytes > noncePool.length) {
    randomFillSync(noncePool);
    nonceAt = 0;
  }
  noncePool.copy(out, 0, nonceAt, nonceAt + nonceBytes);
  noncePool.fill(0, nonceAt, nonceAt + nonceBytes);
  nonceAt += nonceBytes;
}

/**
 * `seal` of the parts joined, without joining them first (a flag byte in front of a large
 * payload): the same layout, nonce ‖ ciphertext ‖ tag, written into one output buffer.
 */
export function sealParts(key: Buffer, parts: readonly Uint8Array[], aad: string): Buffer {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = Buffer.allocUnsafe(nonceBytes + length + tagBytes);
  takeNonce(out);
  const c = createCipheriv('aes-256-gcm', key, out.subarray(0, nonceBytes));
  c.setAAD(Buffer.from(aad, 'utf8'));
  let at = nonceBytes;
  for (const p of parts) at += c.update(p).copy(out, at);
  at += c.final().copy(out, at);
  c.getAuthTag().copy(out, at);
  return out;
}

/**
 * Returns undefined when the key is wrong or the data was altered. The plaintext comes out in one
 * buffer (AES-GCM gives all of it at once; nothing is joined).
 */
export function open(key: Buffer, sealed: Buffer, aad: string): Buffer | undefined {
  if (sealed.length < nonceBytes + tagBytes) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, nonceBytes));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    const body = d.update(sealed.subarray(nonceBytes, sealed.length - tagBytes));
    const rest = d.final();
    return rest.length === 0 ? body : Buffer.concat([body, rest]);
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

const scryptOptions = (params: ScryptParams) => ({
  N: params.N,
  r: params.r,
  p: params.p,
  maxmem: 256 * params.N * params.r + 1024 * 1024,
});

export function deriveKey(passphrase: string, params: ScryptParams): Buffer {
  return scryptSync(
    passphrase.normalize('NFC'),
    Buffer.from(params.salt, 'base64'),
    keyBytes,
    scryptOptions(params),
  );
}

/** deriveKey on libuv's thread pool: a derivation of seconds does not stop the event loop. */
export function deriveKeyAsync(passphrase: string, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(params.salt, 'base64'),
      keyBytes,
      scryptOptions(params),
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}
