// Selectors of the Recover flow, shared by the page and its keyboard actions: the plan on
// screen, the work that carries it out (jobs by purpose: `restore:<plan id>`), its job and its
// restore record, and what the next step may be.
import { finishedJobStates, type JobView, type PlanView } from '../../../core/api/contract';
import type { AppStore } from '../store';
import type { StartedWork } from '../store/points-slice';
import { currentPlan } from '../store/restore-slice';
import { sameRequest } from './recover-draft';
import { canUndo, type RestoreSummary } from './restore-text';

export const flowPlan = (s: AppStore): PlanView | undefined => currentPlan(s.recoverFlow);

export function flowWork(s: AppStore): StartedWork | undefined {
  const plan = flowPlan(s);
  return plan ? s.work[`restore:${plan.id}`] : undefined;
}

export function flowJob(s: AppStore): JobView | undefined {
  const work = flowWork(s);
  const id = work?.status === 'started' ? work.jobIds[0] : undefined;
  return id ? s.jobs[id] : undefined;
}

export function flowRestore(s: AppStore): RestoreSummary | undefined {
  const plan = flowPlan(s);
  return plan ? s.restores.items.find((r) => r.planId === plan.id) : undefined;
}

/** The form was edited after the plan was made: the preview no longer answers it. */
export function flowStale(s: AppStore): boolean {
  const { plannedDraft, undoOf } = s.recoverFlow;
  return !undoOf && plannedDraft !== undefined && !sameRequest(plannedDraft, s.recoverDraft);
}

/** A plan is on screen, has something to write, is current, and was not carried out. */
export function canExecute(s: AppStore): boolean {
  const plan = flowPlan(s);
  const work = flowWork(s);
  return plan !== undefined && !plan.empty && !flowStale(s) && (!work || work.status === 'error');
}

export function flowRunning(s: AppStore): boolean {
  const job = flowJob(s);
  return job !== undefined && !finishedJobStates.includes(job.state);
}

/** The restore on screen is finished and may be undone. */
export function flowCanUndo(s: AppStore): boolean {
  const r = flowRestore(s);
  const job = flowJob(s);
  return r !== undefined && job !== undefined && finishedJobStates.includes(job.state) && canUndo(r);
}

/** Keys of the Recover page act only there, and not under a dialog. */
export function recoverKeysActive(s: AppStore): boolean {
  return (
    s.page === 'recover' &&
    s.recoverMode === 'direct' &&
    !s.helpOpen &&
    s.recoverDialog === 'none' &&
    !s.vaultDialog
  );
}
