// The pure words and choices of runs and drills: the step waiting for the person on call, its
// one action, restore time against the RTO, when a run is over, which of two views of a run to
// keep, and the Drills page's order (overdue first).
import { describe, expect, it } from 'vitest';
import type { DrillStatus, RunView, StepRun } from '../../core/api/contract';
import {
  approvalsLeft,
  checksSummary,
  currentStep,
  drillDue,
  drillResult,
  drillRto,
  ownerLine,
  primaryActionLabel,
  runFinished,
  rtoVerdict,
  sameApprover,
  sortDrills,
  stepDurationText,
  stepPosition,
} from '../../renderer/src/runs/run-text';
import { compareRuns, mergeRun } from '../../renderer/src/store/merge-run';

const step = (id: string, state: StepRun['state'], patch: Partial<StepRun> = {}): StepRun => ({
  id,
  title: id,
  kind: 'check',
  state,
  ...patch,
});

function run(steps: StepRun[], patch: Partial<RunView> = {}): RunView {
  return {
    id: 'r1',
    system: 'shop',
    runbook: { name: 'shop-recovery', version: 1, origin: 'own' },
    mode: 'incident',
    label: 'INCIDENT',
    state: 'Waiting',
    actor: 'serve',
    owner: { team: 'Shop team' },
    startedAt: '2025-03-04T12:00:00Z',
    steps,
    rtoSeconds: 1800,
    ...patch,
  };
}

describe('the step a run is at', () => {
  it('is the first that waits, runs or failed; else the first pending; none when all settled', () => {
    expect(
      currentStep(run([step('a', 'Succeeded'), step('b', 'WaitingForApproval'), step('c', 'Pending')]))?.id,
    ).toBe('b');
    expect(currentStep(run([step('a', 'Skipped'), step('b', 'Pending')]))?.id).toBe('b');
    expect(currentStep(run([step('a', 'Succeeded'), step('b', 'Failed')]))?.id).toBe('b');
    expect(currentStep(run([step('a', 'Succeeded'), step('b', 'Skipped')]))).toBeUndefined();
    const r = run([step('a', 'Succeeded'), step('b', 'Running'), step('c', 'Pending')]);
    expect(stepPosition(r, { id: 'b' })).toBe('Step 2 of 3');
  });

  it('has one action, named by kind, state and mode', () => {
    expect(primaryActionLabel(step('a', 'WaitingForConfirmation'), 'incident')).toBe('Done');
    expect(primaryActionLabel(step('a', 'WaitingForApproval', { kind: 'approve' }), 'incident')).toBe(
      'Approve',
    );
    expect(primaryActionLabel(step('a', 'WaitingForConfirmation', { kind: 'restore' }), 'incident')).toBe(
      'Restore…',
    );
    // Once the plan is known, the button says where it writes, as the Recover page does.
    expect(
      primaryActionLabel(step('a', 'WaitingForConfirmation', { kind: 'restore' }), 'incident', true),
    ).toBe('Restore in place…');
    expect(
      primaryActionLabel(step('a', 'WaitingForConfirmation', { kind: 'restore' }), 'incident', false),
    ).toBe('Restore alongside…');
    expect(primaryActionLabel(step('a', 'WaitingForConfirmation', { kind: 'restore' }), 'drill')).toBe(
      'Restore into the sandbox…',
    );
    expect(primaryActionLabel(step('a', 'WaitingForConfirmation', { kind: 'command' }), 'incident')).toBe(
      'Run the command',
    );
    expect(primaryActionLabel(step('a', 'Failed', { kind: 'verify' }), 'incident')).toBe('Retry');
  });

  it('says how long a step took, or has taken so far', () => {
    const now = new Date('2025-03-04T12:01:30Z');
    expect(stepDurationText(step('a', 'Pending'), now)).toBeUndefined();
    expect(stepDurationText(step('a', 'Running', { startedAt: '2025-03-04T12:00:00Z' }), now)).toBe('1m 30s');
    expect(stepDurationText(step('a', 'Succeeded', { durationMs: 4200 }), now)).toBe('4s');
  });
});

describe('runs', () => {
  it('is over when it succeeded, was cancelled, or failed with no step left to retry', () => {
    expect(runFinished(run([step('a', 'Succeeded')], { state: 'Succeeded' }))).toBe(true);
    expect(runFinished(run([step('a', 'Skipped')], { state: 'Cancelled' }))).toBe(true);
    expect(runFinished(run([step('a', 'Failed')], { state: 'Failed' }))).toBe(false);
    expect(runFinished(run([step('a', 'Succeeded')], { state: 'Failed' }))).toBe(true);
    expect(runFinished(run([step('a', 'Pending')], { state: 'Paused' }))).toBe(false);
  });

  it('keeps a run that is over against a late report, and otherwise takes the later report', () => {
    const done = run([step('a', 'Succeeded')], { state: 'Succeeded' });
    const going = run([step('a', 'WaitingForConfirmation')], { state: 'Waiting' });
    expect(mergeRun(done, going)).toBe(done);
    expect(mergeRun(going, done)).toBe(done);
    expect(mergeRun(undefined, going)).toBe(going);
    // A retried step goes back to Pending: the run moves back, and that is the truth.
    const failed = run([step('a', 'Failed')], { state: 'Failed' });
    const retried = run([step('a', 'Pending')], { state: 'Running' });
    expect(mergeRun(failed, retried)).toBe(retried);
    const older = run([], { id: 'a', startedAt: '2025-03-04T11:00:00Z' });
    expect([older, going].sort(compareRuns).map((r) => r.id)).toEqual(['r1', 'a']);
  });

  it('says restore time against the RTO in words', () => {
    expect(rtoVerdict(130, 1800)).toEqual({
      tone: 'ok',
      text: 'Restore took 2m 10s (writing only): within the RTO of 30m 00s',
    });
    expect(rtoVerdict(2100, 1800)).toEqual({
      tone: 'warning',
      text: 'Restore took 35m 00s (writing only): over the RTO of 30m 00s by 5m 00s',
    });
    expect(rtoVerdict(4, 1800, true).text).toBe(
      'Restore estimated at 4s (writing only): within the RTO of 30m 00s',
    );
    expect(rtoVerdict(undefined, 1800)).toEqual({
      tone: 'unknown',
      text: 'No restore time measured yet (RTO 30m 00s)',
    });
  });

  it('names owners, counts checks and approvals, and refuses the same approver twice', () => {
    expect(ownerLine({ team: 'Shop team', contact: '#shop' })).toBe('Owner: Shop team · contact #shop');
    expect(ownerLine({ team: 'Shop team' })).toBe('Owner: Shop team · no contact given');
    expect(checksSummary([{ ok: true }, { ok: true }])).toEqual({ tone: 'ok', text: 'All 2 checks passed' });
    expect(checksSummary([{ ok: true }, { ok: false }])).toEqual({
      tone: 'error',
      text: '1 of 2 checks failed',
    });
    const first = step('a', 'WaitingForApproval', {
      kind: 'approve',
      approvals: [{ name: 'Dana', reason: 'INC-1', at: '2025-03-04T12:00:00Z' }],
    });
    expect(approvalsLeft(first, 2)).toBe(1);
    expect(sameApprover(first, ' dana ')).toBe(true);
    expect(sameApprover(first, 'Sam')).toBe(false);
  });
});

describe('drills', () => {
  const d = (system: string, patch: Partial<DrillStatus> = {}): DrillStatus => ({
    system,
    rtoSeconds: 1800,
    overdue: false,
    ...patch,
  });
  const at = (iso: string) => iso.slice(0, 10);

  it('lists overdue drills first (longest overdue first), then the oldest drills', () => {
    const rows = [
      d('fresh', { last: { runId: '1', at: '2025-03-01T00:00:00Z', state: 'Succeeded' } }),
      d('late', { overdue: true, dueAt: '2025-02-01T00:00:00Z' }),
      d('later', { overdue: true, dueAt: '2025-01-01T00:00:00Z' }),
      d('old', { last: { runId: '2', at: '2024-12-01T00:00:00Z', state: 'Failed' } }),
      d('never'),
    ];
    expect(sortDrills(rows).map((r) => r.system)).toEqual(['later', 'late', 'never', 'old', 'fresh']);
  });

  it('says the result, the restore time against the RTO, and when the next is due', () => {
    const ok = d('shop', {
      last: {
        runId: '1',
        at: '2025-03-01T00:00:00Z',
        state: 'Succeeded',
        restoreSeconds: 2400,
        withinRto: false,
      },
      dueAt: '2025-04-01T00:00:00Z',
      drillEvery: { text: '30d', seconds: 2_592_000 },
    });
    expect(drillResult(ok)).toEqual({ tone: 'ok', text: 'Restored and checked' });
    expect(drillRto(ok).text).toBe('Restore took 40m 00s (writing only): over the RTO of 30m 00s by 10m 00s');
    expect(drillDue(ok, at)).toEqual({ tone: 'ok', text: 'Next due 2025-04-01' });
    expect(drillResult(d('x'))).toEqual({ tone: 'none', text: 'Never drilled' });
    expect(drillDue(d('x', { overdue: true, dueAt: '2025-02-01T00:00:00Z' }), at)).toEqual({
      tone: 'warning',
      text: 'Overdue since 2025-02-01',
    });
    expect(drillDue(d('x', { overdue: true }), at).text).toBe('Overdue: never drilled');
    expect(drillDue(d('x'), at).text).toBe('No drill interval set for this system');
  });
});
