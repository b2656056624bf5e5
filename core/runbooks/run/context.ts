// What the engine's parts share: the services, the run store, the drivers of this process, and
// the one way a run is written (commit: catalog, then the `run.updated` event) and journaled.
import type { Services } from '../../api/handlers/types';
import { restoreSeconds, transition, type StepPatch } from './machine';
import type { RunStore } from './store';
import type { RunRecord, StepRun } from './types';

export interface Driver {
  abort: AbortController;
  pause: boolean;
  cancel: boolean;
  /** The restore job the driver waits for, if any (cancel stops it). */
  jobId?: string;
  /** Resolves when the driver has stopped. */
  done: Promise<void>;
  /** Resolves when the driver stops or starts long work (what a call waits for). */
  yielded: Promise<void>;
  yieldNow(): void;
}

export interface EngineCtx {
  s: Services;
  store: RunStore;
  active: Map<string, Driver>;
  /** Set when the Lifeboat closes: nothing is written any more; runs left Running are
   *  marked Interrupted by the next start. */
  closed: boolean;
}

function sandboxText(rec: RunRecord): string | undefined {
  if (rec.view.mode !== 'drill' || rec.sandboxes.length === 0) return undefined;
  return rec.sandboxes
    .map((sb) => `${sb.scope}${sb.removed ? ' (removed)' : sb.error ? ` (NOT removed: ${sb.error})` : ''}`)
    .join(', ');
}

/** The measured restore time of a step (its restore record), or a rehearsal's estimate. */
function measured(ctx: EngineCtx, rec: RunRecord, step: StepRun): number | undefined {
  if (rec.view.mode === 'rehearsal') return step.estimate?.seconds;
  const id = step.restore?.restoreId;
  if (!id || step.state !== 'Succeeded') return undefined;
  const ms = ctx.s.restores.get(id).durationMs;
  return ms === undefined ? undefined : ms / 1000;
}

/** Writes the run and tells every subscriber. A closed engine writes nothing. */
export function commit(ctx: EngineCtx, rec: RunRecord): void {
  if (ctx.closed) return;
  const secs = restoreSeconds(rec.view.steps, (st) => measured(ctx, rec, st));
  const sandbox = sandboxText(rec);
  const { restoreSeconds: _r, sandbox: _s, ...rest } = rec.view;
  rec.view = {
    ...rest,
    ...(sandbox ? { sandbox } : {}),
    ...(secs !== undefined ? { restoreSeconds: secs } : {}),
  };
  ctx.store.save(rec);
  ctx.s.bus.emit('run.updated', { run: rec.view });
}

export function journal(
  ctx: EngineCtx,
  rec: RunRecord,
  action: string,
  details: Record<string, unknown> = {},
) {
  if (ctx.closed) return;
  ctx.s.journal.append({
    actor: ctx.s.actor,
    action,
    subject: rec.view.id,
    details: { system: rec.view.system, mode: rec.view.mode, ...details },
  });
}

/** Moves one step (journaled as run.step with its new state) and commits the run. */
export function setStep(
  ctx: EngineCtx,
  rec: RunRecord,
  stepId: string,
  to: StepRun['state'],
  patch: StepPatch = {},
): StepRun {
  const i = rec.view.steps.findIndex((x) => x.id === stepId);
  const next = transition(rec.view.steps[i]!, to, new Date(), patch);
  rec.view.steps[i] = next;
  journal(ctx, rec, 'run.step', {
    step: stepId,
    kind: next.kind,
    state: to,
    ...(next.skippedReason && to === 'Skipped' ? { reason: next.skippedReason } : {}),
    ...(next.error && to === 'Failed' ? { error: next.error.code } : {}),
    ...(next.durationMs !== undefined && to !== 'Pending' ? { durationMs: next.durationMs } : {}),
  });
  commit(ctx, rec);
  return next;
}

export function load(ctx: EngineCtx, id: string): RunRecord {
  const { view, runbook, sandboxes } = ctx.store.get(id);
  return { view, runbook, sandboxes };
}
