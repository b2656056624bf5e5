// A restore plan and a restore record as text for the terminal: the hierarchy a tired person
// reads top-down — what, from where, to where; the exact changes; what is lost; the safety net.
import type { FileChange, FileFacts, ObjectChange, PlanView, RestoreView } from '../api/contract';
import { formatBytes, printable, table } from './table';
import { formatSeconds } from './wait-jobs';

const shown = 40;

const time = (iso: string) => `${iso.replace('T', ' ').slice(0, 19)} UTC`;

function facts(f: FileFacts): string {
  const mode = (f.mode & 0o7777).toString(8).padStart(4, '0');
  const who = `${f.user ?? f.uid}:${f.group ?? f.gid}`;
  const what = f.type === 'file' ? formatBytes(f.size) : f.type;
  const hash = f.sha256 ? `  sha256 ${f.sha256.slice(0, 12)}…` : '';
  const link = f.linkTarget !== undefined ? `  -> ${f.linkTarget}` : '';
  return `${what.padEnd(10)} ${mode} ${who.padEnd(12)} ${f.mtime.replace('T', ' ').slice(0, 19)}${hash}${link}`;
}

function fileLines(verb: string, list: FileChange[]): string[] {
  const out: string[] = [];
  for (const c of list.slice(0, shown)) {
    out.push(
      `  ${verb.padEnd(8)} ${printable(c.path)}${c.changedSincePoint ? '   (changed since the point: that change is lost)' : ''}`,
    );
    if (c.old) out.push(`           now    ${facts(c.old)}`);
    if (c.new) out.push(`           point  ${facts(c.new)}`);
  }
  if (list.length > shown) out.push(`  … and ${list.length - shown} more to ${verb} (--json lists all)`);
  return out;
}

const json = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 120));

function objectLines(verb: string, list: ObjectChange[]): string[] {
  const out: string[] = [];
  for (const c of list.slice(0, shown)) {
    const where = c.ref.namespace ? ` in ${c.ref.namespace}` : ' (cluster-scoped)';
    out.push(`  ${verb.padEnd(8)} ${c.ref.kind}/${c.ref.name}${where}${c.note ? `   (${c.note})` : ''}`);
    for (const d of (c.diff ?? []).slice(0, 20))
      out.push(`           ${d.path}: ${json(d.old)} → ${json(d.new)}`);
    if ((c.diff?.length ?? 0) > 20) out.push(`           … and ${c.diff!.length - 20} more fields`);
  }
  if (list.length > shown) out.push(`  … and ${list.length - shown} more to ${verb} (--json lists all)`);
  return out;
}

export function planText(plan: PlanView): string {
  const p = plan.preview;
  const subset = [...(plan.subset.paths ?? []), ...(plan.subset.resources ?? [])];
  if (plan.subset.selector) subset.push(`selector ${plan.subset.selector}`);
  const head = [
    `${plan.undoOf ? `Undo of restore ${plan.undoOf}` : 'Restore plan'} ${plan.id}`,
    `  from       ${plan.source.scope}${plan.source.system ? ` (system ${plan.source.system})` : ''}`,
    `  point      ${plan.point.shortId}${plan.point.kind === 'safety' ? ' (safety point)' : ''} of ${time(plan.point.time)}, repository ${plan.point.repository}`,
    `             ${plan.point.why}`,
    `  to         ${plan.destination.scope}${plan.destination.inPlace ? '  (IN PLACE: live data is changed)' : '  (alongside)'}`,
    ...(subset.length ? [`  only       ${subset.join(', ')}`] : []),
    ...(plan.options.deleteExtra ? ['  extra      live items not in the point are DELETED'] : []),
    '',
  ];
  const body =
    p.kind === 'files'
      ? [
          `Preview: ${p.create.length} to create, ${p.replace.length} to replace, ${p.delete.length} to delete, ${p.unchanged} unchanged (${formatBytes(p.bytes)} to write)`,
          ...fileLines('replace', p.replace),
          ...fileLines('delete', p.delete),
          ...fileLines('create', p.create),
        ]
      : [
          `Preview: ${p.create.length} to create, ${p.update.length} to update, ${p.delete.length} to delete, ${p.unchanged} unchanged`,
          ...objectLines('update', p.update),
          ...objectLines('delete', p.delete),
          ...objectLines('create', p.create),
        ];
  const skipped = p.skipped.slice(0, 20).map((x) => `  skipped  ${printable(x.item)}: ${x.reason}`);
  if (p.skipped.length > 20) skipped.push(`  … and ${p.skipped.length - 20} more skipped`);
  const est =
    plan.estimate.seconds !== undefined ? `about ${formatSeconds(plan.estimate.seconds)}` : 'unknown';
  return [
    ...head,
    ...body,
    ...skipped,
    '',
    `  data loss  ${plan.dataLoss.summary}`,
    `  safety     ${plan.safety.summary}`,
    `  estimate   ${est} (${plan.estimate.basis})`,
    ...(plan.empty ? ['', 'Nothing to do: the live target already matches the restore point.'] : []),
  ].join('\n');
}

export function restoreText(r: RestoreView, all = false): string {
  const lines = [
    `Restore ${r.id}: ${r.state}${r.undoOf ? ` (undo of ${r.undoOf})` : ''}${r.undoneBy ? ` — undone by ${r.undoneBy}` : ''}`,
    `  ${r.scope} → ${r.destination}${r.inPlace ? ' (in place)' : ''}, point ${r.pointId.slice(0, 8)}`,
    `  ${r.counts.done} done, ${r.counts.failed} failed, ${r.counts.notDone} not done; ${formatBytes(r.bytes)} written${
      r.durationMs !== undefined ? ` in ${formatSeconds(r.durationMs / 1000)}` : ''
    }`,
    `  safety point: ${r.safetyPointId ? r.safetyPointId.slice(0, 8) : 'none (nothing was overwritten)'}`,
  ];
  if (r.error) lines.push(`  ${r.error.message} [${r.error.code}]`);
  const items = all ? r.items : r.items.filter((i) => i.result !== 'done');
  for (const i of items.slice(0, all ? 1000 : 50))
    lines.push(
      `  ${i.result.padEnd(8)} ${i.action.padEnd(7)} ${printable(i.item)}${i.message ? `: ${i.message}` : ''}`,
    );
  if (canUndo(r)) lines.push(`Undo with: lifeboat undo ${r.id}`);
  else if (!r.undoneBy && !r.undoOf && r.state !== 'Running')
    lines.push('Nothing to undo: no item was done and no safety point was taken.');
  return lines.join('\n');
}

/** Whether an undo has something to put back or delete — the console's "Can be undone" (the core
 * has the final word: `restore.nothing_to_undo`). */
export function canUndo(r: Omit<RestoreView, 'items'>): boolean {
  if (r.state === 'Running' || r.undoneBy || r.undoOf) return false;
  return r.safetyPointId !== undefined || r.counts.done > 0;
}

function undoColumn(r: Omit<RestoreView, 'items'>): string {
  if (r.undoneBy) return `undone by ${r.undoneBy}`;
  if (r.undoOf) return `undoes ${r.undoOf}`;
  if (r.state === 'Running') return '';
  return canUndo(r) ? 'can be undone' : 'nothing to undo';
}

/** `lifeboat restores`: one line per restore, failed and not-done items apart (as `restores show`). */
export function restoreListText(list: Omit<RestoreView, 'items'>[]): string {
  if (list.length === 0) return 'No restores yet. Plan one: lifeboat plan SCOPE';
  return table(
    ['ID', 'STARTED (UTC)', 'STATE', 'DESTINATION', 'POINT', 'DONE', 'FAILED', 'NOT DONE', 'WRITTEN', 'UNDO'],
    list.map((x) => [
      x.id,
      x.startedAt.replace('T', ' ').slice(0, 19),
      x.state,
      `${x.destination}${x.inPlace ? '' : ' (alongside)'}`,
      x.pointId.slice(0, 8),
      String(x.counts.done),
      String(x.counts.failed),
      String(x.counts.notDone),
      formatBytes(x.bytes),
      undoColumn(x),
    ]),
  );
}
