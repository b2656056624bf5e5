// `lifeboat run | drill | runs | drills`: a runbook run at a terminal or in a script. At a
// terminal every step is printed as it moves, and checks, commands and restore plans (shown with
// the plan's full preview) are confirmed, approvals asked for by name and reason. In a script
// the flags answer: --yes confirms, --approve-as approves; without a terminal and without the
// flag a step needs, the command stops there (exit 2) and says which flag it needs — the run
// keeps waiting, and the console can continue it.
import { type Command, Option } from 'commander';
import type { Lifeboat } from '../../api/lifeboat';
import { isLifeboatError } from '../../api/errors';
import type { MethodInput } from '../../api/contract';
import type { RunView, StepRun } from '../../runbooks/run/types';
import type { CliContext } from '../context';
import { exitCodes } from '../io';
import { planText } from '../plan-text';
import { canPrompt, PromptCancelled, promptLine } from '../prompt';
import { parseTimeFlag } from '../rfc3339';
import { openVault } from '../secrets';
import { table } from '../table';
import { UsageError } from '../usage-error';
import { parsePositive } from './jobs';

interface RunOptions {
  runbook?: string;
  mode: 'incident' | 'drill' | 'rehearsal';
  incidentStart?: string;
  set: string[];
  yes?: boolean;
  approveAs: string[];
  reason?: string;
}

const collect = (v: string, all: string[]) => [...all, v];
const time = (iso?: string) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');
const secs = (ms?: number) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

function seconds(n: number): string {
  if (n < 90) return `${Math.round(n * 10) / 10} s`;
  if (n < 5400) return `${Math.round(n / 60)} min`;
  return `${Math.floor(n / 3600)} h ${Math.round((n % 3600) / 60)} min`;
}

function stepLine(s: StepRun): string {
  const why =
    s.state === 'Skipped'
      ? s.skippedReason
      : s.state === 'Failed'
        ? `${s.error?.message ?? ''} [${s.error?.code ?? '?'}]`
        : s.detail;
  return `  ${s.state.padEnd(22)} ${s.title}${s.durationMs !== undefined ? ` (${secs(s.durationMs)})` : ''}${why ? `\n  ${' '.repeat(22)} ${why.split('\n').join(`\n  ${' '.repeat(22)} `)}` : ''}`;
}

function objective(r: RunView): string {
  if (r.restoreSeconds === undefined) return `RTO ${seconds(r.rtoSeconds)}`;
  const what = r.mode === 'rehearsal' ? 'estimated restore time' : 'measured restore time';
  const within = r.restoreSeconds <= r.rtoSeconds ? 'within' : 'OVER';
  return `${what} ${seconds(r.restoreSeconds)}, ${within} the RTO of ${seconds(r.rtoSeconds)}`;
}

/** The whole timeline of a run (`runs show`). */
export function runText(r: RunView): string {
  const lines = [
    `Run ${r.id} of system ${r.system}: ${r.state}`,
    `  ${r.label}`,
    `  runbook  ${r.runbook.name}${r.runbook.version ? ` v${r.runbook.version}` : ''} (${r.runbook.origin}); owner ${r.owner.team}${r.owner.contact ? ` (${r.owner.contact})` : ''}`,
    `  started  ${time(r.startedAt)} UTC by ${r.actor}${r.finishedAt ? `, ended ${time(r.finishedAt)} UTC` : ''}`,
    ...(r.incidentStart ? [`  incident ${time(r.incidentStart)} UTC`] : []),
    ...(r.sandbox ? [`  sandbox  ${r.sandbox}`] : []),
    `  restore  ${objective(r)}`,
    '',
  ];
  for (const s of r.steps) {
    lines.push(stepLine(s));
    for (const a of s.approvals ?? [])
      lines.push(`  ${' '.repeat(22)} approved by ${a.name} at ${time(a.at)}: ${a.reason}`);
    for (const c of s.checks ?? [])
      lines.push(`  ${' '.repeat(22)} ${c.ok ? 'ok  ' : 'FAIL'} ${c.label}: ${c.message}`);
    if (s.estimate)
      lines.push(
        `  ${' '.repeat(22)} estimate ${s.estimate.seconds !== undefined ? seconds(s.estimate.seconds) : 'unknown'}: ${s.estimate.basis}`,
      );
    if (s.output)
      lines.push(`  ${' '.repeat(22)} output: ${s.output.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return lines.join('\n');
}

function parameters(pairs: string[]): Record<string, string> | undefined {
  if (!pairs.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 1) throw new UsageError(`--set takes NAME=VALUE, got "${p}".`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** Resolves when the run is no longer Running (it waits, pauses or has ended). */
function settled(l: Lifeboat, id: string): Promise<RunView> {
  return new Promise((resolve, reject) => {
    const check = async () => {
      try {
        const { run } = await l.call('run.get', { id });
        if (run.state !== 'Running') return resolve(run);
        setTimeout(() => void check(), 150);
      } catch (e) {
        reject(e as Error);
      }
    };
    void check();
  });
}

type Decision = { advance: MethodInput<'run.advance'> } | { stop: string };

async function decide(
  c: CliContext,
  l: Lifeboat,
  run: RunView,
  step: StepRun,
  o: RunOptions,
): Promise<Decision> {
  const base = { id: run.id, stepId: step.id };
  if (step.state === 'WaitingForApproval') {
    const used = new Set((step.approvals ?? []).map((a) => a.name.toLowerCase()));
    const name = o.approveAs.find((n) => !used.has(n.toLowerCase()));
    const reason = o.reason ?? `approved with --approve-as in a scripted ${run.mode}`;
    if (name) return { advance: { ...base, action: 'approve', name, reason } };
    if (!canPrompt())
      return {
        stop: `step "${step.title}" needs ${used.size ? 'another, different' : 'an'} approver: run with --approve-as NAME${used.size ? ' (a second --approve-as for a second person)' : ''} [--reason TEXT]`,
      };
    c.io.err(`\n${step.title}: ${step.detail ?? ''}`);
    const who = await promptLine('Approver name (empty to stop): ');
    if (!who) return { stop: 'stopped at the approval' };
    const why = await promptLine('Reason: ');
    return { advance: { ...base, action: 'approve', name: who, reason: why } };
  }
  if (step.kind === 'restore' && step.restore?.planId && !c.json) {
    const { plan } = await l.call('restore.getPlan', { id: step.restore.planId });
    c.io.out(`\n${planText(plan)}\n`);
  }
  if (o.yes) return { advance: { ...base, action: 'confirm' } };
  if (!canPrompt())
    return { stop: `step "${step.title}" (${step.kind}) needs a confirmation: run with --yes` };
  const what =
    step.kind === 'restore'
      ? 'Carry out this restore'
      : step.kind === 'command'
        ? 'Run this command'
        : 'Confirm';
  c.io.err(`\n${step.title}: ${step.detail ?? ''}`);
  const answer = (await promptLine(`${what}? Type "yes", "skip", or nothing to stop: `)).toLowerCase();
  if (answer === 'yes') return { advance: { ...base, action: 'confirm' } };
  if (answer !== 'skip') return { stop: 'stopped at your answer' };
  const why = await promptLine('Why skip it: ');
  return { advance: { ...base, action: 'skip', reason: why || 'skipped at the terminal' } };
}

async function follow(c: CliContext, l: Lifeboat, first: RunView, o: RunOptions): Promise<void> {
  const seen = new Map<string, string>();
  const show = (r: RunView) => {
    if (c.json) return;
    for (const s of r.steps) {
      const key = `${s.state}${s.approvals?.length ?? 0}`;
      if (seen.get(s.id) === key || s.state === 'Pending') continue;
      seen.set(s.id, key);
      c.io.out(stepLine(s));
    }
  };
  if (!c.json)
    c.io.out(
      `Run ${first.id} of ${first.system}: runbook ${first.runbook.name} (${first.runbook.origin})\n${first.label}\n`,
    );
  const off = l.subscribe((e) => {
    if (e.event === 'run.updated' && e.payload.run.id === first.id) show(e.payload.run);
  });
  try {
    for (;;) {
      const run = await settled(l, first.id);
      show(run);
      if (run.state !== 'Waiting') {
        c.print(
          run,
          () =>
            `\nRun ${run.id}: ${run.state}. ${objective(run)}${run.sandbox ? `\nSandbox: ${run.sandbox}` : ''}`,
        );
        if (run.state !== 'Succeeded') c.exitCode = exitCodes.failure;
        return;
      }
      const step = run.steps.find(
        (s) => s.state === 'WaitingForApproval' || s.state === 'WaitingForConfirmation',
      )!;
      const d = await decide(c, l, run, step, o).catch((e: unknown): Decision => {
        if (e instanceof PromptCancelled) return { stop: `cancelled at the prompt (${e.how})` };
        throw e;
      });
      if ('stop' in d) {
        c.io.err(`Run ${run.id} waits: ${d.stop}. It keeps waiting; continue it in the console (Runs).`);
        c.exitCode = canPrompt() ? exitCodes.failure : exitCodes.usage;
        return;
      }
      try {
        await l.call('run.advance', d.advance);
      } catch (e) {
        if (!isLifeboatError(e) || !canPrompt()) throw e;
        c.io.err(`${e.message} [${e.code}]`);
      }
    }
  } finally {
    off();
  }
}

function runCommand(cmd: Command): Command {
  return cmd
    .argument('<system>', 'the system to recover')
    .option('--runbook <name>', "this runbook or template (default: the system's own, else the default)")
    .option(
      '--incident-start <time>',
      'when the incident started (RFC 3339: 2026-11-26T14:05:00Z); restores use points before it',
    )
    .option('--set <name=value>', 'a runbook parameter (file=/etc/nginx/nginx.conf); repeatable', collect, [])
    .option('--yes', 'confirm every check, command and restore plan (scripts)')
    .option('--approve-as <name>', 'approve as this person; repeat for a second approver', collect, [])
    .option('--reason <text>', 'the reason given with --approve-as');
}

async function startRun(c: CliContext, system: string, o: RunOptions): Promise<void> {
  const incidentStart =
    o.incidentStart === undefined ? undefined : parseTimeFlag(o.incidentStart, '--incident-start');
  const l = c.open();
  // A rehearsal connects to nothing, so it needs no credentials; the other modes plan restores.
  if (o.mode !== 'rehearsal') await openVault(c);
  const given = parameters(o.set);
  const { run } = await l.call('run.start', {
    system,
    mode: o.mode,
    ...(o.runbook ? { runbook: o.runbook } : {}),
    ...(incidentStart ? { incidentStart } : {}),
    ...(given ? { parameters: given } : {}),
  });
  await follow(c, l, run, o);
}

export function registerRun(program: Command, ctx: () => CliContext): void {
  runCommand(program.command('run'))
    .addOption(
      new Option('--mode <mode>', 'incident (real), drill (into a sandbox) or rehearsal (dry)')
        .choices(['incident', 'drill', 'rehearsal'])
        .makeOptionMandatory(),
    )
    .description("run a system's runbook step by step: an incident, a drill, or a rehearsal")
    .action((system: string, o: RunOptions) => startRun(ctx(), system, o));

  runCommand(program.command('drill'))
    .description("drill a system's runbook: real restores into a sandbox, timed against the RTO")
    .action((system: string, o: Omit<RunOptions, 'mode'>) =>
      startRun(ctx(), system, { ...o, mode: 'drill' }),
    );

  const runs = program
    .command('runs')
    .argument('[system]', 'only this system')
    .addOption(
      new Option('--mode <mode>', 'only runs in this mode').choices(['incident', 'drill', 'rehearsal']),
    )
    .option('--limit <n>', 'at most this many', (v) => parsePositive(v, '--limit'), 100)
    .description('runs of runbooks, newest first')
    .action(async (system: string | undefined, o: { mode?: RunOptions['mode']; limit: number }) => {
      const c = ctx();
      const { runs: list } = await c.open().call('run.list', {
        ...(system ? { system } : {}),
        ...(o.mode ? { mode: o.mode } : {}),
        limit: o.limit,
      });
      c.print(list, () =>
        list.length === 0
          ? 'No runs yet. Rehearse one: lifeboat run SYSTEM --mode rehearsal'
          : table(
              ['ID', 'STARTED (UTC)', 'SYSTEM', 'MODE', 'STATE', 'RUNBOOK', 'RESTORE / RTO'],
              list.map((r) => [
                r.id,
                time(r.startedAt),
                r.system,
                r.mode,
                r.state,
                r.runbook.name,
                `${r.restoreSeconds !== undefined ? seconds(r.restoreSeconds) : '-'} / ${seconds(r.rtoSeconds)}`,
              ]),
            ),
      );
    });
  runs
    .command('show')
    .argument('<id>', 'run id (or a unique prefix)')
    .description('one run: every step, its state, evidence and timings')
    .action(async (id: string) => {
      const c = ctx();
      const { run } = await c.open().call('run.get', { id });
      c.print(run, () => runText(run));
    });

  program
    .command('drills')
    .description('per system: the last drill, its restore time against the RTO, and whether one is overdue')
    .action(async () => {
      const c = ctx();
      const { systems } = await c.open().call('drills.status', {});
      c.print(systems, () =>
        table(
          ['SYSTEM', 'LAST DRILL (UTC)', 'STATE', 'RESTORE / RTO', 'EVERY', 'OVERDUE'],
          systems.map((d) => [
            d.system,
            d.last ? time(d.last.at) : 'never',
            d.last?.state ?? '',
            `${d.last?.restoreSeconds !== undefined ? seconds(d.last.restoreSeconds) : '-'} / ${seconds(d.rtoSeconds)}`,
            d.drillEvery?.text ?? '-',
            d.overdue
              ? `OVERDUE${d.dueAt ? ` since ${time(d.dueAt)}` : ''}`
              : d.dueAt
                ? `due ${time(d.dueAt)}`
                : '',
          ]),
        ),
      );
    });
}
