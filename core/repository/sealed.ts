// The one encrypted container every object is made of (FORMAT.md, "Sealed payload"):
//
//   nonce (12) ‖ AES-256-GCM( flag (1) ‖ payload ) ‖ tag (16)
//
// with associated data that names what the bytes are (a blob's type and id, "lifeboat/index", …),
// so a ciphertext can't be moved to another role. AES-GCM comes from the vault's primitives.
import { open, sealParts } from '../estate/vault/crypto';
import {
  algorithmOfFlag,
  compress,
  compressionFlags,
  decompress,
  type CompressionAlgorithm,
  type CompressionSettings,
} from './compression';

export const nonceBytes = 12;
export const tagBytes = 16;
/** nonce + flag + tag: the bytes a sealed payload adds to its (compressed) content. */
export const sealOverhead = nonceBytes + 1 + tagBytes;

export interface Sealed {
  bytes: Buffer;
  /** How the payload was actually compressed (may be 'none' even when settings ask for more). */
  compression: CompressionAlgorithm;
}

export async function sealPayload(
  key: Buffer,
  plaintext: Buffer,
  aad: string,
  settings: CompressionSettings,
): Promise<Sealed> {
  const { algorithm, payload } = await compress(plaintext, settings);
  const bytes = sealParts(key, [Buffer.of(compressionFlags[algorithm]), payload], aad);
  return { bytes, compression: algorithm };
}

export type Unsealed =
  | { ok: true; plaintext: Buffer; compression: CompressionAlgorithm }
  /** `authentic`: the bytes passed authentication (so the key was right and the damage is inside). */
  | { ok: false; reason: string; authentic: boolean };

/** Decrypts and decompresses; never throws for bad bytes, says why instead. */
export async function unsealPayload(
  key: Buffer,
  bytes: Buffer,
  aad: string,
  maxLength: number,
): Promise<Unsealed> {
  if (bytes.length < sealOverhead)
    return { ok: false, authentic: false, reason: `${bytes.length} bytes is too short to be sealed` };
  const flagged = open(key, bytes, aad);
  if (!flagged)
    return {
      ok: false,
      authentic: false,
      reason: 'authentication failed (altered, truncated, or sealed with another key)',
    };
  const algorithm = algorithmOfFlag(flagged[0] ?? -1);
  if (!algorithm) return { ok: false, authentic: true, reason: `unknown compression flag ${flagged[0]}` };
  try {
    const plaintext = await decompress(algorithm, flagged.subarray(1), maxLength);
    if (plaintext.length > maxLength)
      return { ok: false, authentic: true, reason: `longer than the ${maxLength} bytes allowed` };
    return { ok: true, plaintext, compression: algorithm };
  } catch (e) {
    return {
      ok: false,
      authentic: true,
      reason: `can't decompress (${algorithm}): ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
