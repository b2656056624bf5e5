// Job updates can arrive out of order (a list answer racing progress events). A job only moves
// forward: finished beats unfinished, running beats queued, otherwise more progress wins.
import { finishedJobStates, type JobView } from '../../../core/api/contract';

function stage(job: JobView): number {
  if (finishedJobStates.includes(job.state)) return 2;
  return job.state === 'Running' ? 1 : 0;
}

/** The more advanced of two views of the same job (`next` on a tie). */
export function mergeJob(prev: JobView | undefined, next: JobView): JobView {
  if (!prev) return next;
  const a = stage(prev);
  const b = stage(next);
  if (a !== b) return a > b ? prev : next;
  if (a === 2) return next; // both final: the later report is the truth
  const p = prev.progress;
  const n = next.progress;
  if (n.elapsedSeconds < p.elapsedSeconds) return prev;
  if (n.elapsedSeconds === p.elapsedSeconds && n.bytesDone + n.itemsDone < p.bytesDone + p.itemsDone)
    return prev;
  return next;
}

/** Newest first (createdAt, then id), as jobs.list returns them. */
export function compareJobs(a: JobView, b: JobView): number {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb && !Number.isNaN(ta) && !Number.isNaN(tb)) return tb - ta;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
