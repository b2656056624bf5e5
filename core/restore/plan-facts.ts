// The parts of a plan told in words around the preview: what going back loses (the data-loss
// window), how long it should take and why we think so, and what the safety point will hold.
import type { PlanView, PointView, Preview } from '../api/contract';
import type { Measured, RestoreStore } from './restore-store';

function ago(fromIso: string, toIso: string): string {
  const s = Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${Math.round(s / 86400)} days`;
}

/** Bytes in words: 512 B, 3.0 MiB, 42 GiB. */
export function size(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Items the restore overwrites or deletes: what the safety point captures and what is lost. */
function overwritten(p: Preview) {
  if (p.kind === 'files') {
    const list = [...p.replace, ...p.delete];
    return {
      count: list.length,
      bytes: list.reduce((n, c) => n + (c.old?.type === 'file' ? c.old.size : 0), 0),
      changedSince: list.filter((c) => c.changedSincePoint).map((c) => c.path),
      noun: 'file',
    };
  }
  const list = [...p.update, ...p.delete].filter((c) => c.ref.namespace !== undefined);
  return {
    count: list.length,
    bytes: 0,
    // A live object that differs from the point was changed after it (or outside what it saw).
    changedSince: p.update.map((c) => `${c.ref.kind}/${c.ref.name}`),
    noun: 'object',
  };
}

export function dataLoss(point: PointView, preview: Preview, now: string): PlanView['dataLoss'] {
  const o = overwritten(preview);
  const head = `Going back to ${point.time.replace('T', ' ').slice(0, 19)} UTC (${ago(point.time, now)} before now).`;
  if (o.changedSince.length === 0)
    return {
      from: point.time,
      to: now,
      changedSince: 0,
      summary: `${head} No live ${o.noun} that changed since then is overwritten or deleted.`,
    };
  const shown = o.changedSince.slice(0, 5).join(', ');
  const more = o.changedSince.length > 5 ? ` and ${o.changedSince.length - 5} more` : '';
  return {
    from: point.time,
    to: now,
    changedSince: o.changedSince.length,
    summary: `${head} ${plural(o.changedSince.length, `live ${o.noun}`)} changed since then and will be put back to the point, losing those changes: ${shown}${more}.`,
  };
}

export function safety(preview: Preview, repository: string): PlanView['safety'] {
  const o = overwritten(preview);
  if (o.count === 0)
    return {
      items: 0,
      bytes: 0,
      summary:
        'Nothing live is overwritten or deleted, so no safety point is needed; undo deletes what the restore creates.',
    };
  return {
    items: o.count,
    bytes: o.bytes,
    summary: `Before writing, a safety point of the ${plural(o.count, o.noun)} that will be overwritten or deleted${
      o.bytes ? ` (${size(o.bytes)})` : ''
    } is taken into repository ${repository}; undo restores it.`,
  };
}

/** A restore smaller than this is timed by its fixed costs (connecting, re-checking, the safety
 * point), not by its speed: a 7-byte restore in 1 s says nothing about MiB/s. */
const timedBytes = 1024 * 1024;

/**
 * How long restoring `work` from a scope should take, and why we think so: by earlier restores
 * from the same source scope (drills included: a drill restores the scope into its sandbox) —
 * for files, the shortest small one as the time to start and the large ones' speed beyond it;
 * else the read rate of the scope's backups; else unknown, said as such.
 */
export function estimateWork(
  work: { files: boolean; bytes: number; items: number },
  m: Measured,
  backups: PointView[],
): { seconds?: number; basis: string } {
  const { files } = work;
  const earlier = (n: number) =>
    `${plural(n, 'earlier restore')} or drill${n === 1 ? '' : 's'} of this scope`;
  const small = files ? m.samples.filter((x) => x.bytes < timedBytes) : [];
  const large = files ? m.samples.filter((x) => x.bytes >= timedBytes) : m.samples;
  const start = small.length ? Math.min(...small.map((x) => x.seconds)) : 0;
  const startText = start
    ? `, after about ${Math.round(start)} s to start (timed by ${plural(small.length, 'smaller one')})`
    : '';
  const done = files ? large.reduce((n, x) => n + x.bytes, 0) : large.reduce((n, x) => n + x.items, 0);
  const took = large.reduce((n, x) => n + Math.max(0.001, x.seconds - start), 0);
  const rate = done > 0 && took > 0 ? done / took : 0;
  const amount = files ? work.bytes : work.items;
  const seconds = (r: number) => Math.max(1, Math.ceil(start + amount / r));
  if (rate > 0)
    return {
      seconds: seconds(rate),
      basis: `${earlier(large.length)} ran at ${files ? `${size(rate)}/s` : `${rate.toFixed(1)} objects/s`}${startText}`,
    };
  // Restores that wrote no content (or no object) give no speed: said so, not hidden.
  const noRestore = start
    ? `${earlier(small.length)} took about ${Math.round(start)} s to start but ${small.length === 1 ? 'was' : 'were'} too small to time a speed`
    : m.restores > 0
      ? `${earlier(m.restores)} wrote no ${files ? 'content' : 'object'} to time`
      : 'no restore or drill of this scope measured yet';
  const measured = backups.filter((p) => p.bytesPerSecond > 0 && p.durationMs > 0).slice(0, 5);
  if (files && measured.length > 0) {
    const read =
      (measured.reduce((n, p) => n + p.bytes, 0) * 1000) / measured.reduce((n, p) => n + p.durationMs, 0);
    return {
      seconds: seconds(read),
      basis: `${noRestore}; ${plural(measured.length, 'backup')} of this scope read ${size(read)}/s`,
    };
  }
  return {
    basis:
      m.restores > 0
        ? `unknown: ${noRestore}, and no backup of this scope has been measured yet`
        : 'unknown: no restore, drill or backup of this scope has been measured yet',
  };
}

/** How long the plan's restore should take, and why we think so (estimateWork). */
export function estimate(
  preview: Preview,
  sourceScope: string,
  restores: Pick<RestoreStore, 'measuredFrom'>,
  backups: PointView[],
): PlanView['estimate'] {
  const files = preview.kind === 'files';
  const items = files
    ? preview.create.length + preview.replace.length + preview.delete.length
    : preview.create.length + preview.update.length + preview.delete.length;
  if (items === 0) return { seconds: 0, basis: 'nothing to write' };
  return estimateWork({ files, bytes: preview.bytes, items }, restores.measuredFrom(sourceScope), backups);
}

export function isEmpty(p: Preview): boolean {
  return p.kind === 'files'
    ? p.create.length + p.replace.length + p.delete.length === 0
    : p.create.length + p.update.length + p.delete.length === 0;
}
