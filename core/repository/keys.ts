// Key files (FORMAT.md, "Key files"): the repository's random 32-byte master key, wrapped with a
// key derived by scrypt from one passphrase. Several key files = several passphrases for the
// same master key. A key file is plain JSON (it must be readable before anything is decrypted),
// stored as `keys/<SHA-256 of its bytes>`.
import { hostname } from 'node:os';
import { z } from 'zod';
import { LifeboatError } from '../api/errors';
import {
  deriveKeyAsync,
  keyBytes,
  newScryptParams,
  open,
  seal,
  type ScryptParams,
} from '../estate/vault/crypto';
import type { Backend } from './backend/backend';
import { readCapped, tooLargeReason } from './capped-read';
import { describeIssues } from './errors';
import { keyFileKey, sha256Hex } from './ids';

export const keyAad = 'lifeboat/key';

/** The largest key file read (FORMAT.md, "Size limits"); one is about 300 bytes. */
export const maxKeyFileBytes = 64 * 1024;
/**
 * The most scrypt work (N·r·p) a key file may ask for: 64 times what writers use (2^15·8·1), so
 * stronger parameters chosen on purpose still open, but one key file costs seconds, not a minute.
 */
export const maxScryptWork = 2 ** 20 * 8 * 2;
/**
 * Key files tried with the passphrase (each costs a key derivation) before opening gives up.
 * Files refused before deriving anything (unreadable, too large, hostile parameters) don't count.
 */
export const maxKeyFilesTried = 20;

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * scrypt parameters a hostile key file could abuse are bounded (N ≤ 2^20, memory ≤ 1 GiB, work
 * N·r·p ≤ maxScryptWork).
 */
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
  .refine((k) => 128 * k.N * k.r <= 1024 ** 3, 'scrypt would need more than 1 GiB of memory')
  .refine((k) => k.N * k.r * k.p <= maxScryptWork, 'scrypt would need more work than N·r·p = 2^24');

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
export async function createKeyFile(
  masterKey: Buffer,
  passphrase: string,
  kdf: ScryptParams = newScryptParams(),
): Promise<{ id: string; bytes: Buffer }> {
  const checked = scryptParamsSchema.safeParse(kdf);
  if (!checked.success) {
    throw new LifeboatError(
      'repo.invalid_config',
      `Refusing to write a key file that readers would refuse: ${describeIssues(checked.error.issues)}.`,
    );
  }
  const file: KeyFile = {
    version: 1,
    created: new Date().toISOString(),
    hostname: hostname(),
    kdf,
    masterKey: seal(await deriveKeyAsync(passphrase, kdf), masterKey, keyAad).toString('base64'),
  };
  const bytes = Buffer.from(JSON.stringify(file, null, 2) + '\n', 'utf8');
  return { id: sha256Hex(bytes), bytes };
}

export type UnwrapResult =
  | { ok: true; masterKey: Buffer }
  | { ok: false; damaged: false } // readable, but the passphrase doesn't open it
  | { ok: false; damaged: true; reason: string };

/** A key file's JSON checked before anything is derived: hostile parameters are damage. */
export function parseKeyFile(bytes: Buffer): { ok: true; file: KeyFile } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error.issues) };
  return { ok: true, file: parsed.data };
}

export async function unwrapKeyFile(file: KeyFile, passphrase: string): Promise<UnwrapResult> {
  const wrapKey = await deriveKeyAsync(passphrase, file.kdf);
  const masterKey = open(wrapKey, Buffer.from(file.masterKey, 'base64'), keyAad);
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
 * Tries the key files with `passphrase`, in name order; the first whose master key `accept`s
 * (i.e. opens the config) wins. A key file that opens but whose key is rejected — a leftover of
 * an interrupted init — is skipped like a wrong passphrase. A key file that is too large, not a
 * key file, or asks for too much key derivation is skipped as damaged. After `maxKeyFilesTried`
 * derivations without success, `repo.too_many_keys`.
 */
export async function findMasterKey(
  backend: Backend,
  passphrase: string,
  accept: (masterKey: Buffer) => Promise<boolean>,
  opts: { signal?: AbortSignal } = {},
): Promise<KeySearch> {
  const search: KeySearch = { tried: 0, damaged: [], refused: [] };
  const keys: { key: string; size: number }[] = [];
  for await (const o of backend.list('keys/', opts)) keys.push(o);
  keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let derived = 0;
  for (const { key, size } of keys) {
    opts.signal?.throwIfAborted();
    search.tried++;
    // The listed size spares reading a file known to be too large; the read checks again.
    const read =
      size > maxKeyFileBytes
        ? { ok: false as const, reason: tooLargeReason(maxKeyFileBytes) }
        : await readCapped(backend, key, maxKeyFileBytes, opts);
    if (!read.ok) {
      search.damaged.push(`${key}: ${read.reason}`);
      continue;
    }
    if (sha256Hex(read.bytes) !== key.slice('keys/'.length)) {
      search.damaged.push(`${key}: content does not match its name`);
      continue;
    }
    const parsed = parseKeyFile(read.bytes);
    if (!parsed.ok) {
      search.damaged.push(`${key}: ${parsed.reason}`);
      continue;
    }
    if (derived === maxKeyFilesTried) throw tooManyKeys(backend.location, keys.length, search);
    derived++;
    const r = await unwrapKeyFile(parsed.file, passphrase);
    opts.signal?.throwIfAborted();
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

function tooManyKeys(location: string, keyFiles: number, search: KeySearch): LifeboatError {
  return new LifeboatError(
    'repo.too_many_keys',
    `The passphrase opens none of the first ${maxKeyFilesTried} key files of ${location}, and Lifeboat tries no more ` +
      `(it has ${keyFiles} key files; each try costs a slow key derivation). Check the passphrase; ` +
      'if it is right, key files that are not yours were added to the storage.',
    { location, keyFiles, tried: maxKeyFilesTried, damagedKeys: search.damaged },
  );
}

/** Stores a new key file for `passphrase`; returns its id. */
export async function storeKeyFile(
  backend: Backend,
  masterKey: Buffer,
  passphrase: string,
  opts: { signal?: AbortSignal; kdf?: ScryptParams } = {},
): Promise<string> {
  const file = await createKeyFile(masterKey, passphrase, opts.kdf);
  await backend.put(keyFileKey(file.id), file.bytes, opts);
  return file.id;
}
