// Collects sealed blobs into one pack (FORMAT.md, "Packs"):
//
//   [blob 1][blob 2]…[blob n][sealed header][header length: uint32 little-endian]
//
// The header is sealed JSON { version: 1, blobs: [PackEntry…] } (associated data
// "lifeboat/pack-header"), so a pack describes itself and an index can be rebuilt from packs.
// The pack's id is the SHA-256 of all its bytes. Memory: the pack is held until finished.
import type { EncodedBlob } from './blob-codec';
import type { CompressionSettings } from './compression';
import { sha256HexAsync, type BlobType } from './ids';
import type { PackEntry } from './pack-entry';
import { documentAad, sealJson } from './sealed-json';

export const packHeaderVersion = 1;
export const defaultPackSize = 16 * 1024 * 1024;

export interface FinishedPack {
  id: string;
  bytes: Buffer;
  entries: PackEntry[];
}

export class PackWriter {
  private readonly parts: Buffer[] = [];
  private readonly list: PackEntry[] = [];
  private bytes = 0;

  constructor(readonly type: BlobType) {}

  /** Appends a sealed blob; returns where it will sit. */
  add(blob: EncodedBlob): PackEntry {
    const entry: PackEntry = {
      type: blob.type,
      id: blob.id,
      offset: this.bytes,
      length: blob.bytes.length,
      rawLength: blob.rawLength,
      compression: blob.compression,
    };
    this.parts.push(blob.bytes);
    this.list.push(entry);
    this.bytes += blob.bytes.length;
    return entry;
  }

  /** Bytes of blobs so far (the header comes on top). */
  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.list.length;
  }

  get entries(): readonly PackEntry[] {
    return this.list;
  }

  /** The finished pack's bytes and id. The writer must not be used afterwards. */
  async finish(masterKey: Buffer, settings: CompressionSettings): Promise<FinishedPack> {
    const header = await sealJson(
      masterKey,
      { version: packHeaderVersion, blobs: this.list },
      documentAad.packHeader,
      settings,
    );
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32LE(header.bytes.length, 0);
    const bytes = Buffer.concat([...this.parts, header.bytes, trailer]);
    return { id: await sha256HexAsync(bytes), bytes, entries: [...this.list] };
  }
}
