// A restore step: plan it (the exact preview the operator confirms), then carry the plan out
// as a restore job and take the outcome from the restore record. In a drill the destination is
// forced to the run's sandbox, and a plan that would write anywhere else is refused outright.
import { methods, type PlanView } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import type { Services } from '../../api/handlers/types';
import { startRestore } from '../../restore/execute';
import { makePlan, requestOf } from '../../restore/plan';
import type { RestoreStepSpec } from '../model';
import { planInputOf } from '../plan-input';
import { destinationOf, sandboxFor } from './sandbox';
import type { StepPatch } from './machine';
import type { RunRecord, StepRun } from './types';

export type StepOutcome =
  | { state: 'Succeeded' | 'Skipped' | 'WaitingForConfirmation' | 'WaitingForApproval'; patch: StepPatch }
  | { state: 'Failed'; patch: StepPatch };

function changes(p: PlanView): number {
  const v = p.preview;
  return v.kind === 'files'
    ? v.create.length + v.replace.length + v.delete.length
    : v.create.length + v.update.length + v.delete.length;
}

export function planSummary(p: PlanView): string {
  const where = `${p.source.scope} → ${p.destination.scope}${p.destination.inPlace ? ' (in place)' : ' (alongside)'}`;
  const est = p.estimate.seconds !== undefined ? `about ${p.estimate.seconds} s` : 'duration unknown';
  return `${where}, from point ${p.point.shortId} of ${p.point.time} (${p.point.why}); ${changes(p)} change${
    changes(p) === 1 ? '' : 's'
  }; ${est}. ${p.safety.summary}`;
}

/** The longest a restore step's planning may take (a point of 250,000 files plans in minutes). */
const planningLimitMs = 30 * 60_000;

/** Plans the step's restore; an empty plan ends the step at once. Records the drill's sandbox. */
export async function planRestoreStep(
  s: Services,
  rec: RunRecord,
  spec: RestoreStepSpec,
  signal: AbortSignal,
): Promise<StepOutcome> {
  const drill = rec.view.mode === 'drill';
  const dest = destinationOf(spec);
  let to: string | undefined;
  if (drill) {
    const sb = rec.sandboxes.find((x) => x.of === dest) ?? sandboxFor(rec.view.id, dest);
    if (!rec.sandboxes.includes(sb)) rec.sandboxes.push(sb);
    sb.removed = false;
    to = sb.scope;
  }
  const input = planInputOf(spec, {
    incidentStart: rec.view.incidentStart ?? rec.view.startedAt,
    ...(to ? { to } : {}),
  });
  // Cancel reaches the planning (a stalled bucket or a hung mount must not hold the run), and
  // planning has a bound of its own.
  const bounded = AbortSignal.any([signal, AbortSignal.timeout(planningLimitMs)]);
  const plan = await makePlan(s, s.restores, requestOf(methods['restore.plan'].input.parse(input)), bounded);
  if (drill && (plan.destination.inPlace || plan.destination.scope !== to))
    throw new LifeboatError(
      'run.drill_not_sandboxed',
      `A drill restores only into its sandbox ${to}, but the plan writes to ${plan.destination.scope}; nothing was written.`,
    );
  const restore = { planId: plan.id, destination: plan.destination.scope };
  if (plan.empty)
    return {
      state: 'Succeeded',
      patch: {
        restore,
        detail: `nothing to restore: ${plan.destination.scope} already matches point ${plan.point.shortId}`,
      },
    };
  return { state: 'WaitingForConfirmation', patch: { restore, detail: planSummary(plan) } };
}

/** The outcome of a restore whose record exists (after it ended, or found after a restart). */
export function restoreOutcome(s: Services, step: StepRun): StepOutcome {
  const r = s.restores.get(step.restore!.restoreId!);
  const restore = { ...step.restore!, destination: r.destination };
  if (r.state === 'Succeeded')
    return {
      state: 'Succeeded',
      patch: {
        restore,
        detail:
          `${step.detail ?? ''}\nRestored ${r.counts.done} item${r.counts.done === 1 ? '' : 's'} in ${((r.durationMs ?? 0) / 1000).toFixed(1)} s.`.trim(),
      },
    };
  return {
    state: 'Failed',
    patch: {
      restore,
      error: r.error ?? {
        code: `restore.${r.state.toLowerCase()}`,
        message: `The restore ended ${r.state}: ${r.counts.done} done, ${r.counts.failed} failed, ${r.counts.notDone} not done (restore ${r.id}). Retry plans again.`,
      },
    },
  };
}

/**
 * Carries out the confirmed plan: starts the restore job, reports its ids (so a restart can
 * find it), waits for it, and reads the outcome from the restore record.
 */
export async function executeRestoreStep(
  s: Services,
  step: StepRun,
  started: (restore: NonNullable<StepRun['restore']>) => void,
): Promise<StepOutcome> {
  const planId = step.restore?.planId;
  if (!planId) throw new LifeboatError('run.no_plan', `Step "${step.id}" has no confirmed plan; retry it.`);
  const { job, restore } = startRestore(s, s.restores, planId);
  const ids = { ...step.restore!, restoreId: restore.id, jobId: job.id };
  started(ids);
  await s.jobs.wait(job.id);
  return restoreOutcome(s, { ...step, restore: ids });
}
