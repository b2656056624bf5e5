// Storage for a repository: a flat set of immutable objects under the repository's root (an S3
// bucket prefix or a local folder). The repository format (core/repository) is written only
// through this interface, so the same format lives on S3 and on a local folder.
//
// Keys are relative to the repository root and always one of (see FORMAT.md):
//   config | keys/<64 hex> | index/<64 hex> | snapshots/<64 hex> | packs/<2 hex>/<64 hex>
// A backend refuses any other key (and therefore anything outside the root) with
// `repo.bad_key` before touching storage.

export interface ObjectInfo {
  /** Relative key, e.g. "packs/ab/ab12…". */
  key: string;
  size: number;
}

/** Options of a read. */
export interface ReadOptions {
  signal?: AbortSignal;
  /**
   * The most bytes the caller accepts (a whole object, or a range). Anything longer is refused
   * with `repo.object_too_large` before it is held in memory: the size the storage announces is
   * checked first, and the bytes that arrive are counted too, in case that size was wrong. Whole
   * reads of keys, config, index files and snapshots set it, so one huge object planted in the
   * storage can't exhaust memory or block opening the repository.
   */
  maxBytes?: number;
}

export interface Backend {
  /** Where it is, for messages: "s3://bucket/prefix at http://…" or the folder. */
  readonly location: string;
  /**
   * Stores a new object. Append-only: an existing key is never overwritten — `put` of a key that
   * exists fails with `repo.object_exists` (content-addressed callers treat that as done).
   * Atomic: a reader sees the whole object or none of it; a failed or cancelled put leaves
   * nothing behind under the key.
   */
  put(key: string, data: Buffer, opts?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Reads a whole object, or `length` bytes from `offset` (a ranged read). Missing →
   * `repo.object_missing`; a range past the end → `repo.bad_range`; more than `opts.maxBytes`
   * → `repo.object_too_large`.
   */
  get(key: string, range?: { offset: number; length: number }, opts?: ReadOptions): Promise<Buffer>;
  /** The object's size, or undefined when it does not exist. */
  stat(key: string, opts?: { signal?: AbortSignal }): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix` ("snapshots/", "packs/"), in no set order. */
  list(prefix: string, opts?: { signal?: AbortSignal }): AsyncIterable<ObjectInfo>;
  /** Removes an object; absent is not an error. Only for explicit maintenance (and tests). */
  delete(key: string, opts?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Releases what the backend keeps open between calls (the local folder's file handles, which
   * also close on their own when idle); the backend stays usable.
   */
  close?(): Promise<void>;
}
