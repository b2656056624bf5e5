// Key files (FORMAT.md, "Key files"): the repository's random 32-byte master key, wrapped with a
// key derived by scrypt from one passphrase. Several key files = several passphrases for the
// same master key. A key file is plain JSON (it must be readable before anything is decrypted),
// stored as `keys/<SHA-256 of its bytes>`.
import { hostname } from 'node:os';
import { z } from 'zod';
import { deriveKey, keyBytes, newScryptParams, open, seal, type ScryptParams } from '../estate/vault/crypto';
import type { Backend } from './backend/backend';
import { describeIssues } from './errors';
import { keyFileKey, sha256Hex } from './ids';

export const keyAad = 'lifeboat/key';

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** scrypt parameters a hostile key file could abuse are bounded (N ≤ 2^20, memory ≤ 1 GiB). */
export const scryptParamsSchema = z
  .object({
    kdf: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 20)
      .refine(isPowerOfTwo, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: z.base64().refine((s) => Buffer.from(s, 'base64').length >= 16, 'salt must be at least 16 bytes'),
  })
  .refine((k) => 128 * k.N * k.r <= 1024 ** 3, 'scrypt would need more than 1 GiB of memory');

export const keyFileSchema = z.object({
  version: z.literal(1),
  created: z.iso.datetime({ offset: true }),
  hostname: z.string().max(255).optional(),
  kdf: scryptParamsSchema,
  /** base64 of nonce ‖ AES-256-GCM(master key) ‖ tag, associated data "lifeboat/key". */
  masterKey: z.base64(),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

/** A new key file wrapping `masterKey` with `passphrase`. */
export function createKeyFile(
  masterKey: Buffer,
  passphrase: string,
  kdf: ScryptParams = newScryptParams(),
): { id: string; bytes: Buffer } {
  const file: KeyFile = {
    version: 1,
    created: new Date().toISOString(),
    hostname: hostname(),
    kdf,
    masterKey: seal(deriveKey(passphrase, kdf), masterKey, keyAad).toString('base64'),
  };
  const bytes = Buffer.from(JSON.stringify(file, null, 2) + '\n', 'utf8');
  return { id: sha256Hex(bytes), bytes };
}

export type UnwrapResult =
  | { ok: true; masterKey: Buffer }
  | { ok: false; damaged: false } // readable, but the passphrase doesn't open it
  | { ok: false; damaged: true; reason: string };

export function unwrapKeyFile(bytes: Buffer, passphrase: string): UnwrapResult {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, damaged: true, reason: 'not valid JSON' };
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, damaged: true, reason: describeIssues(parsed.error.issues) };
  const masterKey = open(
    deriveKey(passphrase, parsed.data.kdf),
    Buffer.from(parsed.data.masterKey, 'base64'),
    keyAad,
  );
  if (!masterKey) return { ok: false, damaged: false };
  if (masterKey.length !== keyBytes)
    return { ok: false, damaged: true, reason: 'the wrapped key is not 32 bytes' };
  return { ok: true, masterKey };
}

export interface FoundKey {
  keyId: string;
  masterKey: Buffer;
}

export interface KeySearch {
  found?: FoundKey;
  /** Key files present. */
  tried: number;
  /** Key files that could not be read, with the reason ("keys/ab12…: not valid JSON"). */
  damaged: string[];
  /** Key files the passphrase opened but whose master key `accept` refused. */
  refused: string[];
}

/**
 * Tries every key file with `passphrase`; the first whose master key `accept`s (i.e. opens the
 * config) wins. A key file that opens but whose key is rejected — a leftover of an interrupted
 * init — is skipped like a wrong passphrase.
 */
export async function findMasterKey(
  backend: Backend,
  passphrase: string,
  accept: (masterKey: Buffer) => Promise<boolean>,
  opts: { signal?: AbortSignal } = {},
): Promise<KeySearch> {
  const search: KeySearch = { tried: 0, damaged: [], refused: [] };
  const keys: string[] = [];
  for await (const o of backend.list('keys/', opts)) keys.push(o.key);
  keys.sort();
  for (const key of keys) {
    opts.signal?.throwIfAborted();
    search.tried++;
    const bytes = await backend.get(key, undefined, opts);
    if (sha256Hex(bytes) !== key.slice('keys/'.length)) {
      search.damaged.push(`${key}: content does not match its name`);
      continue;
    }
    const r = unwrapKeyFile(bytes, passphrase);
    if (r.ok) {
      const keyId = key.slice('keys/'.length);
      if (await accept(r.masterKey)) return { ...search, found: { keyId, masterKey: r.masterKey } };
      search.refused.push(key);
    } else if (r.damaged) {
      search.damaged.push(`${key}: ${r.reason}`);
    }
  }
  return search;
}

/** Stores a new key file for `passphrase`; returns its id. */
export async function storeKeyFile(
  backend: Backend,
  masterKey: Buffer,
  passphrase: string,
  opts: { signal?: AbortSignal; kdf?: ScryptParams } = {},
): Promise<string> {
  const file = createKeyFile(masterKey, passphrase, opts.kdf);
  await backend.put(keyFileKey(file.id), file.bytes, opts);
  return file.id;
}
