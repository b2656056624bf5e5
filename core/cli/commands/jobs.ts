import { type Command, InvalidArgumentError, Option } from 'commander';
import { jobStates, type JobView } from '../../api/contract';
import type { CliContext } from '../context';
import { plural } from '../../journal/report/format';
import { formatBytes, table } from '../table';

export function registerJobs(program: Command, ctx: () => CliContext): void {
  const jobs = program.command('jobs').description('long-running work: backups, verifications, restores');
  jobs
    .command('list')
    .description('list jobs, newest first')
    .addOption(new Option('--state <state...>', 'only jobs in these states').choices(jobStates))
    .option('--limit <n>', 'at most this many', (v) => parsePositive(v, '--limit'), 50)
    .action(async (o: { state?: JobView['state'][]; limit: number }) => {
      const c = ctx();
      const { jobs: list } = await c.open().call('jobs.list', {
        limit: o.limit,
        ...(o.state ? { states: o.state } : {}),
      });
      c.print(list, () =>
        list.length === 0
          ? 'No jobs yet.'
          : table(
              ['ID', 'STATE', 'KIND', 'TITLE', 'PROGRESS', 'CREATED'],
              list.map((j) => [j.id.slice(0, 8), j.state, j.kind, j.title, progressText(j), j.createdAt]),
            ),
      );
    });
  jobs
    .command('cancel')
    .description('cancel a queued or running job of this process')
    .argument('<id>', 'job id (as listed)')
    .action(async (id: string) => {
      const c = ctx();
      const { job } = await c.open().call('jobs.cancel', { id });
      c.print(job, () => `${job.id}: ${job.state}`);
    });
}

function progressText(j: JobView): string {
  const p = j.progress;
  const items =
    p.itemsTotal !== undefined
      ? `${p.itemsDone}/${plural(p.itemsTotal, 'item')}`
      : plural(p.itemsDone, 'item');
  return `${items}, ${formatBytes(p.bytesDone)}`;
}

export function parsePositive(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${flag} must be a positive whole number, got "${v}".`);
  }
  return n;
}
