// Pure words and choices for runs of runbooks and drills: which step waits for the person on
// call, what its one action is, states as tones, restore time against the RTO, and the order of
// the Drills page (overdue first). No React here (tests: test/unit/renderer-run-text).
import type { DrillStatus, RunView, StepRun } from '../../../core/api/contract';
import type { Tone } from '../components/status-text';
import { formatDuration } from '../format';

export type RunState = RunView['state'];
export type StepState = StepRun['state'];
export type RunMode = RunView['mode'];

/**
 * The run is over: it succeeded, was cancelled, or failed with no step left to retry. A run that
 * failed at a step is not over: that step can be retried or skipped.
 */
export function runFinished(run: Pick<RunView, 'state' | 'steps'>): boolean {
  if (run.state === 'Succeeded' || run.state === 'Cancelled') return true;
  return run.state === 'Failed' && !run.steps.some((s) => s.state === 'Failed');
}

/** Running or waiting: it can be paused. */
export function runPausable(run: Pick<RunView, 'state'>): boolean {
  return run.state === 'Running' || run.state === 'Waiting';
}

/** Paused or interrupted: it waits for Resume. */
export function runResumable(run: Pick<RunView, 'state'>): boolean {
  return run.state === 'Paused' || run.state === 'Interrupted';
}

const activeStepStates: readonly StepState[] = [
  'WaitingForApproval',
  'WaitingForConfirmation',
  'Running',
  'Failed',
];

/** A step that needs the person on call now (approve, confirm, retry or skip). */
export function stepWaits(step: Pick<StepRun, 'state'>): boolean {
  return (
    step.state === 'WaitingForApproval' || step.state === 'WaitingForConfirmation' || step.state === 'Failed'
  );
}

/**
 * The step the run is at: the first one that waits or runs; else the first pending one; none once
 * every step is settled.
 */
export function currentStep(run: Pick<RunView, 'steps'>): StepRun | undefined {
  return (
    run.steps.find((s) => activeStepStates.includes(s.state)) ?? run.steps.find((s) => s.state === 'Pending')
  );
}

/** "Step 3 of 5". */
export function stepPosition(run: Pick<RunView, 'steps'>, step: Pick<StepRun, 'id'>): string {
  const i = run.steps.findIndex((s) => s.id === step.id);
  return `Step ${i + 1} of ${run.steps.length}`;
}

export const runStateLook: Record<RunState, { tone: Tone; text: string }> = {
  Running: { tone: 'info', text: 'Running' },
  Waiting: { tone: 'warning', text: 'Waiting for you' },
  Paused: { tone: 'unknown', text: 'Paused' },
  Succeeded: { tone: 'ok', text: 'Succeeded' },
  Failed: { tone: 'error', text: 'Failed' },
  Cancelled: { tone: 'none', text: 'Cancelled' },
  Interrupted: { tone: 'warning', text: 'Interrupted: resume to go on' },
};

export const stepStateLook: Record<StepState, { tone: Tone; text: string }> = {
  Pending: { tone: 'none', text: 'Not started' },
  Running: { tone: 'info', text: 'Running' },
  WaitingForApproval: { tone: 'warning', text: 'Waiting for approval' },
  WaitingForConfirmation: { tone: 'warning', text: 'Waiting for you to confirm' },
  Succeeded: { tone: 'ok', text: 'Done' },
  Failed: { tone: 'error', text: 'Failed' },
  Skipped: { tone: 'unknown', text: 'Skipped' },
};

export const kindLabel: Record<StepRun['kind'], string> = {
  check: 'Check',
  approve: 'Approval',
  restore: 'Restore',
  verify: 'Verify',
  command: 'Command',
  note: 'Note',
};

export const modeLook: Record<RunMode, { title: string; color: string; what: string }> = {
  incident: {
    title: 'Incident',
    color: 'red',
    what: 'Each restore shows its exact preview and waits for your confirmation; every step and decision goes on the record.',
  },
  drill: {
    title: 'Drill',
    color: 'blue',
    what: 'Real restores, timed against the RTO; commands on live servers are skipped; the sandbox is removed at the end.',
  },
  rehearsal: {
    title: 'Rehearsal',
    color: 'grape',
    what: 'The runbook walked through from what the catalog knows; the times are estimates.',
  },
};

/** The label of a step's one action while it waits. */
export function primaryActionLabel(
  step: Pick<StepRun, 'kind' | 'state' | 'restore'>,
  mode: RunMode,
  /** Whether the step's plan writes in place, once the plan is known: the button says which. */
  inPlace?: boolean,
): string {
  if (step.state === 'Failed') return 'Retry';
  if (step.state === 'WaitingForApproval') return 'Approve';
  switch (step.kind) {
    case 'restore':
      if (mode === 'rehearsal') return 'Continue';
      if (mode === 'drill') return 'Restore into the sandbox…';
      return inPlace === undefined ? 'Restore…' : inPlace ? 'Restore in place…' : 'Restore alongside…';
    case 'command':
      return mode === 'rehearsal' ? 'Continue' : 'Run the command';
    case 'verify':
      return 'Run the checks';
    default:
      return 'Done';
  }
}

/** How long a step took (or has taken so far), in words; undefined before it started. */
export function stepDurationText(
  step: Pick<StepRun, 'startedAt' | 'finishedAt' | 'durationMs'>,
  now: Date,
): string | undefined {
  if (step.durationMs !== undefined) return formatDuration(step.durationMs / 1000);
  if (!step.startedAt) return undefined;
  const end = step.finishedAt ? Date.parse(step.finishedAt) : now.getTime();
  const ms = end - Date.parse(step.startedAt);
  return Number.isFinite(ms) ? formatDuration(Math.max(0, ms) / 1000) : undefined;
}

/** The whole run's duration so far (or in all, once it ended). */
export function runDurationText(run: Pick<RunView, 'startedAt' | 'finishedAt'>, now: Date): string {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now.getTime();
  return formatDuration(Math.max(0, end - Date.parse(run.startedAt)) / 1000);
}

export interface RtoVerdict {
  tone: Tone;
  text: string;
}

/**
 * Restore time against the RTO, in words: "Restore took 2m 10s: within the RTO of 30m 00s" or
 * "… over the RTO of 30m 00s by 5m 00s". `estimate` for rehearsals (the time is not measured).
 */
export function rtoVerdict(
  restoreSeconds: number | undefined,
  rtoSeconds: number,
  estimate = false,
): RtoVerdict {
  const rto = formatDuration(rtoSeconds);
  if (restoreSeconds === undefined)
    return {
      tone: 'unknown',
      text: `No restore time ${estimate ? 'estimated' : 'measured'} yet (RTO ${rto})`,
    };
  const took = formatDuration(restoreSeconds);
  // The restore steps' own writing, not the checks or the people around them: said so.
  const lead = estimate
    ? `Restore estimated at ${took} (writing only)`
    : `Restore took ${took} (writing only)`;
  if (rtoSeconds > 0 && restoreSeconds > rtoSeconds)
    return {
      tone: 'warning',
      text: `${lead}: over the RTO of ${rto} by ${formatDuration(restoreSeconds - rtoSeconds)}`,
    };
  return { tone: 'ok', text: `${lead}: within the RTO of ${rto}` };
}

/** "Owner: payments · contact #payments-oncall" (or "no contact given"). */
export function ownerLine(owner: { team: string; contact?: string | undefined }): string {
  return `Owner: ${owner.team} · ${owner.contact ? `contact ${owner.contact}` : 'no contact given'}`;
}

/** Checks of a verify step: "2 of 2 checks passed" / "1 of 2 checks failed". */
export function checksSummary(checks: readonly { ok: boolean }[]): { tone: Tone; text: string } {
  const failed = checks.filter((c) => !c.ok).length;
  if (checks.length === 0) return { tone: 'unknown', text: 'No check result yet' };
  if (failed === 0)
    return {
      tone: 'ok',
      text: checks.length === 1 ? 'The check passed' : `All ${checks.length} checks passed`,
    };
  return {
    tone: 'error',
    text: `${failed} of ${checks.length} ${checks.length === 1 ? 'check' : 'checks'} failed`,
  };
}

/** How many approvals a step still needs, given how many it asks for. */
export function approvalsLeft(step: Pick<StepRun, 'approvals'>, needed: number): number {
  return Math.max(0, needed - (step.approvals?.length ?? 0));
}

/** An approver's name is refused when it repeats one already given (the second must differ). */
export function sameApprover(step: Pick<StepRun, 'approvals'>, name: string): boolean {
  const n = name.trim().toLowerCase();
  return n !== '' && (step.approvals ?? []).some((a) => a.name.trim().toLowerCase() === n);
}

// ---- drills -----------------------------------------------------------------------------------

/** Overdue first (longest overdue first), then never drilled, then the oldest drill first. */
export function sortDrills(rows: readonly DrillStatus[]): DrillStatus[] {
  const time = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);
  return [...rows].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.overdue && b.overdue) {
      const d = time(a.dueAt) - time(b.dueAt);
      if (d !== 0) return d;
    }
    const l = time(a.last?.at) - time(b.last?.at);
    return l !== 0 ? l : a.system.localeCompare(b.system);
  });
}

/** The last drill's result as a tone and words. */
export function drillResult(d: DrillStatus): { tone: Tone; text: string } {
  if (!d.last) return { tone: 'none', text: 'Never drilled' };
  const look = runStateLook[d.last.state];
  return { tone: look.tone, text: d.last.state === 'Succeeded' ? 'Restored and checked' : look.text };
}

/** The last drill's restore time against the RTO ("within" / "over", in words). */
export function drillRto(d: DrillStatus): RtoVerdict {
  if (!d.last) return { tone: 'none', text: `Not measured (RTO ${formatDuration(d.rtoSeconds)})` };
  return rtoVerdict(d.last.restoreSeconds, d.rtoSeconds);
}

/** "Overdue since 2025-03-01 09:00:00", "Due 2025-04-01 …", "No drill interval set". */
export function drillDue(d: DrillStatus, dateTime: (iso: string) => string): { tone: Tone; text: string } {
  if (d.overdue)
    return {
      tone: 'warning',
      text: d.dueAt ? `Overdue since ${dateTime(d.dueAt)}` : 'Overdue: never drilled',
    };
  if (d.dueAt) return { tone: 'ok', text: `Next due ${dateTime(d.dueAt)}` };
  return { tone: 'none', text: d.drillEvery ? 'Not due' : 'No drill interval set for this system' };
}
