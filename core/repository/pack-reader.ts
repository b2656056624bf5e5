// Reading a pack's own header with two ranged reads (the 4-byte trailer, then the header), and
// checking that it describes the pack exactly: blobs back to back from offset 0 up to the header.
// For verify and index rebuilds; restores read single blobs through the index instead.
import { z } from 'zod';
import type { Backend } from './backend/backend';
import { damagedPack } from './errors';
import { packKey } from './ids';
import { packEntrySchema, type PackEntry } from './pack-entry';
import { packHeaderVersion } from './pack-writer';
import { documentAad, openJson } from './sealed-json';

const maxHeaderBytes = 64 * 1024 * 1024;

export const packHeaderSchema = z.object({
  version: z.literal(packHeaderVersion),
  blobs: z.array(packEntrySchema),
});

/** Checks that entries tile [0, end) in order; returns the problem or undefined. */
export function checkLayout(entries: readonly PackEntry[], end: number): string | undefined {
  let at = 0;
  for (const e of entries) {
    if (e.offset !== at) return `blob ${e.id.slice(0, 12)} is at offset ${e.offset}, expected ${at}`;
    at += e.length;
  }
  return at === end ? undefined : `blobs end at ${at} but the header starts at ${end}`;
}

export async function readPackHeader(
  backend: Backend,
  masterKey: Buffer,
  packId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<PackEntry[]> {
  const key = packKey(packId);
  const info = await backend.stat(key, opts);
  if (!info) throw damagedPack(backend.location, packId, 'the pack object is missing');
  if (info.size < 4)
    throw damagedPack(backend.location, packId, `${info.size} bytes is too short for a pack`);
  const trailer = await backend.get(key, { offset: info.size - 4, length: 4 }, opts);
  const headerLength = trailer.readUInt32LE(0);
  if (headerLength > info.size - 4 || headerLength > maxHeaderBytes) {
    throw damagedPack(backend.location, packId, `header length ${headerLength} does not fit the pack`);
  }
  const headerStart = info.size - 4 - headerLength;
  const header = await backend.get(key, { offset: headerStart, length: headerLength }, opts);
  const r = await openJson(masterKey, header, documentAad.packHeader, packHeaderSchema, {
    knownVersion: packHeaderVersion,
  });
  if (!r.ok) throw damagedPack(backend.location, packId, `header: ${r.reason}`);
  const problem = checkLayout(r.value.blobs, headerStart);
  if (problem) throw damagedPack(backend.location, packId, problem);
  return r.value.blobs;
}
