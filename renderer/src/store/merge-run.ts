// Run updates can arrive out of order (a run.get answer racing run.updated events). A run that
// is over (succeeded, cancelled, failed for good) stays over; otherwise the later report wins —
// a run moves back as well as forward (a retried step is Pending again, a failed run runs again).
import type { RunView } from '../../../core/api/contract';
import { runFinished } from '../runs/run-text';

/** The view to keep of two views of the same run (`next` unless `prev` is over and it is not). */
export function mergeRun(prev: RunView | undefined, next: RunView): RunView {
  if (!prev) return next;
  return runFinished(prev) && !runFinished(next) ? prev : next;
}

/** Newest first (startedAt, then id). */
export function compareRuns(a: RunView, b: RunView): number {
  const ta = Date.parse(a.startedAt);
  const tb = Date.parse(b.startedAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
