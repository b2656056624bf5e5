// `lifeboat plan | restore | restores | undo`: the restore flow at a terminal. `restore` shows the
// same preview `plan` prints and asks before writing (`--yes` for scripts); if the live target
// moved since the preview, it plans again and asks again — with `--yes` it shows the new plan
// and stops instead, since nobody agreed to that one.
import type { Command } from 'commander';
import type { JobView, MethodInput, PlanView } from '../../api/contract';
import { isLifeboatError } from '../../api/errors';
import type { CliContext } from '../context';
import { planText, restoreListText, restoreText } from '../plan-text';
import { canPrompt, promptLine } from '../prompt';
import { parseTimeFlag } from '../rfc3339';
import { withVault } from '../secrets';
import { UsageError } from '../usage-error';
import { waitForJobs } from '../wait-jobs';
import { parsePositive } from './jobs';

interface PlanOptions {
  path: string[];
  resource: string[];
  selector?: string;
  point?: string;
  before?: string;
  to?: string;
  deleteExtra?: boolean;
  conflict: string;
  yes?: boolean;
}

const collect = (v: string, all: string[]) => [...all, v];

function planOptions(cmd: Command): Command {
  return cmd
    .argument('<scope>', 'the scope to restore from: server:NAME:/abs/path or cluster:NAME:namespace/NS')
    .option('--path <path>', 'only this absolute path (or glob) inside the scope; repeatable', collect, [])
    .option('--resource <kind/name>', 'only this object, e.g. Deployment/web; repeatable', collect, [])
    .option('--selector <labels>', 'only objects with these labels, e.g. app=web,tier in (a,b)')
    .option('--point <id>', 'this restore point (id or unique prefix)')
    .option(
      '--before <time>',
      'the newest usable point before this time (the incident start, RFC 3339: 2026-11-26T14:05:00Z)',
    )
    .option('--to <scope>', 'restore alongside: server:NAME:/abs/path or cluster:NAME:namespace/NS')
    .option('--delete-extra', 'delete live items (inside the subset) that the point does not hold')
    .option('--conflict <policy>', 'objects that exist already: update | skip', 'update');
}

function planInput(scope: string, o: PlanOptions): MethodInput<'restore.plan'> {
  if (o.point && o.before) throw new UsageError('choose --point or --before, not both.');
  if (o.conflict !== 'update' && o.conflict !== 'skip')
    throw new UsageError(`--conflict takes update or skip, not "${o.conflict}".`);
  const before = o.before === undefined ? undefined : parseTimeFlag(o.before, '--before');
  return {
    scope,
    ...(o.path.length ? { paths: o.path } : {}),
    ...(o.resource.length ? { resources: o.resource } : {}),
    ...(o.selector ? { selector: o.selector } : {}),
    ...(o.point ? { point: o.point } : {}),
    ...(before ? { before } : {}),
    ...(o.to ? { to: o.to } : {}),
    deleteExtra: Boolean(o.deleteExtra),
    conflict: o.conflict,
  };
}

/** The question before writing: how many changes, where. */
export function confirmQuestion(plan: PlanView): string {
  const p = plan.preview;
  const n =
    p.kind === 'files'
      ? p.create.length + p.replace.length + p.delete.length
      : p.create.length + p.update.length + p.delete.length;
  return `\nWrite ${n === 1 ? 'this 1 change' : `these ${n} changes`} to ${plan.destination.scope}${plan.destination.inPlace ? ' (in place)' : ''}? Type "yes" to go on: `;
}

async function confirm(c: CliContext, plan: PlanView, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!canPrompt()) throw new UsageError('not at a terminal: review the plan, then run again with --yes.');
  // With --json the plan was not printed as text: show it where the question goes.
  if (c.json) c.io.err(planText(plan));
  const answer = await promptLine(confirmQuestion(plan));
  if (answer.toLowerCase() === 'yes') return true;
  c.io.err('Nothing written.');
  return false;
}

/** Shows a plan, asks, executes; re-plans (and asks again) when the target moved meanwhile. With
 * `yes`, a new plan is shown and not carried out: `--yes` agreed to the preview printed before. */
export async function carryOut(
  c: CliContext,
  first: PlanView,
  replan: () => Promise<PlanView>,
  yes?: boolean,
): Promise<void> {
  let plan = first;
  for (let attempt = 0; ; attempt++) {
    if (!c.json) c.io.out(planText(plan));
    if (plan.empty) {
      if (c.json) c.print({ plan }, () => '');
      return;
    }
    if (!(await confirm(c, plan, yes))) {
      c.exitCode = 1;
      return;
    }
    const lifeboat = c.open();
    const { job, restore: started } = await lifeboat.call('restore.execute', { planId: plan.id });
    const [done] = (await waitForJobs(c, [job])) as [JobView];
    const { restore } = await lifeboat.call('restore.get', { id: started.id });
    if (done.error?.code === 'restore.target_changed' && attempt < 2) {
      c.io.err(`${done.error.message}\nPlanning again…\n`);
      plan = await replan();
      if (!yes) continue;
      c.print({ plan, restore }, () => planText(plan));
      c.io.err(
        'Nothing was written: the live target changed after the preview that --yes agreed to. The new plan is above; run again to carry it out.',
      );
      c.exitCode = 1;
      return;
    }
    c.print({ plan, restore }, () => restoreText(restore));
    if (restore.state !== 'Succeeded') c.exitCode = 1;
    return;
  }
}

export function registerRestore(program: Command, ctx: () => CliContext): void {
  planOptions(program.command('plan'))
    .description(
      'plan a restore: the exact preview, data-loss window, estimate and safety point (writes nothing)',
    )
    .action(async (scope: string, o: PlanOptions) => {
      const c = ctx();
      const input = planInput(scope, o); // usage errors before the catalog is opened
      const { plan } = await withVault(c, () => c.open().call('restore.plan', input));
      c.print(plan, () => planText(plan));
    });

  planOptions(program.command('restore'))
    .option('--yes', 'do not ask for confirmation (scripts)')
    .description('restore: show the plan, ask, take the safety point, write, record')
    .action(async (scope: string, o: PlanOptions) => {
      const c = ctx();
      const input = planInput(scope, o);
      const plan = () =>
        c
          .open()
          .call('restore.plan', input)
          .then((r) => r.plan);
      await withVault(c, async () => carryOut(c, await plan(), plan, o.yes));
    });

  const restores = program
    .command('restores')
    .description('restores carried out, newest first')
    .option('--limit <n>', 'at most this many', (v) => parsePositive(v, '--limit'), 100)
    .action(async (o: { limit: number }) => {
      const c = ctx();
      const r = await c.open().call('restore.list', { limit: o.limit });
      c.print(r.restores, () => restoreListText(r.restores));
    });
  restores
    .command('show')
    .argument('<id>', 'restore id (or a unique prefix)')
    .description('one restore with every item and its outcome')
    .action(async (id: string) => {
      const c = ctx();
      const { restore } = await c.open().call('restore.get', { id });
      c.print(restore, () => restoreText(restore, true));
    });

  program
    .command('undo')
    .argument('<restore>', 'restore id (or a unique prefix)')
    .option('--yes', 'do not ask for confirmation (scripts)')
    .description(
      "undo a restore: put back its safety point and delete what it created (shows the undo's preview first)",
    )
    .action(async (id: string, o: { yes?: boolean }) => {
      const c = ctx();
      const plan = () =>
        c
          .open()
          .call('restore.planUndo', { id })
          .then((r) => r.plan);
      try {
        await withVault(c, async () => carryOut(c, await plan(), plan, o.yes));
      } catch (e) {
        if (isLifeboatError(e) && e.code === 'restore.nothing_to_undo') {
          c.io.out(e.message);
          return;
        }
        throw e;
      }
    });
}
