import { describe, expect, it } from 'vitest';
import { nextMove, restingState, restoreSeconds, resumeSteps, stepOrder, transition } from './machine';
import type { StepRun } from './types';

const step = (id: string, state: StepRun['state'] = 'Pending', kind: StepRun['kind'] = 'note'): StepRun => ({
  id,
  title: id,
  kind,
  state,
});

describe('the run state machine', () => {
  it('orders steps by `after`, otherwise as written', () => {
    expect(
      stepOrder([
        { id: 'a', after: [] },
        { id: 'b', after: ['c'] },
        { id: 'c', after: ['a'] },
        { id: 'd', after: [] },
      ]),
    ).toEqual(['a', 'c', 'b', 'd']);
    expect(() =>
      stepOrder([
        { id: 'a', after: ['b'] },
        { id: 'b', after: ['a'] },
      ]),
    ).toThrow(/cycle/);
  });

  it('stamps times and the measured duration, and refuses moves a step cannot make', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const running = transition(step('a'), 'Running', t0);
    expect(running.startedAt).toBe(t0.toISOString());
    const waiting = transition(running, 'WaitingForConfirmation', new Date(t0.getTime() + 1000));
    expect(waiting.finishedAt).toBeUndefined();
    const done = transition(waiting, 'Succeeded', new Date(t0.getTime() + 2500));
    expect(done).toMatchObject({
      state: 'Succeeded',
      durationMs: 2500,
      finishedAt: '2026-01-01T00:00:02.500Z',
    });
    expect(() => transition(done, 'Running', t0)).toThrow(/cannot become Running/);
    expect(() => transition(step('b'), 'Succeeded', t0)).toThrow(/Pending/);
    expect(() => transition(step('c', 'Skipped'), 'Pending', t0)).toThrow();
    const failed = transition(transition(step('d'), 'Running', t0), 'Failed', t0, {
      error: { code: 'x', message: 'y' },
    });
    const again = transition(failed, 'Pending', t0);
    expect(again).toEqual({ id: 'd', title: 'd', kind: 'note', state: 'Pending' });
    // A restore step keeps its earlier restore on record while Pending, and drops it when it
    // starts again: a resume must never take the old restore for this attempt's.
    const earlier = { ...step('r', 'Failed'), restore: { restoreId: 'OLD', jobId: 'J', destination: 'd' } };
    const pending = transition(earlier, 'Pending', t0);
    expect(pending.restore?.restoreId).toBe('OLD');
    expect(transition(pending, 'Running', t0).restore).toEqual({ destination: 'd' });
  });

  it('says what comes next and what state the run rests in', () => {
    const order = ['a', 'b', 'c'];
    expect(nextMove([step('a'), step('b'), step('c')], order)).toMatchObject({
      kind: 'start',
      step: { id: 'a' },
    });
    const waiting = [step('a', 'Succeeded'), step('b', 'WaitingForApproval'), step('c')];
    expect(nextMove(waiting, order)).toMatchObject({ kind: 'wait', step: { id: 'b' } });
    expect(restingState(waiting, order)).toBe('Waiting');
    const failed = [step('a', 'Skipped'), step('b', 'Failed'), step('c')];
    expect(restingState(failed, order)).toBe('Failed');
    expect(nextMove([step('a', 'Succeeded'), step('b', 'Running'), step('c')], order).kind).toBe('continue');
    expect(restingState([step('a', 'Succeeded'), step('b', 'Skipped'), step('c', 'Succeeded')], order)).toBe(
      'Succeeded',
    );
  });

  it('sends steps cut off mid-work back to Pending on resume', () => {
    const now = new Date();
    const steps = resumeSteps(
      [step('a', 'Succeeded'), transition(step('b'), 'Running', now), step('c')],
      now,
    );
    expect(steps.map((s) => s.state)).toEqual(['Succeeded', 'Pending', 'Pending']);
  });

  it('sums the restore steps', () => {
    const steps = [step('a', 'Succeeded', 'restore'), step('b', 'Succeeded', 'restore'), step('c')];
    expect(restoreSeconds(steps, (s) => (s.id === 'a' ? 1.5 : 2))).toBe(3.5);
    expect(restoreSeconds([step('c')], () => 1)).toBeUndefined();
  });
});
