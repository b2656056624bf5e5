import type { Command } from 'commander';
import type { JobView, MethodResult, PointEntry, PointView } from '../../api/contract';
import { isLifeboatError, LifeboatError } from '../../api/errors';
import { parseScope } from '../../estate/scope';
import { normalizeFilter, whyNoPoints } from '../../points/filter';
import { pointDirectory, pointDirectoryShown } from '../../points/browse';
import type { CliContext } from '../context';
import { plural } from '../../journal/report/format';
import { withVault } from '../secrets';
import { parsePositive } from './jobs';
import { UsageError } from '../usage-error';
import { formatBytes, printable, table } from '../table';
import { formatSeconds, waitForJobs } from '../wait-jobs';

export function outcome(j: JobView): string {
  const s = j.summary as
    | {
        pointId?: string;
        files?: number;
        bytes?: number;
        bytesNew?: number;
        bytesRead?: number;
        durationMs?: number;
      }
    | undefined;
  const head = `${j.title}: ${j.state}`;
  const lines = [
    s?.pointId
      ? `${head} — restore point ${s.pointId.slice(0, 8)}: ${plural(s.files ?? 0, 'file')}, ${formatBytes(s.bytes ?? 0)} (${s.bytesRead !== undefined && s.bytesRead < (s.bytes ?? 0) ? `${formatBytes(s.bytesRead)} read, the rest unchanged; ` : ''}${formatBytes(s.bytesNew ?? 0)} new) in ${formatSeconds((s.durationMs ?? 0) / 1000)}`
      : head,
  ];
  if (j.error) lines.push(`  ${j.error.message} [${j.error.code}]`);
  const notes = (j.summary?.notes ?? []) as { item: string; message: string }[];
  for (const n of notes.slice(0, 10)) lines.push(`  note: ${n.item}: ${n.message}`);
  for (const f of j.failures.slice(0, 20)) lines.push(`  ${f.item}: ${f.message}`);
  if (j.failures.length > 20) lines.push(`  … and ${j.failures.length - 20} more`);
  return lines.join('\n');
}

const trustText = (p: PointView) =>
  p.verifiedAt
    ? `verified ${p.verifiedAt.slice(0, 10)}`
    : p.verification && !p.verification.ok
      ? 'DAMAGED'
      : 'not verified';

const pointRow = (p: PointView) => [
  p.shortId,
  p.time.replace('T', ' ').slice(0, 19),
  p.system ?? '',
  p.scope,
  `${p.files}${p.unreadable ? ` (PARTIAL: ${p.unreadable.count} unreadable)` : ''}`,
  formatBytes(p.bytes),
  p.kind === 'safety'
    ? 'safety point'
    : p.changes
      ? `+${p.changes.added} ~${p.changes.changed} -${p.changes.removed}`
      : 'first',
  trustText(p),
];

/** A partial point's missing items, the first few of them. */
function unreadableLines(p: PointView, shown = 20): string[] {
  if (!p.unreadable) return [];
  const { count, items } = p.unreadable;
  return [
    `  PARTIAL: ${plural(count, 'item')} could not be read and ${count === 1 ? 'is' : 'are'} not in this point:`,
    ...items.slice(0, shown).map((u) => `    ${printable(u.path)}: ${u.reason}`),
    ...(count > shown ? [`    … and ${count - shown} more (--json lists up to ${items.length})`] : []),
  ];
}

function modeText(mode: number, type: PointEntry['type']): string {
  const t = {
    file: '-',
    dir: 'd',
    symlink: 'l',
    hardlink: 'h',
    fifo: 'p',
    socket: 's',
    chardev: 'c',
    blockdev: 'b',
  }[type];
  const bits = 'rwxrwxrwx'.split('').map((ch, i) => ((mode >> (8 - i)) & 1 ? ch : '-'));
  return t + bits.join('');
}

/** `points show`: the point, then the directory listed. */
export function pointText(r: MethodResult<'points.browse'>): string {
  const p = r.point;
  return [
    `restore point ${p.id}`,
    `  scope ${p.scope}${p.system ? `, system ${p.system}` : ''}, repository ${p.repository}`,
    `  taken ${p.time}: ${plural(p.files, 'file')}, ${plural(p.dirs, 'dir')}, ${formatBytes(p.bytes)} in ${formatSeconds(p.durationMs / 1000)} (${formatBytes(p.bytesPerSecond)}/s)`,
    `  ${trustText(p)}`,
    ...unreadableLines(p),
    '',
    pointDirectoryShown(p.scope, r.path),
    ...r.entries.map(
      (e) =>
        `${modeText(e.mode, e.type)} ${(e.user ?? String(e.uid)).padEnd(8)} ${(e.group ?? String(e.gid)).padEnd(8)} ${String(e.size).padStart(12)} ${e.mtime.slice(0, 19).replace('T', ' ')} ${printable(e.name)}${e.type === 'dir' ? '/' : ''}${e.linkTarget !== undefined ? ` -> ${printable(e.linkTarget)}` : ''}${e.note ? `  (${e.note})` : ''}`,
    ),
  ].join('\n');
}

/** `verify`: no damage with what was checked, or the problems found. */
export function verifyText(mode: string, done: JobView): string {
  const s = done.summary as
    | { ok?: boolean; dataBlobs?: number; dataBlobsRead?: number; bytesRead?: number; trees?: number }
    | undefined;
  if (!s) return outcome(done);
  return [
    s.ok
      ? `OK (${mode}): ${plural(s.trees ?? 0, 'tree')}, ${plural(s.dataBlobs ?? 0, 'data blob')} checked, ${s.dataBlobsRead ?? 0} read (${formatBytes(s.bytesRead ?? 0)}); no damage.`
      : `DAMAGED (${mode}): ${plural(done.failures.length, 'problem')}:`,
    ...done.failures.slice(0, 50).map((f) => `  ${f.item}: ${f.message}`),
  ].join('\n');
}

/** `catalog rebuild`: how many points came back from the repositories. */
export function rebuildText(done: JobView): string {
  const s = done.summary as { points?: number; removed?: number } | undefined;
  return [
    `${done.state}: ${plural(s?.points ?? 0, 'restore point')} from the repositories${s?.removed ? `, ${s.removed} no longer there forgotten` : ''}.`,
    ...done.failures.map((f) => `  ${f.item}: ${f.message}`),
    ...(done.error ? [`  ${done.error.message} [${done.error.code}]`] : []),
  ].join('\n');
}

/** `points show ID --path DIR`: DIR absolute inside the point's scope (as `plan --path` takes paths),
 * or relative to the point's top (as the console browses). */
async function browsePoint(c: CliContext, id: string, path: string) {
  const lifeboat = c.open();
  const { point } = await lifeboat.call('points.get', { id });
  try {
    return await lifeboat.call('points.browse', { id: point.id, path: pointDirectory(point.scope, path) });
  } catch (e) {
    if (!isLifeboatError(e) || e.code !== 'points.no_such_directory') throw e;
    const scope = parseScope(point.scope);
    const how = scope.kind === 'server-path' ? `give an absolute path inside ${scope.path}; ` : '';
    throw new LifeboatError(
      e.code,
      `Restore point ${point.shortId} of ${point.scope} has no directory "${path}": ${how}lifeboat points show ${point.shortId} lists its top.`,
    );
  }
}

export function registerBackup(program: Command, ctx: () => CliContext): void {
  program
    .command('backup')
    .description("take restore points of a system's scopes (or of one scope)")
    .argument('<system>')
    .option('--scope <scope>', 'only this scope of the system')
    .option('--reread', 'read every file, even those unchanged since the previous restore point')
    .action(async (system: string, o: { scope?: string; reread?: boolean }) => {
      const c = ctx();
      const { jobs } = await withVault(c, () =>
        c.open().call('backup.start', {
          system,
          ...(o.scope ? { scope: o.scope } : {}),
          ...(o.reread ? { reread: true } : {}),
        }),
      );
      const done = await waitForJobs(c, jobs);
      c.print(done, () => done.map(outcome).join('\n'));
      if (done.some((j) => j.state !== 'Succeeded')) c.exitCode = 1;
    });

  const points = program
    .command('points')
    .description('restore points, newest first')
    .argument('[system]', 'only this system')
    .option('--scope <scope>', 'only this scope')
    .option('--limit <n>', 'at most this many', (v) => parsePositive(v, '--limit'), 200)
    .action(async (system: string | undefined, o: { scope?: string; limit: number }) => {
      const c = ctx();
      // The scope as `backup --scope` reads it; a malformed one is refused (estate.bad_scope).
      const filter = normalizeFilter({
        ...(system ? { system } : {}),
        ...(o.scope ? { scope: o.scope } : {}),
      });
      const r = await c.open().call('points.list', { ...filter, limit: o.limit });
      // Nothing matched: an unknown system or a scope it lacks is an error; else say of what.
      const none =
        r.points.length === 0
          ? whyNoPoints(
              filter,
              filter.system || filter.scope ? (await c.open().call('system.list', {})).systems : [],
            )
          : '';
      c.print(r.points, () =>
        r.points.length === 0
          ? none
          : table(
              ['ID', 'TIME (UTC)', 'SYSTEM', 'SCOPE', 'FILES', 'SIZE', 'CHANGES', 'TRUST'],
              r.points.map(pointRow),
            ),
      );
    });

  points
    .command('show')
    .argument('<id>', 'restore point id (or a unique prefix)')
    .option(
      '--path <dir>',
      "list this directory of it: an absolute path inside the point's scope (as plan --path), or one relative to the point's top",
      '',
    )
    .description('one restore point and a directory listing of it')
    .action(async (id: string, o: { path: string }) => {
      const c = ctx();
      const r = await withVault(c, () => browsePoint(c, id, o.path));
      c.print(r, () => pointText(r));
    });

  program
    .command('verify')
    .argument('<point>', 'restore point id (or a unique prefix)')
    .option('--read-data', 'read, decrypt and hash every data blob (the evidence for "verified")')
    .option('--sample <percent>', 'read a random sample of the data blobs', (v) => Number(v))
    .description(
      're-read a restore point from its repository: by default its structure (trees, index, packs)',
    )
    .action(async (id: string, o: { readData?: boolean; sample?: number }) => {
      const c = ctx();
      if (o.readData && o.sample !== undefined)
        throw new UsageError('choose --read-data or --sample, not both.');
      if (o.sample !== undefined && !(o.sample > 0 && o.sample <= 100)) {
        throw new UsageError('--sample takes a percentage above 0 and at most 100.');
      }
      const mode = o.readData ? 'read-data' : o.sample !== undefined ? 'sample' : 'structure';
      const { job } = await withVault(c, () =>
        c.open().call('points.verify', {
          id,
          mode,
          ...(o.sample !== undefined ? { samplePercent: o.sample } : {}),
        }),
      );
      const [done] = await waitForJobs(c, [job]);
      c.print(done, () => verifyText(mode, done as JobView));
      if (done?.state !== 'Succeeded') c.exitCode = 1;
    });

  program
    .command('catalog')
    .description('the local catalog of restore points (a cache of the repositories)')
    .command('rebuild')
    .description('rebuild every restore point from the repositories alone')
    .action(async () => {
      const c = ctx();
      const { job } = await withVault(c, () => c.open().call('catalog.rebuild', {}));
      const [done] = await waitForJobs(c, [job]);
      c.print(done, () => rebuildText(done as JobView));
      if (done?.state !== 'Succeeded') c.exitCode = 1;
    });
}
