// Pure words for plans and restores: counts, old → new facts of a file, field values of an
// object diff, what a restore's undo stands at. No React (tests: test/unit/renderer-restore-text).
import type { FileFacts, PlanView, Preview, RestoreView } from '../../../core/api/contract';
import { formatBytes, formatCount, formatDateTime, formatDuration, shortHash } from '../format';
import { modeText } from '../points/point-text';

export type RestoreSummary = Omit<RestoreView, 'items'>;

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

export interface PreviewCounts {
  create: number;
  /** Files replaced, or objects updated. */
  change: number;
  delete: number;
  unchanged: number;
  skipped: number;
  /** Everything that will be written or deleted. */
  total: number;
}

export function previewCounts(p: Preview): PreviewCounts {
  const change = p.kind === 'files' ? p.replace.length : p.update.length;
  return {
    create: p.create.length,
    change,
    delete: p.delete.length,
    unchanged: p.unchanged,
    skipped: p.skipped.length,
    total: p.create.length + change + p.delete.length,
  };
}

/** "1 file to replace, 2 to create, 0 to delete" — the sentence the confirmation restates. */
export function changesSentence(p: Preview): string {
  const c = previewCounts(p);
  const noun = p.kind === 'files' ? 'item' : 'object';
  if (c.total === 0) return `Nothing to write: ${plural(c.unchanged, noun)} already match the point.`;
  const verb = p.kind === 'files' ? 'replace' : 'update';
  return `${formatCount(c.change)} to ${verb}, ${formatCount(c.create)} to create, ${formatCount(c.delete)} to delete (${plural(c.total, noun)} in all)`;
}

/** The label of a change kind, per preview kind. */
export function changeLabel(kind: Preview['kind'], change: 'create' | 'change' | 'delete'): string {
  if (change === 'create') return 'Create';
  if (change === 'delete') return 'Delete';
  return kind === 'files' ? 'Replace' : 'Update';
}

// ---- one file's facts, old versus new ----------------------------------------------------------

export type FactKey = 'size' | 'mode' | 'owner' | 'mtime' | 'content';

/** One fact of a file as shown in the preview tables. */
export function factText(f: FileFacts, key: FactKey): string {
  switch (key) {
    case 'size':
      if (f.type === 'dir') return 'directory';
      if (f.type === 'symlink') return `link → ${f.linkTarget ?? '?'}`;
      return f.type === 'file' || f.type === 'hardlink' ? formatBytes(f.size) : f.type;
    case 'mode':
      return modeText(f.type, f.mode);
    case 'owner':
      return `${f.user ?? f.uid}:${f.group ?? f.gid}`;
    case 'mtime':
      return formatDateTime(f.mtime);
    case 'content':
      return f.sha256 ? shortHash(f.sha256) : '—';
  }
}

export type OldNew =
  | { kind: 'same'; text: string }
  | { kind: 'differs'; old: string; new: string }
  | { kind: 'only'; side: 'old' | 'new'; text: string }
  | { kind: 'none' };

/** One fact across the live item (old) and the point (new). */
export function oldNew(old: FileFacts | undefined, next: FileFacts | undefined, key: FactKey): OldNew {
  const a = old ? factText(old, key) : undefined;
  const b = next ? factText(next, key) : undefined;
  if (a === undefined && b === undefined) return { kind: 'none' };
  if (a === undefined) return { kind: 'only', side: 'new', text: b! };
  if (b === undefined) return { kind: 'only', side: 'old', text: a };
  return a === b ? { kind: 'same', text: a } : { kind: 'differs', old: a, new: b };
}

/** A field value of an object diff, short: strings bare, the rest as JSON; absent as "(absent)". */
export function fieldValueText(v: unknown, max = 120): string {
  if (v === undefined) return '(absent)';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---- the plan around the preview ---------------------------------------------------------------

/** "about 3m 05s (basis)" or "unknown (basis)". */
export function estimateText(e: PlanView['estimate']): string {
  if (e.seconds === undefined) return `Unknown — ${e.basis}`;
  if (e.seconds === 0) return `Nothing to write — ${e.basis}`;
  return `About ${e.seconds < 1 ? '1s' : formatDuration(e.seconds)} — ${e.basis}`;
}

/** What the subset is, in words: "everything", or the listed paths, objects, or selector. */
export function subsetText(s: PlanView['subset']): string {
  const parts = [...(s.paths ?? []), ...(s.resources ?? [])];
  if (s.selector) parts.push(`objects matching ${s.selector}`);
  if (parts.length === 0) return 'Everything in the scope';
  if (parts.length <= 3) return parts.join(', ');
  return `${parts.slice(0, 3).join(', ')} and ${formatCount(parts.length - 3)} more`;
}

// ---- restores ----------------------------------------------------------------------------------

/** "3 done, 1 failed, 2 not done"; while it runs, what is left is "to do", not "not done". */
export function countsText(c: RestoreSummary['counts'], running = false): string {
  return `${formatCount(c.done)} done, ${formatCount(c.failed)} failed, ${formatCount(c.notDone)} ${running ? 'to do' : 'not done'}`;
}

/** Whether the console offers Undo for a restore (the core has the final word). */
export function canUndo(r: RestoreSummary): boolean {
  if (r.state === 'Running' || r.undoneBy || r.undoOf) return false;
  return r.safetyPointId !== undefined || r.counts.done > 0;
}

/** Where a restore's undo stands, in words. */
export function undoStatus(r: RestoreSummary): string {
  if (r.undoneBy) return `Undone by ${r.undoneBy.slice(0, 8)}`;
  if (r.undoOf) return `Undo of ${r.undoOf.slice(0, 8)}`;
  if (r.state === 'Running') return 'Running';
  return canUndo(r) ? 'Can be undone' : 'Nothing to undo';
}

/** True when a restore stopped because the live target moved after the preview. */
export function targetChanged(error: { code: string } | undefined): boolean {
  return error?.code === 'restore.target_changed';
}

/** "1.2 KiB written in 3s". */
export function writtenText(r: Pick<RestoreSummary, 'bytes' | 'durationMs'>): string {
  const took =
    r.durationMs === undefined
      ? ''
      : ` in ${r.durationMs < 1000 ? 'under 1s' : formatDuration(r.durationMs / 1000)}`;
  return `${formatBytes(r.bytes)} written${took}`;
}

/** One sentence for the state. */
export function outcomeSentence(r: RestoreSummary): string {
  const c = r.counts;
  const total = c.done + c.failed + c.notDone;
  switch (r.state) {
    case 'Running':
      return `Running: ${c.done} of ${total} items done so far.`;
    case 'Succeeded':
      if (r.undoOf)
        return total === 1
          ? `Undone: the 1 item is put back as it was before restore ${r.undoOf.slice(0, 8)}.`
          : `Undone: all ${total} items are put back as they were before restore ${r.undoOf.slice(0, 8)}.`;
      return total === 1
        ? 'Restored: the 1 item is as it is in the point.'
        : `Restored: all ${total} items are as they are in the point.`;
    case 'PartiallyFailed':
      return `Partly restored: ${c.done} of ${total} items done; ${c.failed} failed, ${c.notDone} not done.`;
    case 'Failed':
      return targetChanged(r.error)
        ? 'Stopped before writing: the live target changed since the preview. Nothing was written.'
        : `Failed: ${c.done} of ${total} items were done before it stopped.`;
    case 'Cancelled':
      return `Cancelled: ${c.done} of ${total} items were done before it stopped; the rest were not touched.`;
    case 'Interrupted':
      return `Interrupted (Lifeboat stopped): ${c.done} of ${total} items are confirmed done.`;
  }
}

/** The heading over a restore's items: how many are not done, or all of them. */
export function itemsHeading(notDone: number, total: number, showingAll: boolean): string {
  if (total === 1) return notDone ? 'The 1 item is not done' : 'The 1 item is done';
  if (showingAll) return `All ${formatCount(total)} items`;
  return notDone === 0
    ? `All ${formatCount(total)} items done`
    : `${formatCount(notDone)} of ${formatCount(total)} items not done`;
}
