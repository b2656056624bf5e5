// The in-memory union of all index files: (type, blob id) → where the blob is. Built when a
// repository is opened; the session adds its packs as their index file is written.
//
// A damaged index file does not make the repository unusable: it is reported in `problems`
// (`repo.damaged_index`, naming the file) and its blobs look absent — a backup then stores them
// again, a restore that needs them fails with `repo.missing_blob` that mentions the damaged file,
// and verify/rebuild-index can repair it from the packs' own headers.
import { LifeboatError, isLifeboatError } from '../api/errors';
import type { Backend } from './backend/backend';
import { forEachBounded } from './bounded';
import { compressionFlags, algorithmOfFlag } from './compression';
import { idOfKey, type BlobType } from './ids';
import { readIndexFile, type IndexedPack } from './index-file';
import type { PackEntry } from './pack-entry';

export interface BlobLocation extends PackEntry {
  packId: string;
}

/** Compact per-blob record: the pack as a number into `packIds`. */
interface Slot {
  pack: number;
  offset: number;
  length: number;
  rawLength: number;
  compression: number;
}

export class MasterIndex {
  private readonly packIds: string[] = [];
  private readonly packNumbers = new Map<string, number>();
  private readonly blobs: Record<BlobType, Map<string, Slot>> = { data: new Map(), tree: new Map() };
  /** Index files read (by id). */
  readonly files = new Set<string>();

  addPack(pack: IndexedPack): void {
    let n = this.packNumbers.get(pack.id);
    if (n === undefined) {
      n = this.packIds.length;
      this.packIds.push(pack.id);
      this.packNumbers.set(pack.id, n);
    }
    for (const b of pack.blobs) {
      // The same blob may be in several packs (two writers stored it); the first one wins.
      if (this.blobs[b.type].has(b.id)) continue;
      this.blobs[b.type].set(b.id, {
        pack: n,
        offset: b.offset,
        length: b.length,
        rawLength: b.rawLength,
        compression: compressionFlags[b.compression],
      });
    }
  }

  has(type: BlobType, id: string): boolean {
    return this.blobs[type].has(id);
  }

  get(type: BlobType, id: string): BlobLocation | undefined {
    const s = this.blobs[type].get(id);
    if (!s) return undefined;
    return {
      type,
      id,
      packId: this.packIds[s.pack]!,
      offset: s.offset,
      length: s.length,
      rawLength: s.rawLength,
      compression: algorithmOfFlag(s.compression) ?? 'none',
    };
  }

  get blobCount(): number {
    return this.blobs.data.size + this.blobs.tree.size;
  }

  get packCount(): number {
    return this.packIds.length;
  }
}

export interface LoadedIndex {
  index: MasterIndex;
  /** One `repo.damaged_index` (or `repo.unsupported_version`) per index file that could not be used. */
  problems: LifeboatError[];
  bytesRead: number;
}

/**
 * Reads every `index/` file, `concurrency` at a time. Damaged files become `problems`; backend
 * failures (network, permissions) and cancellation are thrown — they say nothing about the data.
 */
export async function loadMasterIndex(
  backend: Backend,
  masterKey: Buffer,
  opts: { signal?: AbortSignal; concurrency?: number } = {},
): Promise<LoadedIndex> {
  const ids: string[] = [];
  const problems: LifeboatError[] = [];
  for await (const o of backend.list('index/', opts)) {
    const id = idOfKey(o.key);
    if (id) ids.push(id);
    else
      problems.push(
        new LifeboatError(
          'repo.damaged_index',
          `${o.key} in ${backend.location} is not a valid index file name.`,
          {
            location: backend.location,
            key: o.key,
          },
        ),
      );
  }
  ids.sort();
  const index = new MasterIndex();
  const loaded = new Map<string, IndexedPack[]>();
  let bytesRead = 0;
  await forEachBounded(ids, opts.concurrency ?? 8, async (id) => {
    try {
      const r = await readIndexFile(backend, masterKey, id, opts);
      bytesRead += r.bytes;
      loaded.set(id, r.packs);
    } catch (e) {
      if (isLifeboatError(e) && (e.code === 'repo.damaged_index' || e.code === 'repo.unsupported_version')) {
        problems.push(e);
      } else throw e;
    }
  });
  // Add in id order, so "first one wins" is the same on every laptop.
  for (const id of ids) {
    const packs = loaded.get(id);
    if (!packs) continue;
    for (const p of packs) index.addPack(p);
    index.files.add(id);
  }
  return { index, problems, bytesRead };
}
