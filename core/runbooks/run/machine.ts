// The state machine of a run, pure: the order the steps run in, which transitions a step may
// make, what the run does next and what state that puts it in. The engine (engine.ts) does the
// work of each step and calls these to move; unit tests drive them with plain data.
import { LifeboatError } from '../../api/errors';
import type { RunState, StepRun } from './types';

type StepState = StepRun['state'];

/** Where a step may go from each state. Running → Pending only when a run is resumed. */
const allowed: Record<StepState, readonly StepState[]> = {
  Pending: ['Running', 'Skipped'],
  Running: ['WaitingForApproval', 'WaitingForConfirmation', 'Succeeded', 'Failed', 'Skipped', 'Pending'],
  WaitingForApproval: ['WaitingForApproval', 'Succeeded', 'Skipped', 'Failed'],
  WaitingForConfirmation: ['Running', 'Succeeded', 'Skipped', 'Failed'],
  Failed: ['Pending', 'Skipped'],
  // A drill's restore runs again after its sandbox was removed (retry of a later step).
  Succeeded: ['Pending'],
  Skipped: [],
};

export const isWaiting = (s: StepState) => s === 'WaitingForApproval' || s === 'WaitingForConfirmation';
export const isDone = (s: StepState) => s === 'Succeeded' || s === 'Skipped';
const isEnd = (s: StepState) => s === 'Succeeded' || s === 'Failed' || s === 'Skipped';

/** Extra facts a transition sets on the step (detail, error, evidence). */
export type StepPatch = Partial<Omit<StepRun, 'id' | 'title' | 'kind' | 'state'>>;

/**
 * Moves a step to `to`, stamping its times: startedAt when it first leaves Pending, finishedAt
 * and the measured duration when it ends; a step sent back to Pending starts afresh.
 */
export function transition(step: StepRun, to: StepState, now: Date, patch: StepPatch = {}): StepRun {
  if (!allowed[step.state].includes(to))
    throw new LifeboatError(
      'run.bad_transition',
      `Step "${step.id}" is ${step.state}; it cannot become ${to}.`,
    );
  const at = now.toISOString();
  if (to === 'Pending') {
    const { id, title, kind, detail, estimate, restore } = step;
    return {
      id,
      title,
      kind,
      state: 'Pending',
      ...(detail !== undefined ? { detail } : {}),
      ...(estimate ? { estimate } : {}),
      // Kept: a restore step's earlier restore stays on record until it is planned again.
      ...(restore ? { restore } : {}),
      ...patch,
    };
  }
  const next: StepRun = { ...step, ...patch, state: to };
  // Starting again: the earlier restore is history, never this attempt's outcome (a resume after
  // a crash mid-planning must not take it for the restore it was about to start).
  if (step.state === 'Pending' && to === 'Running' && next.restore && !patch.restore)
    next.restore = { destination: next.restore.destination };
  if (!next.startedAt) next.startedAt = at;
  if (isEnd(to)) {
    next.finishedAt = at;
    next.durationMs = Math.max(0, now.getTime() - Date.parse(next.startedAt));
  }
  return next;
}

/**
 * The order steps run in: dependencies first (`after`), otherwise the document's order. A run
 * does one step at a time, so a step that waits for the operator holds the run there.
 */
export function stepOrder(steps: readonly { id: string; after: readonly string[] }[]): string[] {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const waiting = new Map(steps.map((s) => [s.id, new Set(s.after.filter((a) => index.has(a)))]));
  const order: string[] = [];
  while (order.length < steps.length) {
    const ready = steps.find((s) => !order.includes(s.id) && waiting.get(s.id)!.size === 0);
    if (!ready)
      throw new LifeboatError('run.cycle', 'The steps of this runbook wait for each other in a cycle.');
    order.push(ready.id);
    for (const set of waiting.values()) set.delete(ready.id);
  }
  return order;
}

export type Next =
  | { kind: 'start'; step: StepRun }
  /** A confirmed step whose work is to be carried out (a restore, a command). */
  | { kind: 'continue'; step: StepRun }
  | { kind: 'wait'; step: StepRun }
  | { kind: 'failed'; step: StepRun }
  | { kind: 'done' };

/** What the run does next: the first step in order that is not done decides. */
export function nextMove(steps: readonly StepRun[], order: readonly string[]): Next {
  for (const id of order) {
    const step = steps.find((s) => s.id === id);
    if (!step || isDone(step.state)) continue;
    if (step.state === 'Pending') return { kind: 'start', step };
    if (step.state === 'Running') return { kind: 'continue', step };
    if (step.state === 'Failed') return { kind: 'failed', step };
    return { kind: 'wait', step };
  }
  return { kind: 'done' };
}

/** The run's state when nothing is being done for it right now. */
export function restingState(steps: readonly StepRun[], order: readonly string[]): RunState {
  const n = nextMove(steps, order);
  if (n.kind === 'done') return 'Succeeded';
  if (n.kind === 'failed') return 'Failed';
  if (n.kind === 'wait') return 'Waiting';
  return 'Running';
}

/**
 * A run picked up again (resume after an interruption): a step that was in the middle of its
 * work starts again from Pending — the caller first settles restore steps whose restore exists.
 */
export function resumeSteps(steps: readonly StepRun[], now: Date): StepRun[] {
  return steps.map((s) => (s.state === 'Running' ? transition(s, 'Pending', now) : s));
}

/** The sum of the restore steps' measured (or, in a rehearsal, estimated) seconds. */
export function restoreSeconds(steps: readonly StepRun[], measured: (s: StepRun) => number | undefined) {
  let total = 0;
  let any = false;
  for (const s of steps) {
    if (s.kind !== 'restore') continue;
    const v = measured(s);
    if (v === undefined) continue;
    total += v;
    any = true;
  }
  return any ? Math.round(total * 1000) / 1000 : undefined;
}
