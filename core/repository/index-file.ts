// Index files (FORMAT.md, "Index files"): `index/<id>`, sealed JSON listing packs and the blobs
// in each. Written only after every pack it lists is stored, so an index never points at a pack
// that was not (completely) written. id = SHA-256 of the stored bytes.
import { z } from 'zod';
import type { Backend } from './backend/backend';
import { readCapped } from './capped-read';
import type { CompressionSettings } from './compression';
import { damagedFile, unsupportedVersion } from './errors';
import { idSchema, indexKey, isId } from './ids';
import { objectWithKeys, packEntrySchema, plainPackEntry, type PackEntry } from './pack-entry';
import { documentAad, maxSealedDocumentBytes, openJson, sealJson } from './sealed-json';

export const indexVersion = 1;

export const indexFileSchema = z.object({
  version: z.literal(indexVersion),
  packs: z.array(
    z.object({
      id: idSchema,
      blobs: z.array(packEntrySchema),
    }),
  ),
});

export interface IndexedPack {
  id: string;
  blobs: PackEntry[];
}

type IndexFile = z.infer<typeof indexFileSchema>;

/** indexFileSchema's checks by hand (see plainPackEntry): true only for a file it passes unchanged. */
export function plainIndexFile(json: unknown): json is IndexFile {
  if (!objectWithKeys(json, 2) || json.version !== indexVersion || !Array.isArray(json.packs)) return false;
  return json.packs.every(
    (p: unknown) =>
      objectWithKeys(p, 2) &&
      typeof p.id === 'string' &&
      isId(p.id) &&
      Array.isArray(p.blobs) &&
      p.blobs.every(plainPackEntry),
  );
}

export async function writeIndexFile(
  backend: Backend,
  masterKey: Buffer,
  packs: IndexedPack[],
  settings: CompressionSettings,
  opts: { signal?: AbortSignal } = {},
): Promise<{ id: string; bytes: number }> {
  const { id, bytes } = await sealJson(
    masterKey,
    { version: indexVersion, packs },
    documentAad.index,
    settings,
  );
  await backend.put(indexKey(id), bytes, opts);
  return { id, bytes: bytes.length };
}

/** Reads and checks `index/<id>`; damage (too large included) → `repo.damaged_index` naming the file. */
export async function readIndexFile(
  backend: Backend,
  masterKey: Buffer,
  id: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ packs: IndexedPack[]; bytes: number }> {
  const key = indexKey(id);
  const read = await readCapped(backend, key, maxSealedDocumentBytes, opts);
  if (!read.ok) throw damagedFile('repo.damaged_index', backend.location, key, read.reason);
  const bytes = read.bytes;
  const r = await openJson(masterKey, bytes, documentAad.index, indexFileSchema, {
    expectedId: id,
    knownVersion: indexVersion,
    plain: plainIndexFile,
  });
  if (!r.ok) {
    if (r.version !== undefined) throw unsupportedVersion(backend.location, `Index file ${key}`, r.version);
    throw damagedFile('repo.damaged_index', backend.location, key, r.reason);
  }
  return { packs: r.value.packs, bytes: bytes.length };
}
