// Runs of runbooks: start, advance, pause, resume, cancel, and what the catalog says about them.
// One engine per Lifeboat; the work of each run is done by its driver (drive.ts), the moves by
// the state machine (machine.ts). README.md beside this file describes states and modes.
import { randomBytes } from 'node:crypto';
import type { ParsedInput } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import type { Services } from '../../api/handlers/types';
import { processIsAlive } from '../../jobs/store';
import { resolveRunbook } from '../resolve';
import { commit, journal, load, setStep, type EngineCtx } from './context';
import { cleanUp, describeStep, kick } from './drive';
import { isWaiting, stepOrder } from './machine';
import { rehearsalLabel } from './rehearsal';
import { restoreOutcome } from './restore-step';
import { createRunStore } from './store';
import type { RunMode, RunRecord, RunView } from './types';

export const modeLabels: Record<RunMode, string> = {
  incident: 'INCIDENT — restores write to the live targets',
  drill: 'DRILL — restores go to a sandbox; live targets are never written',
  rehearsal: rehearsalLabel,
};

type AdvanceInput = ParsedInput<'run.advance'>;
export type StartInput = ParsedInput<'run.start'>;

export function createRunEngine(s: Services) {
  const ctx: EngineCtx = { s, store: createRunStore(s.catalog.db), active: new Map(), closed: false };

  // Runs left Running by a process that is gone: nothing drives them any more.
  for (const orphan of ctx.store.orphans(processIsAlive)) {
    const rec: RunRecord = { view: orphan.view, runbook: orphan.runbook, sandboxes: orphan.sandboxes };
    rec.view.state = 'Interrupted';
    commit(ctx, rec);
    journal(ctx, rec, 'run.interrupted', { ownerPid: orphan.ownerPid, ownerHost: orphan.ownerHost });
  }

  const view = (id: string): RunView => ctx.store.get(id).view;

  /** A run this process may act on (not one another live Lifeboat is driving). */
  function mine(id: string): RunRecord {
    const stored = ctx.store.get(id);
    if (!ctx.active.has(stored.view.id) && ctx.store.ownedElsewhere(stored, processIsAlive))
      throw new LifeboatError(
        'run.not_owned',
        `Run ${stored.view.id} is being driven by another Lifeboat (pid ${stored.ownerPid}); act on it there.`,
      );
    return load(ctx, stored.view.id);
  }

  /** The synchronous part of advance: checks, journal, the step's move, saved. */
  function advanceNow(input: AdvanceInput): { rec: RunRecord; go: boolean } {
    const rec = mine(input.id);
    const { state } = rec.view;
    if (state !== 'Waiting' && state !== 'Failed' && state !== 'Paused')
      refuse('run.not_waiting', `Run ${rec.view.id} is ${state}; it waits for no one right now.`);
    const step = rec.view.steps.find((x) => x.id === input.stepId);
    const spec = rec.runbook.steps.find((x) => x.id === input.stepId);
    if (!step || !spec)
      refuse(
        'run.no_such_step',
        `Run ${rec.view.id} has no step "${input.stepId}" (${rec.view.steps.map((x) => x.id).join(', ')}).`,
      );
    const wrong = (what: string) =>
      refuse('run.step_not_ready', `Step "${step.id}" is ${step.state}: it cannot be ${what} now.`);

    switch (input.action) {
      case 'confirm':
        if (step.state !== 'WaitingForConfirmation') wrong('confirmed');
        // What was confirmed: a restore step's plan (the exact preview the operator read).
        journal(ctx, rec, 'run.confirmed', {
          step: step.id,
          ...(step.restore?.planId ? { plan: step.restore.planId } : {}),
        });
        setStep(ctx, rec, step.id, spec.kind === 'check' ? 'Succeeded' : 'Running');
        break;
      case 'approve': {
        if (step.state !== 'WaitingForApproval') wrong('approved');
        if (!input.name)
          refuse('run.approval_needs_name', `Approving "${step.title}" needs the approver's name.`);
        if (!input.reason)
          refuse('run.approval_needs_reason', `Approving "${step.title}" needs a reason, in a few words.`);
        const approvals = step.approvals ?? [];
        if (approvals.some((a) => a.name.toLowerCase() === input.name!.toLowerCase()))
          refuse(
            'run.same_approver',
            `${input.name} has approved "${step.title}" already; the second approval must come from someone else.`,
          );
        const need = spec.kind === 'approve' ? spec.approvers : 1;
        const all = [...approvals, { name: input.name, reason: input.reason, at: new Date().toISOString() }];
        journal(ctx, rec, 'run.approved', {
          step: step.id,
          name: input.name,
          reason: input.reason,
          of: `${all.length}/${need}`,
        });
        setStep(ctx, rec, step.id, all.length >= need ? 'Succeeded' : 'WaitingForApproval', {
          approvals: all,
        });
        break;
      }
      case 'skip':
        if (!input.reason) refuse('run.skip_needs_reason', `Skipping "${step.title}" needs a reason.`);
        if (spec.kind === 'approve')
          refuse(
            'run.approval_not_skippable',
            `An approval cannot be skipped: "${step.title}" needs its approver.`,
          );
        // A drill is the proof that a restore works: one that restored nothing proves nothing.
        if (spec.kind === 'restore' && rec.view.mode === 'drill')
          refuse(
            'run.drill_restore_not_skippable',
            `A drill's restore cannot be skipped: "${step.title}" is what the drill tests. Retry it, or cancel the drill.`,
          );
        if (!isWaiting(step.state) && step.state !== 'Failed') wrong('skipped');
        setStep(ctx, rec, step.id, 'Skipped', { skippedReason: input.reason });
        break;
      case 'retry': {
        if (step.state !== 'Failed') wrong('retried');
        setStep(ctx, rec, step.id, 'Pending');
        // The drill's sandbox went when the run failed: its restores run again to refill it.
        if (rec.sandboxes.some((sb) => sb.removed))
          for (const x of rec.view.steps)
            if (x.kind === 'restore' && x.state === 'Succeeded' && x.id !== step.id)
              setStep(ctx, rec, x.id, 'Pending');
        break;
      }
    }
    if (state === 'Paused') {
      commit(ctx, rec);
      return { rec, go: false };
    }
    const { finishedAt: _f, ...rest } = rec.view;
    rec.view = { ...rest, state: 'Running' };
    commit(ctx, rec);
    return { rec, go: true };
  }

  async function drive(rec: RunRecord): Promise<RunView> {
    await kick(ctx, rec.view.id);
    return view(rec.view.id);
  }

  function refuse(code: string, message: string): never {
    throw new LifeboatError(code, message);
  }

  return {
    async start(input: StartInput): Promise<RunView> {
      const system = s.estate.systems.get(input.system);
      const { runbook, origin } = resolveRunbook(s, system.name, input.runbook, input.parameters);
      stepOrder(runbook.steps);
      const now = new Date().toISOString();
      // An incident cannot start later than now (a few minutes of clock skew aside): "before the
      // incident" would then pick points taken after it — the broken state.
      if (input.incidentStart && Date.parse(input.incidentStart) > Date.now() + 5 * 60_000)
        refuse(
          'run.incident_in_future',
          `The incident start ${new Date(input.incidentStart).toISOString()} is in the future (now ${now}); give the time it started, with its zone.`,
        );
      const incidentStart = input.incidentStart
        ? new Date(input.incidentStart).toISOString()
        : input.mode === 'incident'
          ? now
          : undefined;
      const rec: RunRecord = {
        view: {
          id: randomBytes(6).toString('hex'),
          system: system.name,
          runbook: { name: runbook.name, ...(runbook.version ? { version: runbook.version } : {}), origin },
          mode: input.mode,
          label: modeLabels[input.mode],
          state: 'Running',
          actor: s.actor,
          owner: runbook.owner ?? system.owner,
          ...(incidentStart ? { incidentStart } : {}),
          startedAt: now,
          steps: runbook.steps.map((sp) => ({
            id: sp.id,
            title: sp.title,
            kind: sp.kind,
            state: 'Pending' as const,
            detail: describeStep(sp),
          })),
          rtoSeconds: system.rto.seconds,
        },
        runbook,
        sandboxes: [],
      };
      ctx.store.insert(rec);
      journal(ctx, rec, 'run.started', {
        runbook: runbook.name,
        ...(runbook.version ? { version: runbook.version } : {}),
        origin,
        ...(incidentStart ? { incidentStart } : {}),
      });
      s.bus.emit('run.updated', { run: rec.view });
      return drive(rec);
    },

    get: view,
    list: (o: ParsedInput<'run.list'>) => ctx.store.list(o),

    async advance(input: AdvanceInput): Promise<RunView> {
      // Read, check and write in one immediate transaction: two clients (the console and the CLI)
      // confirming the same step at once are served one after the other, and the second finds
      // the step moved on — a step is never done twice.
      const moved = ctx.store.atomically(() => advanceNow(input));
      return moved.go ? drive(moved.rec) : view(moved.rec.view.id);
    },

    async pause(id: string): Promise<RunView> {
      const rec = mine(id);
      const d = ctx.active.get(rec.view.id);
      if (rec.view.state === 'Running' && d) {
        d.pause = true;
        return rec.view;
      }
      if (rec.view.state !== 'Waiting' && rec.view.state !== 'Running')
        refuse(
          'run.not_running',
          `Run ${rec.view.id} is ${rec.view.state}; only a running or waiting run pauses.`,
        );
      rec.view.state = 'Paused';
      commit(ctx, rec);
      journal(ctx, rec, 'run.paused');
      return rec.view;
    },

    async resume(id: string): Promise<RunView> {
      const rec = mine(id);
      if (rec.view.state !== 'Paused' && rec.view.state !== 'Interrupted')
        refuse(
          'run.not_paused',
          `Run ${rec.view.id} is ${rec.view.state}; only a paused or interrupted run resumes.`,
        );
      // A step cut off mid-work starts again, unless its restore exists: then its outcome counts.
      for (const step of rec.view.steps) {
        if (step.state !== 'Running') continue;
        if (step.kind === 'restore' && step.restore?.restoreId) {
          const out = restoreOutcome(s, step);
          setStep(ctx, rec, step.id, out.state, out.patch);
        } else setStep(ctx, rec, step.id, 'Pending');
      }
      journal(ctx, rec, 'run.resumed', { from: rec.view.state });
      rec.view.state = 'Running';
      commit(ctx, rec);
      return drive(rec);
    },

    async cancel(id: string): Promise<RunView> {
      let rec = mine(id);
      if (rec.view.state === 'Succeeded' || rec.view.state === 'Cancelled')
        refuse(
          'run.finished',
          `Run ${rec.view.id} has ended (${rec.view.state}); there is nothing to cancel.`,
        );
      const d = ctx.active.get(rec.view.id);
      if (d) {
        d.cancel = true;
        if (d.jobId) s.jobs.cancel(d.jobId);
        d.abort.abort(new LifeboatError('run.cancelled', 'The run was cancelled.'));
        await d.done;
        rec = load(ctx, rec.view.id);
      }
      for (const step of rec.view.steps) {
        if (step.state === 'Running')
          setStep(ctx, rec, step.id, 'Failed', {
            error: { code: 'run.cancelled', message: 'The run was cancelled during this step.' },
          });
        else if (isWaiting(step.state))
          setStep(ctx, rec, step.id, 'Skipped', { skippedReason: 'the run was cancelled' });
      }
      await cleanUp(ctx, rec);
      rec.view.state = 'Cancelled';
      rec.view.finishedAt = new Date().toISOString();
      commit(ctx, rec);
      journal(ctx, rec, 'run.cancelled');
      return view(rec.view.id);
    },

    /** The Lifeboat closes: stop every driver without writing (the next start interrupts them). */
    close(): void {
      ctx.closed = true;
      for (const d of ctx.active.values())
        d.abort.abort(new LifeboatError('run.closed', 'Lifeboat is closing.'));
    },

    store: ctx.store,
  };
}

export type RunEngine = ReturnType<typeof createRunEngine>;
