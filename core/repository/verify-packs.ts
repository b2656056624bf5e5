// Verify's look at the packs themselves (read modes): each pack a point reads from must carry its
// own header and trailer, authentic and describing the pack exactly (blobs back to back up to the
// header, the header up to the trailer: `readPackHeader`), and that header must put each of the
// point's blobs where the index does. With every blob the point needs read, decrypted and hashed,
// every byte of a pack that the point depends on is then authenticated: a changed header, bytes
// appended or cut off, or an index that disagrees with the pack is damage, reported for the
// point's blobs in that pack. Two small reads per pack; the pack's other blobs belong to other
// points and are theirs to check, so its hash as a whole is not recomputed (FORMAT.md §1).
import { isLifeboatError, type LifeboatError } from '../api/errors';
import { forEachBounded } from './bounded';
import { damagedBlob } from './errors';
import type { BlobType } from './ids';
import type { BlobLocation } from './master-index';
import type { Repository } from './repository';

export interface PackedBlob {
  type: BlobType;
  id: string;
}

/**
 * Checks the header of every pack the blobs are in (by the index; unindexed blobs are left out).
 * Returns the damage per blob (`${type}:${id}`): the pack's own (`repo.damaged_pack`), or the
 * blob's when the header disagrees with the index about it (`repo.damaged_blob`). Cancellation
 * and errors that are not damage (a backend that can't be reached) are thrown.
 */
export async function checkPackHeaders(
  repo: Pick<Repository, 'locate' | 'readPackHeader' | 'backend'>,
  blobs: Iterable<PackedBlob>,
  concurrency: number,
  signal?: AbortSignal,
): Promise<Map<string, LifeboatError>> {
  const byPack = new Map<string, { blob: PackedBlob; loc: BlobLocation }[]>();
  for (const blob of blobs) {
    const loc = repo.locate(blob.type, blob.id);
    if (!loc) continue;
    const list = byPack.get(loc.packId);
    if (list) list.push({ blob, loc });
    else byPack.set(loc.packId, [{ blob, loc }]);
  }
  const damage = new Map<string, LifeboatError>();
  await forEachBounded(byPack.keys(), concurrency, async (packId) => {
    const members = byPack.get(packId)!;
    let header;
    try {
      header = await repo.readPackHeader(packId, signal ? { signal } : {});
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      if (!isLifeboatError(e) || e.code !== 'repo.damaged_pack') throw e;
      for (const { blob } of members) damage.set(`${blob.type}:${blob.id}`, e);
      return;
    }
    const listed = new Map(header.map((e) => [`${e.type}:${e.id}`, e]));
    for (const { blob, loc } of members) {
      const e = listed.get(`${blob.type}:${blob.id}`);
      const problem = !e
        ? "the pack's own header does not list it"
        : e.offset !== loc.offset || e.length !== loc.length || e.rawLength !== loc.rawLength
          ? `the pack's header puts it at ${e.offset} (${e.length} bytes, ${e.rawLength} plain), the index at ${loc.offset} (${loc.length} bytes, ${loc.rawLength} plain)`
          : undefined;
      if (problem)
        damage.set(
          `${blob.type}:${blob.id}`,
          damagedBlob(repo.backend.location, blob.type, blob.id, packId, problem),
        );
    }
  });
  return damage;
}
