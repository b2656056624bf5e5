// Batched blob reads (restore, verify): many blobs yielded in the order asked, read from the
// backend as runs of neighbouring blobs (blob-runs.ts) instead of one ranged read each, with a
// bounded number of reads in flight and a bounded number of bytes held. Every blob is still
// decrypted, decompressed and checked against its id exactly as `loadBlob` does, and a damaged
// blob fails alone: its neighbours in the same run are handed out whole.
//
// Memory: runs are planned a window of requests at a time (gaps included, a window's runs span
// at most 32 MiB unless one blob is larger), a run's bytes are released once its last blob is
// handed out, and a new run is read only while the runs held stay under `aheadBytes` — except
// the run the caller is waiting for, which is always read (so a blob larger than the budget
// still loads, and the reader can never wait on itself). Plaintexts are decoded a few blobs
// ahead of the caller, no more.
import { LifeboatError, isLifeboatError } from '../api/errors';
import type { Backend } from './backend/backend';
import { defaultRunLimits, groupRuns, spanBytes, type Run, type RunLimits } from './blob-runs';
import { throwIfCancelled } from './backend/cancel';
import { damagedBlob, missingBlob } from './errors';
import { packKey, type BlobType } from './ids';
import type { BlobLocation } from './master-index';

export interface ReadBlobsOptions {
  signal?: AbortSignal;
  /**
   * Ranged reads at once (default 16: blobs scattered over many packs are each a read of their
   * own, and on S3 every one waits a round trip; the byte budget bounds the memory either way).
   */
  readsInFlight?: number;
  /** Bytes of runs read ahead of the caller and not yet handed out (default 32 MiB). */
  aheadBytes?: number;
  runLimits?: Partial<RunLimits>;
}

export type BlobResult =
  | { id: string; plaintext: Buffer; error?: undefined }
  | { id: string; plaintext?: undefined; error: LifeboatError };

/** What the reader needs of a repository session. */
export interface BlobSource {
  readonly backend: Backend;
  locate(type: BlobType, id: string): BlobLocation | undefined;
  /** A blob no index lists: `loadBlob`'s answer (this session's unstored blob, or its error). */
  loadUnlocated(type: BlobType, id: string, opts: { signal?: AbortSignal }): Promise<Buffer>;
  /** Decrypts, decompresses and checks length and hash; throws `repo.damaged_blob`. */
  decode(type: BlobType, id: string, packId: string, bytes: Buffer, rawLength: number): Promise<Buffer>;
  /** Counts bytes that came from the backend (stats.bytesRead). */
  countRead(bytes: number): void;
}

/** Requests planned at once: enough for runs to form, few enough to keep planning cheap. */
const windowBlobs = 2048;
const windowBytes = 16 * 1024 * 1024;
/** Blobs decoded ahead of the caller, so large ones decompress and hash on the thread pool meanwhile. */
const decodeAheadBlobs = 8;
const decodeAheadBytes = 16 * 1024 * 1024;

interface Fetched {
  /** The run's bytes from its offset; shorter than the run when the pack is cut short. */
  bytes: Buffer;
  /** The error of a blob that `bytes` does not cover. */
  short?: (id: string, loc: BlobLocation) => LifeboatError;
}

interface RunState extends Run {
  /** Blobs of the run not yet handed out; its bytes are dropped at 0. */
  remaining: number;
  fetched?: Fetched;
  ready: Promise<Fetched>;
  settle(f: Promise<Fetched>): void;
}

interface Item {
  id: string;
  loc?: BlobLocation;
  run?: RunState;
  result?: Promise<BlobResult>;
}

/**
 * Yields one result per id, in the order given (an id given twice is yielded twice). A blob that
 * cannot be read or is damaged is yielded with its error (`repo.missing_blob`,
 * `repo.damaged_blob`, as `loadBlob` would throw); cancellation and unexpected failures are thrown.
 */
export async function* readBlobs(
  source: BlobSource,
  type: BlobType,
  ids: readonly string[],
  opts: ReadBlobsOptions = {},
): AsyncGenerator<BlobResult> {
  const { backend } = source;
  const location = backend.location;
  const limits: RunLimits = { ...defaultRunLimits, ...opts.runLimits };
  const readsInFlight = Math.max(1, opts.readsInFlight ?? 16);
  const aheadBytes = Math.max(1, opts.aheadBytes ?? 32 * 1024 * 1024);
  throwIfCancelled(opts.signal, 'Reading blobs');
  // Our own signal for the reads, so those still running when the caller stops early end soon.
  // A listener removed at the end rather than AbortSignal.any, so nothing of this call stays
  // attached to a long-lived caller signal (a restore reads once per file with the same one).
  const stop = new AbortController();
  const signal = stop.signal;
  const forward = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', forward, { once: true });

  const items: Item[] = ids.map((id) => ({ id }));
  const queue: RunState[] = [];
  let planned = 0;
  let inFlight = 0;
  let held = 0;
  /** The request the caller waits for. */
  let head = 0;

  /** Locates the next window of requests and groups them into runs. */
  const planWindow = () => {
    let count = 0;
    let bytes = 0;
    while (planned + count < items.length && count < windowBlobs && bytes < windowBytes) {
      const item = items[planned + count]!;
      item.loc = source.locate(type, item.id);
      bytes += item.loc?.length ?? 0;
      count++;
    }
    const group = (n: number) => {
      const located = items.slice(planned, planned + n).filter((i) => i.loc);
      return {
        located,
        runs: groupRuns(
          located.map((i) => i.loc!),
          limits,
        ),
      };
    };
    let grouped = group(count);
    // Gaps read along may make the window's runs much larger than its blobs: plan fewer then.
    while (count > 1 && spanBytes(grouped.runs) > 2 * windowBytes) {
      count = Math.ceil(count / 2);
      grouped = group(count);
    }
    for (const r of grouped.runs) {
      let settle!: (f: Promise<Fetched>) => void;
      const ready = new Promise<Fetched>((resolve) => (settle = resolve));
      ready.catch(() => {}); // awaited when its first blob is wanted; an early failure waits till then
      const state: RunState = { ...r, remaining: r.members.length, ready, settle };
      for (const m of r.members) grouped.located[m]!.run = state;
      queue.push(state);
    }
    planned += count;
  };

  /** Plans up to the caller's request, then starts reads while the limits allow. */
  const pump = () => {
    while (planned <= head && planned < items.length) planWindow();
    while (inFlight < readsInFlight && !signal.aborted) {
      if (queue.length === 0) {
        if (planned >= items.length || held >= aheadBytes) return;
        planWindow();
        continue;
      }
      const run = queue[0]!;
      // Runs are queued in the order they are needed, so the one the caller waits for is
      // always first or already read: reading it beyond the budget can't be put off.
      if (run.members[0]! > head && held + run.length > aheadBytes) return;
      queue.shift();
      held += run.length;
      inFlight++;
      const fetching = fetchRun(run);
      run.settle(fetching);
      void fetching
        .then(
          (f) => {
            run.fetched = f;
            // Its blobs may decode now, ahead of the caller, rather than when the caller next moves.
            if (!signal.aborted) decodeAhead(head);
          },
          () => {},
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  const fetchRun = async (run: RunState): Promise<Fetched> => {
    const key = packKey(run.packId);
    const read = async (length: number) => {
      const bytes = await backend.get(key, { offset: run.offset, length }, { signal });
      source.countRead(bytes.length);
      return bytes;
    };
    const cutShort = (got: number) => (id: string, loc: BlobLocation) =>
      damagedBlob(
        location,
        type,
        id,
        run.packId,
        `read ${Math.max(0, got - (loc.offset - run.offset))} bytes, expected ${loc.length}`,
      );
    try {
      const bytes = await read(run.length);
      return bytes.length < run.length ? { bytes, short: cutShort(bytes.length) } : { bytes };
    } catch (e) {
      if (signal.aborted || !isLifeboatError(e)) throw e;
      if (e.code === 'repo.object_missing') return missingPack(run.packId);
      if (e.code !== 'repo.bad_range') return { bytes: Buffer.alloc(0), short: () => e };
    }
    // The pack ends early: the blobs before its end are still whole, only the others are lost.
    const size = (await backend.stat(key, { signal }))?.size;
    if (size === undefined) return missingPack(run.packId);
    const upTo = Math.min(run.length, size - run.offset);
    const bytes = upTo > 0 ? await read(upTo) : Buffer.alloc(0);
    return {
      bytes,
      short: (id, loc) =>
        damagedBlob(
          location,
          type,
          id,
          run.packId,
          `the pack is shorter than the index says (${size} bytes, the blob ends at ${loc.offset + loc.length})`,
        ),
    };
  };

  const missingPack = (packId: string): Fetched => ({
    bytes: Buffer.alloc(0),
    short: (id) => missingBlob(location, type, id, `its pack ${packId} is missing`, { pack: packId }),
  });

  const decodeItem = async (item: Item): Promise<BlobResult> => {
    const { id, loc, run } = item;
    try {
      if (!loc || !run) return { id, plaintext: await source.loadUnlocated(type, id, { signal }) };
      const f = await run.ready;
      const start = loc.offset - run.offset;
      if (start + loc.length > f.bytes.length) {
        if (!f.short) throw new Error(`run of pack ${run.packId} does not cover blob ${id}`);
        return { id, error: f.short(id, loc) };
      }
      const bytes = f.bytes.subarray(start, start + loc.length);
      return { id, plaintext: await source.decode(type, id, run.packId, bytes, loc.rawLength) };
    } catch (e) {
      if (signal.aborted || !isLifeboatError(e)) throw e;
      return { id, error: e };
    }
  };

  const result = (i: number): Promise<BlobResult> => {
    const item = items[i]!;
    if (!item.result) {
      item.result = decodeItem(item);
      item.result.catch(() => {}); // awaited in order; a failure ahead of the caller waits till then
    }
    return item.result;
  };

  /** Starts decoding the next blobs whose runs have arrived, within the decode-ahead bounds. */
  const decodeAhead = (from: number) => {
    let bytes = 0;
    for (let i = from + 1; i < Math.min(planned, from + 1 + decodeAheadBlobs); i++) {
      const item = items[i]!;
      bytes += item.loc?.rawLength ?? 0;
      if (bytes > decodeAheadBytes) return;
      if (item.run?.fetched && !item.result) void result(i);
    }
  };

  try {
    for (let i = 0; i < items.length; i++) {
      throwIfCancelled(opts.signal, 'Reading blobs');
      head = i;
      pump();
      const pending = result(i);
      decodeAhead(i);
      const out = await pending;
      const item = items[i]!;
      const run = item.run;
      // Drop what this request held, so only runs with blobs still to hand out keep their bytes.
      items[i] = { id: item.id };
      if (run && --run.remaining === 0) {
        held -= run.length;
        run.fetched = undefined;
        run.ready = Promise.resolve({ bytes: Buffer.alloc(0) });
      }
      yield out;
    }
  } finally {
    opts.signal?.removeEventListener('abort', forward);
    stop.abort(new LifeboatError('repo.cancelled', 'Reading blobs was stopped.'));
  }
}

/** `readBlobs`, throwing the first failure (in the order asked) instead of yielding it. */
export async function* loadBlobs(
  source: BlobSource,
  type: BlobType,
  ids: readonly string[],
  opts: ReadBlobsOptions = {},
): AsyncGenerator<{ id: string; plaintext: Buffer }> {
  for await (const r of readBlobs(source, type, ids, opts)) {
    if (r.error) throw r.error;
    yield { id: r.id, plaintext: r.plaintext };
  }
}
