// The repository's config object (FORMAT.md, "config"): its id, when it was made, and the
// parameters every writer must share (chunker, compression). Sealed JSON under the master key.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Backend } from './backend/backend';
import { chunkerParamsSchema, newChunkerParams, type ChunkerParams } from './chunker';
import { defaultCompression, type CompressionSettings } from './compression';
import { damagedFile, notInitialized, unsupportedVersion } from './errors';
import { readCapped } from './capped-read';
import { configKey } from './ids';
import { documentAad, openJson, sealJson } from './sealed-json';

export const configVersion = 1;
/** The largest config read (FORMAT.md, "Size limits"); one is a few hundred bytes. */
export const maxConfigBytes = 64 * 1024;

export const compressionSettingsSchema = z.object({
  algorithm: z.enum(['none', 'deflate-raw', 'brotli']),
  level: z.number().int().min(0).max(11),
  minSaving: z.number().min(0).max(0.5),
});

export const configSchema = z.object({
  version: z.literal(configVersion),
  /** 32 hex digits, random: names the repository in the catalog and in messages. */
  id: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.iso.datetime({ offset: true }),
  chunker: chunkerParamsSchema,
  compression: compressionSettingsSchema,
});

export interface RepositoryConfig {
  version: 1;
  id: string;
  createdAt: string;
  chunker: ChunkerParams;
  compression: CompressionSettings;
}

export function newConfig(
  opts: { chunker?: Partial<ChunkerParams>; compression?: CompressionSettings } = {},
): RepositoryConfig {
  return {
    version: configVersion,
    id: randomBytes(16).toString('hex'),
    createdAt: new Date().toISOString(),
    chunker: { ...newChunkerParams(), ...opts.chunker },
    compression: opts.compression ?? defaultCompression,
  };
}

export async function writeConfig(
  backend: Backend,
  masterKey: Buffer,
  config: RepositoryConfig,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  const parsed = configSchema.parse(config);
  const { bytes } = await sealJson(masterKey, parsed, documentAad.config, {
    algorithm: 'none',
    level: 0,
    minSaving: 0,
  });
  await backend.put(configKey, bytes, opts);
}

/**
 * The stored config bytes; `repo.not_initialized` when there is none, `repo.damaged_config`
 * when it is larger than a config may be.
 */
export async function fetchConfigBytes(
  backend: Backend,
  opts: { signal?: AbortSignal } = {},
): Promise<Buffer> {
  if (!(await backend.stat(configKey, opts)))
    throw notInitialized(backend.location, 'it has no config object');
  const r = await readCapped(backend, configKey, maxConfigBytes, opts);
  if (!r.ok) throw damagedFile('repo.damaged_config', backend.location, configKey, r.reason);
  return r.bytes;
}

export type OpenedConfig =
  { ok: true; config: RepositoryConfig } | { ok: false; authentic: boolean; error: Error };

/**
 * Opens the config with a candidate master key. `authentic: false` means the key is not this
 * repository's (authentication failed); anything else wrong is damage or a newer format.
 */
export async function openConfig(location: string, bytes: Buffer, masterKey: Buffer): Promise<OpenedConfig> {
  const r = await openJson(masterKey, bytes, documentAad.config, configSchema, {
    knownVersion: configVersion,
  });
  if (r.ok) return { ok: true, config: r.value as RepositoryConfig };
  if (r.version !== undefined)
    return { ok: false, authentic: true, error: unsupportedVersion(location, 'The config', r.version) };
  return {
    ok: false,
    authentic: r.authentic,
    error: damagedFile('repo.damaged_config', location, configKey, r.reason),
  };
}
