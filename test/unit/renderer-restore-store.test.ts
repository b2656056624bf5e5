// The Recover flow in the store against a fake client: plan from the form (or refuse it with
// field errors), execute as work by purpose (restore:<plan id>), follow the job, plan the undo,
// plan again after the target changed; and which Recover keys apply at each step.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverActions } from '../../renderer/src/actions/recover-actions';
import { setClient } from '../../renderer/src/api/current-client';
import { canExecute, flowJob, flowRestore, flowStale } from '../../renderer/src/recover/flow-select';
import { resetStores, useAppStore } from '../../renderer/src/store';
import { ClientError } from '../../renderer/src/api/client';
import { fakeClient as fakeRecordingClient, type Answers } from './fake-client';
import { job, plan, restore, scope } from './view-fixtures';

const calls: { method: string; input: unknown }[] = [];
const fakeClient = (answers: Answers) => fakeRecordingClient(answers, calls);

const available = () =>
  recoverActions.filter((a) => a.available?.(useAppStore.getState()) ?? true).map((a) => a.id);

beforeEach(() => {
  resetStores();
  calls.length = 0;
  useAppStore.getState().navigate('recover');
});
afterEach(() => setClient(undefined));

describe('the Recover flow', () => {
  it('refuses an incomplete form with field errors, and sends nothing', async () => {
    setClient(fakeClient({}));
    await useAppStore.getState().planRecover();
    expect(useAppStore.getState().recoverErrors.scope).toBeTruthy();
    expect(useAppStore.getState().recoverFocus).toBe('form');
    expect(calls).toEqual([]);
  });

  it('plans from the form, executes by purpose, follows the job, and plans the undo', async () => {
    setClient(
      fakeClient({
        'restore.plan': () => ({ plan: plan('plan1') }),
        'restore.execute': () => ({ job: job('job-r1', 'Running'), restore: restore('r1', 'plan1') }),
        'restore.planUndo': () => ({ plan: plan('plan2', { undoOf: 'r1' }) }),
      }),
    );
    const s = () => useAppStore.getState();
    expect(available()).toEqual(['recover.plan']);
    s().setRecoverDraft({ scope });
    await s().planRecover();
    expect(calls[0]).toMatchObject({ method: 'restore.plan', input: { scope, deleteExtra: false } });
    expect(s().recoverFlow.plan).toMatchObject({ status: 'ready', plan: { id: 'plan1' } });
    expect(s().takeRecoverFocus()).toBe('execute');
    expect(canExecute(s())).toBe(true);
    expect(available()).toEqual(['recover.plan', 'recover.confirm', 'recover.new']);

    // Editing the form makes the preview stale: no executing it.
    s().setRecoverDraft({ deleteExtra: true });
    expect(flowStale(s())).toBe(true);
    expect(canExecute(s())).toBe(false);
    s().setRecoverDraft({ deleteExtra: false });

    s().setRecoverDialog('confirm');
    expect(available()).toEqual([]); // keys wait while the dialog is open
    await s().executePlan();
    expect(s().recoverDialog).toBe('none');
    expect(s().work['restore:plan1']).toEqual({ status: 'started', jobIds: ['job-r1'] });
    expect(flowJob(s())?.state).toBe('Running');
    expect(flowRestore(s())?.id).toBe('r1');
    expect(available()).toContain('recover.cancel');
    expect(available()).not.toContain('recover.confirm');

    s().applyJob(job('job-r1', 'Succeeded'));
    // The page reads the record once the job ends (restore.get); here the list learns it directly.
    useAppStore.setState((st) => ({
      restores: {
        ...st.restores,
        items: st.restores.items.map((r) =>
          r.id === 'r1'
            ? {
                ...r,
                state: 'Succeeded',
                safetyPointId: 's'.repeat(64),
                counts: { done: 1, failed: 0, notDone: 0 },
              }
            : r,
        ),
      },
    }));
    expect(available()).toContain('recover.undo');

    await s().planUndo('r1');
    expect(s().recoverFlow).toMatchObject({
      undoOf: 'r1',
      plan: { status: 'ready', plan: { undoOf: 'r1' } },
    });
    // "Plan again" in an undo flow plans the undo again.
    await s().planRecover();
    expect(calls.filter((c) => c.method === 'restore.planUndo')).toHaveLength(2);
  });

  it('shows a planning error in the flow and focuses its way out', async () => {
    setClient(
      fakeClient({
        'restore.plan': () => {
          throw new ClientError({ code: 'restore.no_point', message: 'No usable restore point before …' });
        },
      }),
    );
    useAppStore.getState().setRecoverDraft({ scope });
    await useAppStore.getState().planRecover();
    expect(useAppStore.getState().recoverFlow.plan).toMatchObject({
      status: 'error',
      error: { code: 'restore.no_point' },
    });
    expect(useAppStore.getState().recoverFocus).toBe('plan-error');
  });

  it('retries after the vault is unlocked', async () => {
    let locked = true;
    setClient(
      fakeClient({
        'restore.plan': () => {
          if (locked) throw new ClientError({ code: 'vault.locked', message: 'locked' });
          return { plan: plan('plan1') };
        },
      }),
    );
    useAppStore.setState({
      requestVault: async () => {
        locked = false;
        return true;
      },
    });
    useAppStore.getState().setRecoverDraft({ scope });
    await useAppStore.getState().planRecover();
    expect(useAppStore.getState().recoverFlow.plan.status).toBe('ready');
  });

  it('plans the same restore again after the live target changed', async () => {
    const p = plan('plan1', {
      subset: { paths: ['/srv/site/a'] },
      point: { ...plan('x').point, id: 'b'.repeat(64) },
    });
    setClient(
      fakeClient({
        'restore.getPlan': () => ({ plan: p }),
        'restore.plan': () => ({ plan: plan('plan3') }),
      }),
    );
    const failed = restore('r1', 'plan1', {
      state: 'Failed',
      error: { code: 'restore.target_changed', message: 'moved' },
    });
    const { items: _items, ...summary } = failed;
    await useAppStore.getState().replanRestore(summary);
    expect(calls.map((c) => c.method)).toEqual(['restore.getPlan', 'restore.plan']);
    expect(calls[1]?.input).toMatchObject({ scope, paths: ['/srv/site/a'], point: 'b'.repeat(64) });
    expect(useAppStore.getState().recoverDraft).toMatchObject({ pointMode: 'point', subsetKind: 'paths' });
    expect(useAppStore.getState().recoverFlow.plan).toMatchObject({ status: 'ready', plan: { id: 'plan3' } });
  });

  it('keeps the restores list current and loads one restore with its items', async () => {
    const r = restore('r1', 'plan1', { state: 'Succeeded' });
    const { items: _items, ...summary } = r;
    setClient(
      fakeClient({
        'restore.list': () => ({ restores: [summary] }),
        'restore.get': () => ({ restore: r }),
      }),
    );
    await useAppStore.getState().loadRestores();
    expect(useAppStore.getState().restores.items.map((x) => x.id)).toEqual(['r1']);
    useAppStore.getState().selectRestore('r1');
    await useAppStore.getState().refreshRestores();
    expect(useAppStore.getState().restoreDetails.r1?.restore?.items).toHaveLength(1);
  });

  it('opens Recover on a restore point', () => {
    useAppStore.getState().navigate('points');
    useAppStore.getState().recoverFromPoint({ id: 'c'.repeat(64), scope } as never);
    expect(useAppStore.getState().page).toBe('recover');
    expect(useAppStore.getState().recoverDraft).toMatchObject({
      scope,
      pointMode: 'point',
      pointId: 'c'.repeat(64),
    });
  });
});
