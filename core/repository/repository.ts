// The repository: open or initialise one on a Backend, then save and load blobs, trees and
// snapshots (FORMAT.md describes every byte). This is the hub file; each idea it uses lives in
// its own file (keys, config, blob codec, packs, index, trees, snapshots).
//
// Write order is what makes the format crash-safe: packs → index file(s) listing them →
// snapshot. Every object is new and immutable (the backend refuses overwrites), so a crash or a
// cancel at any point leaves, at worst, packs no index lists (or an index no snapshot needs):
// orphans, harmless, removable by a future prune. Existing restore points are never touched.
import { randomBytes } from 'node:crypto';
import { LifeboatError, isLifeboatError } from '../api/errors';
import { keyBytes, type ScryptParams } from '../estate/vault/crypto';
import type { Backend } from './backend/backend';
import { decodeBlob, encodeBlob, maxBlobBytes } from './blob-codec';
import { loadBlobs, readBlobs, type BlobResult, type BlobSource, type ReadBlobsOptions } from './blob-reader';
import { readCapped } from './capped-read';
import { chunker, type ChunkerParams } from './chunker';
import type { CompressionSettings } from './compression';
import {
  configSchema,
  fetchConfigBytes,
  newConfig,
  openConfig,
  writeConfig,
  type RepositoryConfig,
} from './config';
import {
  alreadyInitialized,
  blobTooLarge,
  damagedBlob,
  damagedFile,
  describeIssues,
  invalidInput,
  missingBlob,
  notInitialized,
  unsupportedVersion,
  wrongPassphrase,
} from './errors';
import { configKey, idOfKey, packKey, sha256HexAsync, snapshotKey, type BlobType } from './ids';
import { writeIndexFile, type IndexedPack } from './index-file';
import { findMasterKey, storeKeyFile } from './keys';
import { loadMasterIndex, MasterIndex, type BlobLocation } from './master-index';
import type { PackEntry } from './pack-entry';
import { readPackHeader } from './pack-reader';
import { PackUploader } from './pack-uploader';
import { defaultPackSize, PackWriter, type FinishedPack } from './pack-writer';
import { documentAad, maxSealedDocumentBytes, openJson, sealJson } from './sealed-json';
import {
  snapshotInputSchema,
  snapshotSchema,
  snapshotVersion,
  type Snapshot,
  type SnapshotInput,
} from './snapshot';
import { TreeCache } from './tree-cache';
import { decodeTree, encodeTree, type Tree } from './tree';

export type { BlobType } from './ids';
export type { Tree, TreeNode } from './tree';
export type { Snapshot, SnapshotInput } from './snapshot';
export type { BlobLocation } from './master-index';
export type { PackEntry } from './pack-entry';
export type { BlobResult, ReadBlobsOptions } from './blob-reader';

interface Signal {
  signal?: AbortSignal;
}

export interface SavedBlob {
  id: string;
  /** false: the repository (or this session) already had it — deduplicated. */
  stored: boolean;
  /** Sealed bytes added to a pack (0 when deduplicated). */
  storedBytes: number;
}

export type SnapshotListing =
  | { id: string; snapshot: Snapshot; error?: undefined }
  | { id: string; snapshot?: undefined; error: LifeboatError };

export interface RepositoryStats {
  /** Bytes read from the backend by this handle (keys, config, index, blobs, snapshots). */
  bytesRead: number;
  /** Bytes the backend confirmed storing (packs, index files, snapshots, keys, config). */
  bytesWritten: number;
  blobsStored: number;
  blobsDeduplicated: number;
  packsWritten: number;
  indexFilesWritten: number;
}

export interface Repository {
  /** The config's random id (32 hex digits). */
  readonly id: string;
  readonly backend: Backend;
  readonly config: RepositoryConfig;
  /** The key file the passphrase opened (or init wrote). */
  readonly keyId: string;
  /** Damaged index files found when opening: reported here, never skipped silently. */
  readonly problems: readonly LifeboatError[];
  readonly stats: Readonly<RepositoryStats>;
  /** In an index, or saved in this session. Without `type`: of either type. */
  hasBlob(id: string, type?: BlobType): boolean;
  /** Where an indexed blob is (for restore planning: which packs, how many bytes). */
  locate(type: BlobType, id: string): BlobLocation | undefined;
  /**
   * Queues a blob for storage, deduplicated against the index and this session. Full packs are
   * uploaded in the background (a bounded number at once); this waits when that limit is reached.
   * After a failed or cancelled upload every later call rethrows that failure: the session is
   * over (nothing stored so far is damaged; open a new handle to continue).
   */
  saveBlob(type: BlobType, plaintext: Buffer, opts?: Signal): Promise<SavedBlob>;
  /**
   * One ranged read of exactly the blob's bytes, then decrypt, decompress and check the SHA-256.
   * `repo.missing_blob` when no index lists it (or its pack is gone), `repo.damaged_blob`
   * (naming blob and pack) when the bytes are wrong.
   */
  loadBlob(type: BlobType, id: string, opts?: Signal): Promise<Buffer>;
  /**
   * Many blobs, yielded in the order asked (an id asked twice comes twice). Neighbouring blobs of
   * a pack are read with one ranged read, a bounded number of reads and bytes ahead
   * (blob-reader.ts); each blob is checked as `loadBlob` checks it. Throws the first failure.
   */
  loadBlobs(
    type: BlobType,
    ids: readonly string[],
    opts?: ReadBlobsOptions,
  ): AsyncGenerator<{ id: string; plaintext: Buffer }>;
  /** As `loadBlobs`, but a missing or damaged blob is yielded with its error (verify). */
  readBlobs(type: BlobType, ids: readonly string[], opts?: ReadBlobsOptions): AsyncGenerator<BlobResult>;
  /**
   * Checks several blobs of ONE pack, read as `readBlobs` reads them. Returns per id undefined
   * (whole) or the error `loadBlob` would have thrown. Ids not indexed in that pack get
   * `repo.missing_blob`.
   */
  checkPackBlobs(
    type: BlobType,
    packId: string,
    ids: readonly string[],
    opts?: Signal,
  ): Promise<Map<string, LifeboatError | undefined>>;
  /** Closes open packs, waits for all uploads, then writes the index file for them. */
  flush(opts?: Signal): Promise<void>;
  /** Validates (`repo.invalid_tree`), checks that the blobs it refers to exist, saves it. */
  saveTree(tree: Tree, opts?: Signal): Promise<string>;
  /** Loads and validates a tree (`repo.damaged_tree`). */
  loadTree(id: string, opts?: Signal): Promise<Tree>;
  /** Flushes, checks the root tree is indexed, then writes the snapshot file — always last. */
  saveSnapshot(input: SnapshotInput, opts?: Signal): Promise<string>;
  loadSnapshot(id: string, opts?: Signal): Promise<Snapshot>;
  /** Every snapshot file; a damaged one is listed with its error instead of being dropped. */
  listSnapshots(opts?: Signal): AsyncIterable<SnapshotListing>;
  /** Content-defined chunks of a stream, with this repository's chunker parameters. */
  chunk(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts?: Signal): AsyncGenerator<Buffer>;
  /** A pack's own header, read with two ranged reads and checked against the pack's layout (for verify). */
  readPackHeader(packId: string, opts?: Signal): Promise<PackEntry[]>;
  /** Adds a key file so that `passphrase` opens the repository too; returns its id. */
  addKey(passphrase: string, opts?: Signal & { kdf?: ScryptParams }): Promise<string>;
}

export interface RepositoryOptions extends Signal {
  /** Target pack size: a pack is closed once its blobs reach it (default 16 MiB). */
  packSize?: number;
  /** Pack uploads in flight at once (default 3). */
  uploadsInFlight?: number;
  /** Write an index file as soon as this many stored blobs wait for one (default 50 000). */
  indexEveryBlobs?: number;
  /** Index files read at once when opening (default 8). */
  indexConcurrency?: number;
}

export interface InitOptions extends RepositoryOptions {
  chunker?: Partial<ChunkerParams>;
  compression?: CompressionSettings;
  /** scrypt parameters of the first key file (default: the vault's, N = 2^15). */
  kdf?: ScryptParams;
}

const program = 'lifeboat 0.1.0';

/** Creates a repository: a key file for `passphrase`, then the config. Refuses if a config exists. */
export async function initRepository(
  backend: Backend,
  passphrase: string,
  opts: InitOptions = {},
): Promise<Repository> {
  const signal = sig(opts);
  if (await backend.stat(configKey, signal)) throw alreadyInitialized(backend.location);
  const config = newConfig(opts);
  const checked = configSchema.safeParse(config);
  if (!checked.success) {
    throw new LifeboatError(
      'repo.invalid_config',
      `Refusing to create a repository with these settings: ${describeIssues(checked.error.issues)}.`,
    );
  }
  const masterKey = randomBytes(keyBytes);
  // Key first: a crash before the config leaves a stray key file, and no config means the
  // location still counts as uninitialised; open skips key files that don't open the config.
  const keyId = await storeKeyFile(backend, masterKey, passphrase, {
    ...signal,
    ...(opts.kdf ? { kdf: opts.kdf } : {}),
  });
  try {
    await writeConfig(backend, masterKey, config, signal);
  } catch (e) {
    if (isLifeboatError(e) && e.code === 'repo.object_exists') throw alreadyInitialized(backend.location);
    throw e;
  }
  return new Session(backend, masterKey, keyId, config, new MasterIndex(), [], opts);
}

/** Opens with any key file `passphrase` unwraps, then reads every index file. */
export async function openRepository(
  backend: Backend,
  passphrase: string,
  opts: RepositoryOptions = {},
): Promise<Repository> {
  const signal = sig(opts);
  const configBytes = await fetchConfigBytes(backend, signal);
  let config: RepositoryConfig | undefined;
  let configError: Error | undefined;
  const search = await findMasterKey(
    backend,
    passphrase,
    async (masterKey) => {
      const r = await openConfig(backend.location, configBytes, masterKey);
      if (r.ok) config = r.config;
      else if (r.authentic) configError = r.error;
      return r.ok || r.authentic;
    },
    signal,
  );
  if (search.tried === 0) throw notInitialized(backend.location, 'it has no key file');
  if (!search.found) {
    if (search.refused.length > 0) {
      throw damagedFile(
        'repo.damaged_config',
        backend.location,
        configKey,
        `the passphrase opens ${search.refused.join(', ')}, but that key does not decrypt the config ` +
          '(the config is damaged, or the key file belongs to another repository)',
      );
    }
    throw wrongPassphrase(backend.location, search.tried, search.damaged);
  }
  if (configError || !config) throw configError ?? new Error('config not opened');
  const loaded = await loadMasterIndex(backend, search.found.masterKey, {
    ...signal,
    concurrency: opts.indexConcurrency ?? 8,
  });
  const repo = new Session(
    backend,
    search.found.masterKey,
    search.found.keyId,
    config,
    loaded.index,
    loaded.problems,
    opts,
  );
  repo.stats.bytesRead += configBytes.length + loaded.bytesRead;
  return repo;
}

function sig(opts: Signal | undefined): Signal {
  return opts?.signal ? { signal: opts.signal } : {};
}

const slot = (type: BlobType, id: string) => `${type}:${id}`;

class Session implements Repository {
  readonly stats: RepositoryStats = {
    bytesRead: 0,
    bytesWritten: 0,
    blobsStored: 0,
    blobsDeduplicated: 0,
    packsWritten: 0,
    indexFilesWritten: 0,
  };
  private readonly packSize: number;
  private readonly indexEveryBlobs: number;
  private readonly writers: Record<BlobType, PackWriter> = {
    data: new PackWriter('data'),
    tree: new PackWriter('tree'),
  };
  private readonly uploader: PackUploader;
  /** Blobs of this session not yet in an index file (queued, packed, uploading or stored). */
  private readonly claimed = new Set<string>();
  /** Sealed bytes of blobs whose pack is not stored yet, so they can be loaded meanwhile. */
  private readonly inMemory = new Map<string, { bytes: Buffer; rawLength: number }>();
  /** Blobs in stored packs that wait for an index file. */
  private readonly stored = new Map<string, BlobLocation>();
  private readonly trees = new TreeCache();
  private pendingIndex: IndexedPack[] = [];
  private pendingIndexBlobs = 0;
  private indexing: Promise<void> = Promise.resolve();
  private readonly reader: BlobSource;

  constructor(
    readonly backend: Backend,
    private readonly masterKey: Buffer,
    readonly keyId: string,
    readonly config: RepositoryConfig,
    private readonly index: MasterIndex,
    readonly problems: LifeboatError[],
    opts: RepositoryOptions,
  ) {
    this.packSize = Math.max(1, opts.packSize ?? defaultPackSize);
    this.indexEveryBlobs = Math.max(1, opts.indexEveryBlobs ?? 50_000);
    this.uploader = new PackUploader(backend, Math.max(1, opts.uploadsInFlight ?? 3), (pack) =>
      this.packStored(pack),
    );
    this.reader = {
      backend,
      locate: (t, id) => this.locate(t, id),
      loadUnlocated: (t, id, o) => this.loadBlob(t, id, o),
      decode: (t, id, packId, bytes, rawLength) => this.decode(t, id, packId, bytes, rawLength),
      countRead: (n) => {
        this.stats.bytesRead += n;
      },
    };
  }

  get id(): string {
    return this.config.id;
  }

  hasBlob(id: string, type?: BlobType): boolean {
    const types: BlobType[] = type ? [type] : ['data', 'tree'];
    return types.some((t) => this.index.has(t, id) || this.claimed.has(slot(t, id)));
  }

  locate(type: BlobType, id: string): BlobLocation | undefined {
    return this.index.get(type, id) ?? this.stored.get(slot(type, id));
  }

  async saveBlob(type: BlobType, plaintext: Buffer, opts: Signal = {}): Promise<SavedBlob> {
    opts.signal?.throwIfAborted();
    this.uploader.throwIfFailed();
    if (plaintext.length > maxBlobBytes) throw blobTooLarge(plaintext.length, maxBlobBytes);
    const id = await sha256HexAsync(plaintext);
    const key = slot(type, id);
    if (this.index.has(type, id) || this.claimed.has(key)) {
      this.stats.blobsDeduplicated++;
      return { id, stored: false, storedBytes: 0 };
    }
    this.claimed.add(key);
    let blob;
    try {
      blob = await encodeBlob(this.masterKey, type, id, plaintext, this.config.compression);
    } catch (e) {
      this.claimed.delete(key);
      throw e;
    }
    const writer = this.writers[type];
    writer.add(blob);
    this.inMemory.set(key, { bytes: blob.bytes, rawLength: blob.rawLength });
    this.stats.blobsStored++;
    if (writer.size >= this.packSize) await this.closePack(type, opts);
    if (this.pendingIndexBlobs >= this.indexEveryBlobs) await this.writeIndex(opts);
    return { id, stored: true, storedBytes: blob.bytes.length };
  }

  async loadBlob(type: BlobType, id: string, opts: Signal = {}): Promise<Buffer> {
    const key = slot(type, id);
    const loc = this.locate(type, id);
    if (!loc) {
      const mem = this.inMemory.get(key);
      if (mem) return this.decode(type, id, '(not yet stored)', mem.bytes, mem.rawLength);
      throw missingBlob(this.backend.location, type, id, this.missingReason(), {
        damagedIndexFiles: this.problems.map((p) => (p.details as { key?: string } | undefined)?.key),
      });
    }
    let bytes: Buffer;
    try {
      bytes = await this.backend.get(
        packKey(loc.packId),
        { offset: loc.offset, length: loc.length },
        sig(opts),
      );
    } catch (e) {
      if (isLifeboatError(e) && e.code === 'repo.object_missing') {
        throw missingBlob(this.backend.location, type, id, `its pack ${loc.packId} is missing`, {
          pack: loc.packId,
        });
      }
      if (isLifeboatError(e) && e.code === 'repo.bad_range') {
        throw damagedBlob(
          this.backend.location,
          type,
          id,
          loc.packId,
          'the pack is shorter than the index says',
        );
      }
      throw e;
    }
    this.stats.bytesRead += bytes.length;
    if (bytes.length !== loc.length) {
      throw damagedBlob(
        this.backend.location,
        type,
        id,
        loc.packId,
        `read ${bytes.length} bytes, expected ${loc.length}`,
      );
    }
    return this.decode(type, id, loc.packId, bytes, loc.rawLength);
  }

  loadBlobs(
    type: BlobType,
    ids: readonly string[],
    opts: ReadBlobsOptions = {},
  ): AsyncGenerator<{ id: string; plaintext: Buffer }> {
    return loadBlobs(this.reader, type, ids, opts);
  }

  readBlobs(type: BlobType, ids: readonly string[], opts: ReadBlobsOptions = {}): AsyncGenerator<BlobResult> {
    return readBlobs(this.reader, type, ids, opts);
  }

  async checkPackBlobs(
    type: BlobType,
    packId: string,
    ids: readonly string[],
    opts: Signal = {},
  ): Promise<Map<string, LifeboatError | undefined>> {
    const out = new Map<string, LifeboatError | undefined>();
    const inPack: string[] = [];
    for (const id of ids) {
      if (this.locate(type, id)?.packId === packId) inPack.push(id);
      else {
        const why = `it is not indexed in pack ${packId}`;
        out.set(id, missingBlob(this.backend.location, type, id, why, { pack: packId }));
      }
    }
    for await (const r of this.readBlobs(type, inPack, sig(opts))) out.set(r.id, r.error);
    return out;
  }

  async flush(opts: Signal = {}): Promise<void> {
    for (const type of ['data', 'tree'] as const)
      if (this.writers[type].count > 0) await this.closePack(type, opts);
    await this.uploader.drain();
    await this.writeIndex(opts);
  }

  async saveTree(tree: Tree, opts: Signal = {}): Promise<string> {
    const bytes = encodeTree(tree);
    for (const node of tree.nodes) {
      for (const id of node.content ?? []) this.requireSaved('data', id);
      if (node.subtree) this.requireSaved('tree', node.subtree);
    }
    return (await this.saveBlob('tree', bytes, opts)).id;
  }

  async loadTree(id: string, opts: Signal = {}): Promise<Tree> {
    const hit = this.trees.get(id);
    if (hit) return hit;
    const plaintext = await this.loadBlob('tree', id, opts);
    const tree = decodeTree(id, plaintext);
    this.trees.set(id, tree, plaintext.length);
    return tree;
  }

  async saveSnapshot(input: SnapshotInput, opts: Signal = {}): Promise<string> {
    const parsed = snapshotInputSchema.safeParse(input);
    if (!parsed.success) throw invalidInput('repo.invalid_snapshot', describeIssues(parsed.error.issues));
    await this.flush(opts);
    if (!this.index.has('tree', parsed.data.tree)) {
      throw missingBlob(
        this.backend.location,
        'tree',
        parsed.data.tree,
        "the snapshot's root tree was never saved",
      );
    }
    const snapshot: Snapshot = snapshotSchema.parse({
      ...parsed.data,
      version: snapshotVersion,
      time: parsed.data.time ?? new Date().toISOString(),
      program,
      complete: true,
    });
    const { id, bytes } = await sealJson(
      this.masterKey,
      snapshot,
      documentAad.snapshot,
      this.config.compression,
    );
    await this.backend.put(snapshotKey(id), bytes, sig(opts));
    this.stats.bytesWritten += bytes.length;
    return id;
  }

  async loadSnapshot(id: string, opts: Signal = {}): Promise<Snapshot> {
    const key = snapshotKey(id);
    let read;
    try {
      read = await readCapped(this.backend, key, maxSealedDocumentBytes, sig(opts));
    } catch (e) {
      if (isLifeboatError(e) && e.code === 'repo.object_missing') {
        throw new LifeboatError(
          'repo.snapshot_not_found',
          `There is no snapshot ${id} in ${this.backend.location}.`,
          {
            location: this.backend.location,
            snapshot: id,
          },
        );
      }
      throw e;
    }
    if (!read.ok) throw damagedFile('repo.damaged_snapshot', this.backend.location, key, read.reason);
    const bytes = read.bytes;
    this.stats.bytesRead += bytes.length;
    const r = await openJson(this.masterKey, bytes, documentAad.snapshot, snapshotSchema, {
      expectedId: id,
      knownVersion: snapshotVersion,
    });
    if (r.ok) return r.value;
    if (r.version !== undefined)
      throw unsupportedVersion(this.backend.location, `Snapshot ${key}`, r.version);
    throw damagedFile('repo.damaged_snapshot', this.backend.location, key, r.reason);
  }

  async *listSnapshots(opts: Signal = {}): AsyncGenerator<SnapshotListing> {
    const keys: string[] = [];
    for await (const o of this.backend.list('snapshots/', sig(opts))) keys.push(o.key);
    keys.sort();
    for (const key of keys) {
      const id = idOfKey(key);
      if (!id) {
        yield {
          id: key,
          error: damagedFile('repo.damaged_snapshot', this.backend.location, key, 'not a snapshot name'),
        };
        continue;
      }
      try {
        yield { id, snapshot: await this.loadSnapshot(id, opts) };
      } catch (e) {
        if (!isLifeboatError(e) || !['repo.damaged_snapshot', 'repo.unsupported_version'].includes(e.code))
          throw e;
        yield { id, error: e };
      }
    }
  }

  chunk(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: Signal = {}): AsyncGenerator<Buffer> {
    return chunker(source, this.config.chunker, opts);
  }

  readPackHeader(packId: string, opts: Signal = {}): Promise<PackEntry[]> {
    return readPackHeader(this.backend, this.masterKey, packId, sig(opts));
  }

  async addKey(passphrase: string, opts: Signal & { kdf?: ScryptParams } = {}): Promise<string> {
    return storeKeyFile(this.backend, this.masterKey, passphrase, opts);
  }

  private async decode(
    type: BlobType,
    id: string,
    packId: string,
    bytes: Buffer,
    rawLength: number,
  ): Promise<Buffer> {
    const r = await decodeBlob(this.masterKey, type, id, bytes, rawLength);
    if (!r.ok) throw damagedBlob(this.backend.location, type, id, packId, r.reason);
    return r.plaintext;
  }

  private missingReason(): string {
    if (this.problems.length === 0) return 'no index file lists it';
    const files = this.problems.map((p) => (p.details as { key?: string } | undefined)?.key ?? p.message);
    return `no readable index file lists it, and ${files.length === 1 ? '1 index file is' : `${files.length} index files are`} damaged (${files.join(', ')}); run lifeboat verify on the points of this repository`;
  }

  private requireSaved(type: BlobType, id: string): void {
    if (!this.hasBlob(id, type)) {
      throw missingBlob(this.backend.location, type, id, 'the tree refers to it, but it was never saved');
    }
  }

  private async closePack(type: BlobType, opts: Signal): Promise<void> {
    const writer = this.writers[type];
    this.writers[type] = new PackWriter(type);
    let pack: FinishedPack;
    try {
      pack = await writer.finish(this.masterKey, this.config.compression);
    } catch (e) {
      this.uploader.fail(e); // its blobs are lost: end the session rather than index a lie
      throw e;
    }
    // Keep the blobs loadable from the pack's bytes only (the writer's parts can go).
    for (const e of pack.entries) {
      this.inMemory.set(slot(e.type, e.id), {
        bytes: pack.bytes.subarray(e.offset, e.offset + e.length),
        rawLength: e.rawLength,
      });
    }
    await this.uploader.enqueue(pack, opts.signal);
  }

  private packStored(pack: FinishedPack): void {
    this.stats.packsWritten++;
    this.stats.bytesWritten += pack.bytes.length;
    for (const e of pack.entries) {
      const key = slot(e.type, e.id);
      this.stored.set(key, { ...e, packId: pack.id });
      this.inMemory.delete(key);
    }
    this.pendingIndex.push({ id: pack.id, blobs: pack.entries });
    this.pendingIndexBlobs += pack.entries.length;
  }

  /** Writes one index file for every stored pack not yet indexed (one writer at a time). */
  private writeIndex(opts: Signal): Promise<void> {
    const run = this.indexing.then(async () => {
      const packs = this.pendingIndex;
      if (packs.length === 0) return;
      this.pendingIndex = [];
      this.pendingIndexBlobs = 0;
      try {
        const written = await writeIndexFile(
          this.backend,
          this.masterKey,
          packs,
          this.config.compression,
          sig(opts),
        );
        this.stats.bytesWritten += written.bytes;
        this.stats.indexFilesWritten++;
        this.index.files.add(written.id);
      } catch (e) {
        this.pendingIndex = [...packs, ...this.pendingIndex];
        this.pendingIndexBlobs += packs.reduce((n, p) => n + p.blobs.length, 0);
        throw e;
      }
      for (const p of packs) {
        this.index.addPack(p);
        for (const b of p.blobs) {
          const key = slot(b.type, b.id);
          this.stored.delete(key);
          this.claimed.delete(key);
        }
      }
    });
    this.indexing = run.catch(() => undefined);
    return run;
  }
}
