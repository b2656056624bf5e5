// Progress of one job: counters, totals, and the rate/ETA derived from a sliding window.
// Work reports through the small `Progress` interface; `noopProgress` serves callers that
// don't care, so no one checks for null.
import type { JobProgress } from '../api/contract';

export interface Progress {
  /** What the work is doing now, in a few words. `restart`: a step with counters of its own
   * (done, totals, rate and ETA start again from zero), e.g. a restore's write after its safety
   * point. */
  phase(text: string, opts?: { restart?: boolean }): void;
  /** Totals, when known (may be raised later as discovery goes on). */
  total(t: { items?: number; bytes?: number }): void;
  /** Work done since the last call. */
  add(done: { items?: number; bytes?: number }): void;
}

export const noopProgress: Progress = { phase() {}, total() {}, add() {} };

/** The window over which rates are measured. */
const rateWindowMs = 5_000;

interface Sample {
  t: number;
  items: number;
  bytes: number;
}

export class ProgressTracker implements Progress {
  private itemsDone = 0;
  private bytesDone = 0;
  private itemsTotal: number | undefined;
  private bytesTotal: number | undefined;
  private currentPhase: string | undefined;
  private samples: Sample[] = [];
  private startedAt: number | undefined;

  constructor(
    private readonly onChange: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.startedAt = this.now();
    this.samples = [{ t: this.startedAt, items: 0, bytes: 0 }];
    this.onChange();
  }

  phase(text: string, opts: { restart?: boolean } = {}): void {
    this.currentPhase = text;
    if (opts.restart) {
      this.itemsDone = 0;
      this.bytesDone = 0;
      this.itemsTotal = undefined;
      this.bytesTotal = undefined;
      this.samples = [{ t: this.now(), items: 0, bytes: 0 }];
    }
    this.onChange();
  }

  total(t: { items?: number; bytes?: number }): void {
    if (t.items !== undefined) this.itemsTotal = t.items;
    if (t.bytes !== undefined) this.bytesTotal = t.bytes;
    this.onChange();
  }

  add(done: { items?: number; bytes?: number }): void {
    this.itemsDone += done.items ?? 0;
    this.bytesDone += done.bytes ?? 0;
    const t = this.now();
    this.samples.push({ t, items: this.itemsDone, bytes: this.bytesDone });
    // Keep one sample older than the window so the rate spans the whole window.
    while (this.samples.length > 2 && t - (this.samples[1]?.t ?? t) > rateWindowMs) {
      this.samples.shift();
    }
    this.onChange();
  }

  snapshot(): JobProgress {
    const now = this.now();
    const first = this.samples[0];
    const span = first ? (now - first.t) / 1000 : 0;
    const bytesPerSecond = first && span > 0 ? (this.bytesDone - first.bytes) / span : 0;
    const itemsPerSecond = first && span > 0 ? (this.itemsDone - first.items) / span : 0;
    const p: JobProgress = {
      itemsDone: this.itemsDone,
      bytesDone: this.bytesDone,
      bytesPerSecond,
      itemsPerSecond,
      elapsedSeconds: this.startedAt === undefined ? 0 : (now - this.startedAt) / 1000,
    };
    if (this.currentPhase !== undefined) p.phase = this.currentPhase;
    // A total is an estimate (a listing, the previous point): never shown below what is done.
    if (this.itemsTotal !== undefined) p.itemsTotal = Math.max(this.itemsTotal, this.itemsDone);
    if (this.bytesTotal !== undefined) p.bytesTotal = Math.max(this.bytesTotal, this.bytesDone);
    const eta = this.eta(bytesPerSecond, itemsPerSecond);
    if (eta !== undefined) p.etaSeconds = eta;
    return p;
  }

  private eta(bytesPerSecond: number, itemsPerSecond: number): number | undefined {
    if (this.bytesTotal !== undefined && bytesPerSecond > 0) {
      return Math.max(0, (this.bytesTotal - this.bytesDone) / bytesPerSecond);
    }
    if (this.itemsTotal !== undefined && itemsPerSecond > 0) {
      return Math.max(0, (this.itemsTotal - this.itemsDone) / itemsPerSecond);
    }
    return undefined;
  }
}

export function emptyProgress(): JobProgress {
  return {
    itemsDone: 0,
    bytesDone: 0,
    bytesPerSecond: 0,
    itemsPerSecond: 0,
    elapsedSeconds: 0,
  };
}
