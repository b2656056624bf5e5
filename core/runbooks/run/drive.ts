// The driver of one run in this process: takes the next step in order, does its work (or puts it
// in front of the operator), records the outcome, and stops when the run waits, pauses, fails,
// ends or is cancelled. At most one driver per run; calls wait for it to stop or to start long
// work (a restore plan, a restore, checks, a command), then answer with the run as it is.
import { toApiError } from '../../api/errors';
import type { StepSpec } from '../model';
import { commit, journal, load, setStep, type Driver, type EngineCtx } from './context';
import { nextMove, stepOrder } from './machine';
import { rehearseStep } from './rehearsal';
import { executeRestoreStep, planRestoreStep, type StepOutcome } from './restore-step';
import { removeSandbox } from './sandbox';
import { runOnServer, tail } from './checks/ssh';
import { runVerify, verifyDetail } from './verify';
import type { RunRecord, StepRun } from './types';

/** A drill never writes to live servers, so its command steps are skipped with this reason. */
export const drillCommandReason = 'a drill never runs commands on live servers';
/** A command step without its own time limit gets this one. */
const commandTimeoutMs = 300_000;

/** What a step is, in words, before it runs. */
export function describeStep(spec: StepSpec): string {
  switch (spec.kind) {
    case 'check':
    case 'note':
      return spec.text;
    case 'approve':
      return `${spec.text} (needs ${spec.approvers === 2 ? 'two different approvers, each' : 'one approver,'} named, with a reason)`;
    case 'command':
      return `on server ${spec.server}: ${spec.command}`;
    case 'restore':
      return `${spec.scope}${spec.paths?.length ? ` (${spec.paths.join(', ')})` : ''} → ${spec.to ?? 'in place'}${
        spec.before === 'incident' ? ', from before the incident' : ''
      }`;
    case 'verify':
      return verifyDetail(spec);
  }
}

async function startStep(ctx: EngineCtx, rec: RunRecord, spec: StepSpec, d: Driver): Promise<StepOutcome> {
  setStep(ctx, rec, spec.id, 'Running');
  if (rec.view.mode === 'rehearsal') return rehearseStep(ctx.s, rec, spec);
  switch (spec.kind) {
    case 'note':
      return { state: 'Succeeded', patch: { detail: spec.text } };
    case 'check':
      return { state: 'WaitingForConfirmation', patch: {} };
    case 'approve':
      return { state: 'WaitingForApproval', patch: {} };
    case 'command':
      return rec.view.mode === 'drill'
        ? { state: 'Skipped', patch: { skippedReason: drillCommandReason } }
        : { state: 'WaitingForConfirmation', patch: { detail: describeStep(spec) } };
    case 'restore':
      d.yieldNow();
      return planRestoreStep(ctx.s, rec, spec, d.abort.signal);
    case 'verify': {
      d.yieldNow();
      const results = await runVerify(ctx.s, rec, spec, d.abort.signal, (so_far) => {
        const i = rec.view.steps.findIndex((x) => x.id === spec.id);
        rec.view.steps[i] = { ...rec.view.steps[i]!, checks: so_far };
        commit(ctx, rec);
      });
      const failed = results.filter((r) => !r.ok);
      if (failed.length === 0) return { state: 'Succeeded', patch: { checks: results } };
      return {
        state: 'Failed',
        patch: {
          checks: results,
          error: {
            code: 'run.check_failed',
            message: failed.map((f) => `${f.label}: ${f.message}`).join('; '),
          },
        },
      };
    }
  }
}

/** The work of a step the operator confirmed: a restore or a command. */
async function continueStep(
  ctx: EngineCtx,
  rec: RunRecord,
  spec: StepSpec,
  step: StepRun,
  d: Driver,
): Promise<StepOutcome> {
  d.yieldNow();
  if (spec.kind === 'restore')
    return executeRestoreStep(ctx.s, step, (restore) => {
      d.jobId = restore.jobId;
      const i = rec.view.steps.findIndex((x) => x.id === spec.id);
      rec.view.steps[i] = { ...rec.view.steps[i]!, restore };
      commit(ctx, rec);
    });
  if (spec.kind === 'command') {
    const limit = spec.timeoutSeconds ? spec.timeoutSeconds * 1000 : commandTimeoutMs;
    const out = await runOnServer(ctx.s, spec.server, spec.command, limit, d.abort.signal);
    const output = tail(out.output);
    if (out.error) return { state: 'Failed', patch: { output, error: out.error } };
    if (out.code !== spec.expectExit)
      return {
        state: 'Failed',
        patch: {
          output,
          error: {
            code: 'run.command_failed',
            message: `\`${spec.command}\` on ${spec.server} exited ${out.code ?? 'by a signal'}, expected ${spec.expectExit}.`,
          },
        },
      };
    return { state: 'Succeeded', patch: { output } };
  }
  return {
    state: 'Failed',
    patch: { error: { code: 'run.bad_state', message: `Step "${spec.id}" was not confirmed.` } },
  };
}

/** Removes a drill's sandboxes; a failure is recorded on the sandbox and journaled, not thrown. */
export async function cleanUp(ctx: EngineCtx, rec: RunRecord): Promise<void> {
  if (rec.view.mode !== 'drill') return;
  for (const sb of rec.sandboxes) {
    if (sb.removed) continue;
    try {
      await removeSandbox(ctx.s, rec.view.id, sb);
      sb.removed = true;
      delete sb.error;
      journal(ctx, rec, 'run.sandbox_removed', { sandbox: sb.scope });
    } catch (e) {
      sb.error = toApiError(e).message;
      journal(ctx, rec, 'run.sandbox_left', { sandbox: sb.scope, error: toApiError(e).code });
    }
  }
}

async function finish(ctx: EngineCtx, rec: RunRecord, state: 'Succeeded' | 'Failed', d: Driver) {
  d.yieldNow();
  await cleanUp(ctx, rec);
  if (ctx.closed || d.cancel) return;
  rec.view.state = state;
  rec.view.finishedAt = new Date().toISOString();
  commit(ctx, rec);
  journal(ctx, rec, 'run.finished', {
    state,
    ...(rec.view.restoreSeconds !== undefined ? { restoreSeconds: rec.view.restoreSeconds } : {}),
    rtoSeconds: rec.view.rtoSeconds,
  });
}

async function loop(ctx: EngineCtx, id: string, d: Driver): Promise<void> {
  for (;;) {
    if (ctx.closed || d.cancel) return;
    const rec = load(ctx, id);
    if (d.pause) {
      rec.view.state = 'Paused';
      commit(ctx, rec);
      journal(ctx, rec, 'run.paused');
      return;
    }
    const n = nextMove(rec.view.steps, stepOrder(rec.runbook.steps));
    if (n.kind === 'done' || n.kind === 'failed')
      return finish(ctx, rec, n.kind === 'done' ? 'Succeeded' : 'Failed', d);
    if (n.kind === 'wait') {
      rec.view.state = 'Waiting';
      commit(ctx, rec);
      return;
    }
    if (rec.view.state !== 'Running') {
      rec.view.state = 'Running';
      commit(ctx, rec);
    }
    const spec = rec.runbook.steps.find((x) => x.id === n.step.id)!;
    let outcome: StepOutcome;
    try {
      outcome =
        n.kind === 'start'
          ? await startStep(ctx, rec, spec, d)
          : await continueStep(ctx, rec, spec, n.step, d);
    } catch (e) {
      if (ctx.closed || d.cancel) return;
      const { code, message } = toApiError(e);
      outcome = { state: 'Failed', patch: { error: { code, message } } };
    }
    d.jobId = undefined;
    if (ctx.closed || d.cancel) return;
    setStep(ctx, rec, spec.id, outcome.state, outcome.patch);
  }
}

/**
 * Makes sure a driver runs for the run (after any that is just stopping) and resolves when it
 * stops or starts long work.
 */
export async function kick(ctx: EngineCtx, id: string): Promise<void> {
  for (let d = ctx.active.get(id); d; d = ctx.active.get(id)) await d.done;
  if (ctx.closed) return;
  let yieldNow!: () => void;
  const yielded = new Promise<void>((r) => (yieldNow = r));
  const d: Driver = {
    abort: new AbortController(),
    pause: false,
    cancel: false,
    done: Promise.resolve(),
    yielded,
    yieldNow,
  };
  ctx.active.set(id, d);
  d.done = loop(ctx, id, d)
    .catch((e: unknown) => {
      // Something outside any step broke (the catalog, a bug): the run says so and stops.
      if (ctx.closed) return;
      const rec = load(ctx, id);
      rec.view.state = 'Failed';
      rec.view.finishedAt = new Date().toISOString();
      commit(ctx, rec);
      journal(ctx, rec, 'run.finished', { state: 'Failed', error: toApiError(e).code });
    })
    .finally(() => {
      ctx.active.delete(id);
      d.yieldNow();
    });
  await d.yielded;
}
