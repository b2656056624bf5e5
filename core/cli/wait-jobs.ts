// Following jobs from the command line: a live progress line on a terminal (rate and ETA),
// then each job's final state. Resolves with the final views.
import type { JobView } from '../api/contract';
import { plural } from '../journal/report/format';
import type { CliContext } from './context';
import { formatBytes } from './table';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

export function progressLine(j: JobView): string {
  const p = j.progress;
  const items =
    p.itemsTotal !== undefined
      ? `${p.itemsDone}/${plural(p.itemsTotal, 'item')}`
      : plural(p.itemsDone, 'item');
  const bytes =
    p.bytesTotal !== undefined
      ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`
      : formatBytes(p.bytesDone);
  const eta = p.etaSeconds !== undefined ? `, ETA ${formatSeconds(p.etaSeconds)}` : '';
  return `${j.title}: ${p.phase ?? j.state.toLowerCase()} — ${items}, ${bytes} at ${formatBytes(p.bytesPerSecond)}/s${eta}`;
}

export async function waitForJobs(c: CliContext, jobs: JobView[]): Promise<JobView[]> {
  const lifeboat = c.open();
  const ids = new Set(jobs.map((j) => j.id));
  const live = process.stderr.isTTY && !c.json;
  const unsubscribe = lifeboat.subscribe((e) => {
    if (!live || e.event !== 'job.progress' || !ids.has(e.payload.job.id)) return;
    process.stderr.write(
      `\r\x1b[2K${progressLine(e.payload.job).slice(0, (process.stderr.columns || 100) - 1)}`,
    );
  });
  // Ctrl+C cancels the jobs (they end Cancelled, leaving no restore point) instead of killing
  // the process mid-upload; a second Ctrl+C exits at once.
  const cancel = () => {
    process.off('SIGINT', cancel);
    c.io.err('\nCancelling… (Ctrl+C again to quit at once)');
    for (const j of jobs) {
      try {
        lifeboat.jobs.cancel(j.id);
      } catch {
        // already finished
      }
    }
  };
  process.on('SIGINT', cancel);
  try {
    return await Promise.all(jobs.map((j) => lifeboat.jobs.wait(j.id)));
  } finally {
    process.off('SIGINT', cancel);
    unsubscribe();
    if (live) process.stderr.write('\r\x1b[2K');
  }
}
