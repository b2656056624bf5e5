// The runs slice against a fake client: start a run (the vault first when it is locked), open it
// where it was started, keep it live from run.updated, act on its step, and which run keys apply;
// the runbook's parameters go to runbook.resolve and run.start; Recover's direct keys stay quiet
// in guided mode.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunView } from '../../core/api/contract';
import { recoverActions } from '../../renderer/src/actions/recover-actions';
import { runActions } from '../../renderer/src/actions/run-actions';
import { setClient } from '../../renderer/src/api/current-client';
import { resetStores, useAppStore } from '../../renderer/src/store';
import { shownRun } from '../../renderer/src/store/runs-slice';
import { ClientError } from '../../renderer/src/api/client';
import { fakeClient as fakeRecordingClient, type Answers } from './fake-client';

function run(patch: Partial<RunView> = {}): RunView {
  return {
    id: 'r1',
    system: 'shop',
    runbook: { name: 'shop-recovery', version: 1, origin: 'own' },
    mode: 'incident',
    label: 'INCIDENT',
    state: 'Waiting',
    actor: 'serve',
    owner: { team: 'Shop team', contact: '#shop' },
    startedAt: '2025-03-04T12:00:00Z',
    steps: [{ id: 'check', title: 'Check', kind: 'check', state: 'WaitingForConfirmation' }],
    rtoSeconds: 1800,
    ...patch,
  };
}

const calls: { method: string; input: unknown }[] = [];
const fakeClient = (answers: Answers) => fakeRecordingClient(answers, calls);

const s = () => useAppStore.getState();
const available = () => runActions.filter((a) => a.available?.(s()) ?? true).map((a) => a.id);

beforeEach(() => {
  resetStores();
  calls.length = 0;
});
afterEach(() => setClient(undefined));

describe('runs in the store', () => {
  it('starts an incident run with the incident time and values, and opens it on Recover', async () => {
    setClient(fakeClient({ 'run.start': () => ({ run: run() }) }));
    s().navigate('recover');
    s().setRecoverMode('guided');
    s().setGuided({
      incidentStart: '2025-03-04T11:30:00',
      parameters: { file: ' /srv/app.conf ', healthUrl: '' },
    });
    await s().startRun('incident', 'shop', 'recover');
    expect(calls[0]?.method).toBe('run.start');
    expect(calls[0]?.input).toEqual({
      system: 'shop',
      mode: 'incident',
      incidentStart: new Date('2025-03-04T11:30:00').toISOString(),
      parameters: { file: '/srv/app.conf' },
    });
    expect(s().openRuns.recover).toBe('r1');
    expect(shownRun(s())?.id).toBe('r1');
    expect(available()).toEqual(['recover.mode', 'run.step', 'run.pause', 'run.cancel']);
    // Recover's direct-restore keys do not act in guided mode.
    expect(recoverActions.filter((a) => a.available?.(s()) ?? true)).toEqual([]);
  });

  it('refuses an incident time that is not a time, and sends nothing', async () => {
    setClient(fakeClient({}));
    s().setGuided({ incidentStart: 'yesterday' });
    await s().startRun('incident', 'shop', 'recover');
    expect(s().guidedError).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('asks for the vault before a real run when it is locked, and not before a rehearsal', async () => {
    setClient(
      fakeClient({
        'run.start': () => ({ run: run({ mode: 'rehearsal' }) }),
        'vault.status': () => useAppStore.getState().vault,
      }),
    );
    useAppStore.setState({ vault: { initialized: true, unlocked: false } as never });
    const drill = s().startRun('drill', 'shop', 'drills');
    await vi.waitFor(() => expect(s().vaultDialog?.mode).toBe('unlock'));
    s().closeVaultDialog(false);
    await drill;
    expect(s().runStart).toMatchObject({ status: 'error', error: { code: 'vault.locked' } });
    const starts = () => calls.filter((c) => c.method === 'run.start');
    expect(starts()).toEqual([]);
    await s().startRun('rehearsal', 'shop', 'drills');
    expect(starts()).toHaveLength(1);
    expect(s().vaultDialog).toBeUndefined();
  });

  it('follows run.updated, acts on the step, and keeps an error at the step it belongs to', async () => {
    let advanced = 0;
    setClient(
      fakeClient({
        'run.advance': () => {
          advanced++;
          if (advanced === 2) throw new ClientError({ code: 'run.step_not_ready', message: 'not now' });
          return {
            run: run({
              state: 'Running',
              steps: [{ id: 'check', title: 'Check', kind: 'check', state: 'Succeeded' }],
            }),
          };
        },
        'drills.status': () => ({ systems: [] }),
      }),
    );
    s().applyRun(run());
    s().openRun('r1', 'drills');
    expect(s().page).toBe('drills');
    expect(await s().advanceRun({ id: 'r1', stepId: 'check', action: 'confirm' })).toBe(true);
    expect(s().runs.r1?.steps[0]?.state).toBe('Succeeded');
    expect(await s().advanceRun({ id: 'r1', stepId: 'check', action: 'confirm' })).toBe(false);
    expect(s().runErrors.r1).toMatchObject({ code: 'run.step_not_ready', action: 'confirm' });
    expect(s().runBusy).toEqual({});

    // The run ends (an event): the Drills page's status is read again; a late view is ignored.
    s().applyRun(run({ state: 'Succeeded', finishedAt: '2025-03-04T12:05:00Z', steps: [] }));
    expect(calls.some((c) => c.method === 'drills.status')).toBe(true);
    s().applyRun(run({ state: 'Waiting' }));
    expect(s().runs.r1?.state).toBe('Succeeded');
    expect(available()).toEqual(['run.export', 'run.close']);
    s().closeRun('drills');
    expect(shownRun(s())).toBeUndefined();
  });

  it('resolves the runbook with the values given, and keeps the runbook shown when they are wrong', async () => {
    let fail = false;
    setClient(
      fakeClient({
        'runbook.resolve': () => {
          if (fail) throw new ClientError({ code: 'runbook.bad_parameters', message: 'bad url' });
          return {
            runbook: { name: 'restore-server-file', steps: [], parameters: [] },
            origin: 'default',
            why: 'default',
          };
        },
      }),
    );
    s().setGuided({ system: 'shop' });
    await new Promise((r) => setTimeout(r, 0));
    expect(s().resolutions['shop/']).toMatchObject({
      state: { status: 'ready' },
      runbook: { name: 'restore-server-file' },
    });
    fail = true;
    await s().resolveRunbook('shop', undefined, { healthUrl: 'ftp://x' });
    expect(calls.at(-1)?.input).toEqual({ system: 'shop', parameters: { healthUrl: 'ftp://x' } });
    expect(s().resolutions['shop/']).toMatchObject({
      state: { status: 'error', error: { code: 'runbook.bad_parameters' } },
      runbook: { name: 'restore-server-file' },
    });
    // Another system starts with no values.
    s().setGuided({ parameters: { file: '/a' } });
    s().setGuided({ system: 'billing' });
    expect(s().guided.parameters).toEqual({});
  });
});
