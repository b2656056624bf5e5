// Open file handles of a local-folder repository, kept between ranged reads of the same pack. A
// restore reads a pack in many ranges; opening, checking and closing the file for each cost
// more than the read itself. Packs are immutable (a key names its content), so a handle kept
// open can never show stale bytes; `delete` evicts it all the same.
//
// Bounded: at most `max` files stay open (least recently used closed first, never one that a
// read is using), and a handle unused for `idleMs` is closed, so an idle app holds no descriptors
// (an unmounted disk is then noticed by the next read, and Windows can delete the file).
import type { FileHandle } from 'node:fs/promises';

export interface OpenFile {
  handle: FileHandle;
  /** The file's size when it was opened. */
  size: number;
}

interface Entry {
  opening: Promise<OpenFile>;
  /** Reads using the handle now. */
  users: number;
  lastUsed: number;
  /** Evicted while in use: closed when the last user is done. */
  evicted: boolean;
}

export interface HandleCache {
  /**
   * Runs `fn` with the open file for `key`, opening it with `open` first when none is kept. A
   * failed open is not kept. The handle must not be closed by `fn`.
   */
  use<T>(key: string, open: () => Promise<OpenFile>, fn: (file: OpenFile) => Promise<T>): Promise<T>;
  /** Closes the handle of `key` (once no read uses it). */
  evict(key: string): Promise<void>;
  /** Closes every handle (once no read uses it); the cache stays usable. */
  closeAll(): Promise<void>;
  /** Handles open or opening (for tests). */
  readonly size: number;
}

export function createHandleCache(max = 16, idleMs = 2000): HandleCache {
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;

  const close = async (entry: Entry): Promise<void> => {
    const file = await entry.opening.catch(() => undefined);
    await file?.handle.close().catch(() => undefined);
  };

  const drop = (key: string, entry: Entry): Promise<void> => {
    if (entries.get(key) === entry) entries.delete(key);
    if (entry.users > 0) {
      entry.evicted = true;
      return Promise.resolve();
    }
    return close(entry);
  };

  const sweep = () => {
    timer = undefined;
    const now = Date.now();
    for (const [key, entry] of entries) {
      if (entry.users === 0 && now - entry.lastUsed >= idleMs) void drop(key, entry);
    }
    schedule();
  };

  const schedule = () => {
    if (timer || entries.size === 0) return;
    // unref: a kept handle must never keep the process alive.
    timer = setTimeout(sweep, idleMs).unref();
  };

  /** Closes least recently used idle handles beyond `max`. */
  const trim = () => {
    for (const [key, entry] of entries) {
      if (entries.size <= max) return;
      if (entry.users === 0) void drop(key, entry);
    }
  };

  return {
    async use(key, open, fn) {
      let entry = entries.get(key);
      if (entry)
        entries.delete(key); // re-inserted below: the Map's order is the LRU order
      else {
        entry = { opening: open(), users: 0, lastUsed: Date.now(), evicted: false };
        const fresh = entry;
        fresh.opening.catch(() => {
          if (entries.get(key) === fresh) entries.delete(key);
        });
      }
      entries.set(key, entry);
      entry.users++;
      trim();
      schedule();
      try {
        return await fn(await entry.opening);
      } finally {
        entry.users--;
        entry.lastUsed = Date.now();
        if (entry.evicted && entry.users === 0) await close(entry);
      }
    },

    async evict(key) {
      const entry = entries.get(key);
      if (entry) await drop(key, entry);
    },

    async closeAll() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.all([...entries].map(([key, entry]) => drop(key, entry)));
    },

    get size() {
      return entries.size;
    },
  };
}
