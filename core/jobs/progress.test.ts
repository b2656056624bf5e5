import { describe, expect, it, vi } from 'vitest';
import { ProgressTracker } from './progress';
import { throttle } from './throttle';

describe('ProgressTracker', () => {
  it('measures rates over the window and derives an ETA from the byte total', () => {
    let now = 0;
    const t = new ProgressTracker(
      () => {},
      () => now,
    );
    t.start();
    t.total({ items: 100, bytes: 1000 });
    now = 1000;
    t.add({ items: 10, bytes: 100 });
    now = 2000;
    t.add({ items: 10, bytes: 100 });
    const p = t.snapshot();
    expect(p.bytesDone).toBe(200);
    expect(p.itemsDone).toBe(20);
    expect(p.bytesPerSecond).toBeCloseTo(100);
    expect(p.itemsPerSecond).toBeCloseTo(10);
    expect(p.etaSeconds).toBeCloseTo(8);
    expect(p.elapsedSeconds).toBe(2);
  });

  it('forgets samples older than the window, so a stall shows a falling rate', () => {
    let now = 0;
    const t = new ProgressTracker(
      () => {},
      () => now,
    );
    t.start();
    for (let i = 1; i <= 10; i++) {
      now = i * 1000;
      t.add({ bytes: i <= 5 ? 1000 : 0 });
    }
    // Only the last ~5 s count: little progress in them.
    expect(t.snapshot().bytesPerSecond).toBeLessThan(300);
  });

  it('starts a step with counters of its own: done, totals, rate and ETA from zero', () => {
    let now = 0;
    const t = new ProgressTracker(
      () => {},
      () => now,
    );
    t.start();
    t.total({ items: 2, bytes: 24_000 });
    now = 1000;
    t.add({ items: 2, bytes: 24_000 }); // a safety point: fast
    now = 2000;
    t.phase('writing', { restart: true });
    expect(t.snapshot()).toMatchObject({ phase: 'writing', itemsDone: 0, bytesDone: 0, bytesPerSecond: 0 });
    expect(t.snapshot().itemsTotal).toBeUndefined();
    t.total({ items: 1, bytes: 24_000 });
    now = 4000;
    t.add({ bytes: 4_000 });
    const p = t.snapshot();
    expect(p).toMatchObject({ itemsDone: 0, itemsTotal: 1, bytesDone: 4_000, bytesTotal: 24_000 });
    expect(p.bytesPerSecond).toBeCloseTo(2_000); // this step's rate, not the job's
    expect(p.etaSeconds).toBeCloseTo(10);
    expect(p.elapsedSeconds).toBe(4); // the job's whole time
    t.phase('writing: moving into place');
    expect(t.snapshot().bytesDone).toBe(4_000); // a plain phase keeps the counters
  });

  it('never shows a total below what is done (totals are estimates)', () => {
    const t = new ProgressTracker();
    t.start();
    t.total({ items: 429, bytes: 1000 });
    t.add({ items: 432, bytes: 1200 });
    expect(t.snapshot()).toMatchObject({
      itemsDone: 432,
      itemsTotal: 432,
      bytesDone: 1200,
      bytesTotal: 1200,
    });
  });

  it('gives no ETA without a total', () => {
    let now = 0;
    const t = new ProgressTracker(
      () => {},
      () => now,
    );
    t.start();
    now = 1000;
    t.add({ bytes: 10 });
    expect(t.snapshot().etaSeconds).toBeUndefined();
  });
});

describe('throttle', () => {
  it('delivers at most once per interval and never drops the last call', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const t = throttle(fn, 250);
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(2);
    t();
    t.flush();
    expect(fn).toHaveBeenCalledTimes(4);
    vi.useRealTimers();
  });
});
