// Encrypted JSON documents: config, index files, snapshots and pack headers (FORMAT.md, "Sealed
// JSON"). The document is UTF-8 JSON inside a sealed payload; files stored under their hash
// (index, snapshots) are checked against their name first. Everything read is validated with zod.
import type { z } from 'zod';
import type { CompressionSettings } from './compression';
import { describeIssues } from './errors';
import { sha256Hex } from './ids';
import { sealOverhead, sealPayload, unsealPayload } from './sealed';

/** The largest decoded JSON document accepted. */
export const maxDocumentBytes = 256 * 1024 * 1024;
/**
 * The largest stored index or snapshot file read: a document of the largest size stored
 * uncompressed (writers keep a compressed form only when it is smaller), plus the seal.
 */
export const maxSealedDocumentBytes = maxDocumentBytes + sealOverhead;

/** Associated data per role, so a document can't be passed off as another kind. */
export const documentAad = {
  config: 'lifeboat/config',
  index: 'lifeboat/index',
  snapshot: 'lifeboat/snapshot',
  packHeader: 'lifeboat/pack-header',
} as const;

export async function sealJson(
  key: Buffer,
  value: unknown,
  aad: string,
  settings: CompressionSettings,
): Promise<{ id: string; bytes: Buffer }> {
  const sealed = await sealPayload(key, Buffer.from(JSON.stringify(value), 'utf8'), aad, settings);
  return { id: sha256Hex(sealed.bytes), bytes: sealed.bytes };
}

export type OpenedJson<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: string;
      /** false when the bytes failed authentication (wrong key, or damaged/truncated ciphertext). */
      authentic: boolean;
      /** set when the document is from a newer format */
      version?: unknown;
    };

/**
 * Decrypts, parses and validates. `expectedId`, when given, must be the SHA-256 of `bytes` (the
 * file's name). A `version` above `knownVersion` is reported as such, not as damage. `plain`
 * lets the common case skip the schema (index files: see plainIndexFile).
 */
export async function openJson<T>(
  key: Buffer,
  bytes: Buffer,
  aad: string,
  schema: z.ZodType<T>,
  opts: {
    expectedId?: string;
    knownVersion?: number;
    /** A fast check that passes only documents the schema passes unchanged (the schema decides the rest). */
    plain?: (json: unknown) => json is T;
  } = {},
): Promise<OpenedJson<T>> {
  if (opts.expectedId !== undefined && sha256Hex(bytes) !== opts.expectedId) {
    return {
      ok: false,
      authentic: false,
      reason: 'its content does not match its name (SHA-256): truncated or altered',
    };
  }
  const r = await unsealPayload(key, bytes, aad, maxDocumentBytes);
  if (!r.ok) return r;
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.plaintext.toString('utf8'));
  } catch {
    return { ok: false, authentic: true, reason: 'not valid JSON' };
  }
  if (opts.knownVersion !== undefined && parsed !== null && typeof parsed === 'object') {
    const version = (parsed as { version?: unknown }).version;
    if (typeof version === 'number' && version > opts.knownVersion) {
      return {
        ok: false,
        authentic: true,
        reason: `format version ${version} is newer than this Lifeboat knows`,
        version,
      };
    }
  }
  if (opts.plain?.(parsed)) return { ok: true, value: parsed };
  const checked = schema.safeParse(parsed);
  if (!checked.success)
    return {
      ok: false,
      authentic: true,
      reason: `unexpected content (${describeIssues(checked.error.issues)})`,
    };
  return { ok: true, value: checked.data };
}
