// Stores finished packs in the background with a bounded number in flight. `enqueue` returns once
// the upload has started and waits while the limit is reached: that wait is the backpressure
// that keeps a backup's memory at about (maxInFlight + open packs) × pack size.
//
// Contract: a pack is reported through `onStored` only after the backend confirmed the put; the
// first failure is kept and rethrown by the next `enqueue` and by `drain` (cancellation included:
// the abort reason is what is rethrown, never retried here).
import { isLifeboatError } from '../api/errors';
import type { Backend } from './backend/backend';
import { packKey } from './ids';
import type { FinishedPack } from './pack-writer';

export class PackUploader {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly maxInFlight: number,
    private readonly onStored: (pack: FinishedPack) => void,
  ) {}

  get pending(): number {
    return this.inFlight.size;
  }

  async enqueue(pack: FinishedPack, signal?: AbortSignal): Promise<void> {
    this.rethrow();
    while (this.inFlight.size >= this.maxInFlight) {
      await Promise.race(this.inFlight);
      this.rethrow();
    }
    if (signal?.aborted) {
      // The pack is dropped: its blobs will never be stored, so the session must end here.
      this.failure ??= { error: signal.reason };
      this.rethrow();
    }
    const upload = this.store(pack, signal).then(
      () => this.onStored(pack),
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    const tracked = upload.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Marks the uploader failed (a pack was lost before it got here); later calls rethrow `error`. */
  fail(error: unknown): void {
    this.failure ??= { error };
  }

  /** Waits for every upload; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.rethrow();
  }

  private async store(pack: FinishedPack, signal?: AbortSignal): Promise<void> {
    try {
      await this.backend.put(packKey(pack.id), pack.bytes, signal ? { signal } : {});
    } catch (e) {
      // Content-addressed: the same bytes are already there (another laptop wrote the same pack).
      if (isLifeboatError(e) && e.code === 'repo.object_exists') return;
      throw e;
    }
  }

  /** Throws the recorded failure, if any. */
  throwIfFailed(): void {
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
