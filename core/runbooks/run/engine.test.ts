// The engine through the contract, with steps that need no server: checks, approvals, commands
// (skipped), notes — and a rehearsal, which never connects. Real catalog in a temp folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lifeboat } from '../../api/lifeboat';
import { failure, lifeboatWithEstate } from '../test-kit';
import type { RunView } from './types';

const manual = `name: billing-manual
system: billing
steps:
  - { id: look, kind: check, title: Look at the dashboard, text: 5xx above 5 %. }
  - { id: approve, kind: approve, title: Approve the reload, approvers: 2, text: nginx reloads. }
  - { id: reload, kind: command, title: Reload nginx, server: web-1, command: sudo systemctl reload nginx }
  - { id: tell, kind: note, title: Tell support, text: 'Post in #support.' }
`;

describe('runs of a runbook', () => {
  let l: Lifeboat;
  const events: RunView[] = [];
  beforeEach(async () => {
    l = await lifeboatWithEstate();
    await l.call('runbook.import', { yaml: manual });
    events.length = 0;
    l.subscribe((e) => {
      if (e.event === 'run.updated') events.push(e.payload.run);
    });
  });
  afterEach(() => l.close());

  const state = (r: RunView) => Object.fromEntries(r.steps.map((s) => [s.id, s.state]));

  it('waits at each check and approval, needs two different named approvers, and journals every move', async () => {
    let { run } = await l.call('run.start', { system: 'billing', mode: 'incident' });
    expect(run).toMatchObject({
      state: 'Waiting',
      label: expect.stringMatching(/^INCIDENT/),
      rtoSeconds: 3600,
    });
    expect(run.owner.team).toBe('payments');
    expect(state(run).look).toBe('WaitingForConfirmation');
    expect(
      (
        await failure(l, 'run.advance', {
          id: run.id,
          stepId: 'approve',
          action: 'approve',
          name: 'a',
          reason: 'r',
        })
      ).code,
    ).toBe('run.step_not_ready');
    run = (await l.call('run.advance', { id: run.id, stepId: 'look', action: 'confirm' })).run;
    expect(state(run).approve).toBe('WaitingForApproval');
    expect(
      (await failure(l, 'run.advance', { id: run.id, stepId: 'approve', action: 'approve', reason: 'r' }))
        .code,
    ).toBe('run.approval_needs_name');
    run = (
      await l.call('run.advance', {
        id: run.id,
        stepId: 'approve',
        action: 'approve',
        name: 'Alice',
        reason: 'reload is safe',
      })
    ).run;
    expect(state(run).approve).toBe('WaitingForApproval');
    expect(
      (
        await failure(l, 'run.advance', {
          id: run.id,
          stepId: 'approve',
          action: 'approve',
          name: 'alice',
          reason: 'again',
        })
      ).code,
    ).toBe('run.same_approver');
    run = (
      await l.call('run.advance', {
        id: run.id,
        stepId: 'approve',
        action: 'approve',
        name: 'Bob',
        reason: 'agreed',
      })
    ).run;
    expect(run.steps.find((s) => s.id === 'approve')?.approvals?.map((a) => a.name)).toEqual([
      'Alice',
      'Bob',
    ]);
    expect(state(run).reload).toBe('WaitingForConfirmation');
    expect(run.steps.find((s) => s.id === 'reload')?.detail).toBe(
      'on server web-1: sudo systemctl reload nginx',
    );
    expect((await failure(l, 'run.advance', { id: run.id, stepId: 'reload', action: 'skip' })).code).toBe(
      'run.skip_needs_reason',
    );
    run = (
      await l.call('run.advance', {
        id: run.id,
        stepId: 'reload',
        action: 'skip',
        reason: 'reloaded by hand',
      })
    ).run;
    expect(run.state).toBe('Succeeded');
    expect(state(run)).toEqual({
      look: 'Succeeded',
      approve: 'Succeeded',
      reload: 'Skipped',
      tell: 'Succeeded',
    });
    expect(run.steps.every((s) => s.durationMs !== undefined)).toBe(true);
    expect(events.at(-1)?.state).toBe('Succeeded');

    const { entries } = await l.call('journal.list', { limit: 100 });
    const mine = entries.filter((e) => e.subject === run.id).map((e) => e.action);
    expect(mine).toEqual(
      expect.arrayContaining(['run.started', 'run.step', 'run.confirmed', 'run.approved', 'run.finished']),
    );
    expect(mine.filter((a) => a === 'run.approved')).toHaveLength(2);
    expect((await l.call('run.list', { system: 'billing' })).runs.map((r) => r.id)).toEqual([run.id]);
  });

  it('pauses, resumes, and cancels; a drill skips commands', async () => {
    let { run } = await l.call('run.start', { system: 'billing', mode: 'drill' });
    run = (await l.call('run.pause', { id: run.id })).run;
    expect(run.state).toBe('Paused');
    run = (await l.call('run.resume', { id: run.id })).run;
    expect(run.state).toBe('Waiting');
    run = (await l.call('run.advance', { id: run.id, stepId: 'look', action: 'confirm' })).run;
    for (const name of ['alice', 'bob'])
      run = (
        await l.call('run.advance', {
          id: run.id,
          stepId: 'approve',
          action: 'approve',
          name,
          reason: 'drill',
        })
      ).run;
    expect(run.state).toBe('Succeeded');
    expect(run.steps.find((s) => s.id === 'reload')).toMatchObject({
      state: 'Skipped',
      skippedReason: 'a drill never runs commands on live servers',
    });

    const other = (await l.call('run.start', { system: 'billing', mode: 'incident' })).run;
    const cancelled = (await l.call('run.cancel', { id: other.id })).run;
    expect(cancelled.state).toBe('Cancelled');
    expect(state(cancelled).look).toBe('Skipped');
    expect((await failure(l, 'run.cancel', { id: other.id })).code).toBe('run.finished');
    const status = (await l.call('drills.status', {})).systems.find((s) => s.system === 'billing');
    expect(status?.last).toMatchObject({ runId: run.id, state: 'Succeeded' });
  });

  it("refuses an incident start in the future, an id that is a pattern, and skipping a drill's restore", async () => {
    const future = await failure(l, 'run.start', {
      system: 'billing',
      mode: 'incident',
      incidentStart: '2099-01-01T00:00:00Z',
    });
    expect(future.code).toBe('run.incident_in_future');
    const { run } = await l.call('run.start', { system: 'billing', mode: 'incident' });
    // Ids are prefixes, never LIKE patterns.
    expect((await failure(l, 'run.get', { id: '%' })).code).toBe('run.not_found');
    expect((await l.call('run.get', { id: run.id.slice(0, 6) })).run.id).toBe(run.id);

    await l.call('runbook.import', {
      yaml: `name: billing-drill
system: billing
steps:
  - { id: restore, kind: restore, title: Restore the config, scope: 'server:web-1:/etc/nginx', before: incident }
`,
    });
    const drill = (await l.call('run.start', { system: 'billing', mode: 'drill', runbook: 'billing-drill' }))
      .run;
    // No restore point yet: the restore step fails; skipping it would make a drill that restored nothing.
    let now = drill;
    for (let i = 0; i < 100 && now.steps[0]?.state !== 'Failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = (await l.call('run.get', { id: drill.id })).run;
    }
    expect(now.steps[0]?.state).toBe('Failed');
    const skip = await failure(l, 'run.advance', {
      id: drill.id,
      stepId: 'restore',
      action: 'skip',
      reason: 'no time',
    });
    expect(skip.code).toBe('run.drill_restore_not_skippable');
  });

  it('rehearses without connecting: a scope with no restore point is a finding, not a crash', async () => {
    const { run } = await l.call('run.start', { system: 'shop', mode: 'rehearsal' });
    expect(run.label).toMatch(/^REHEARSAL/);
    expect(run.state).toBe('Failed');
    expect(state(run)).toMatchObject({ 'approve-restore': 'Succeeded', 'restore-namespace': 'Failed' });
    expect(run.steps.find((s) => s.id === 'restore-namespace')?.error?.code).toBe('restore.no_point');
  });
});
