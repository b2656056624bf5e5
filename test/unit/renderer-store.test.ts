// The console's store against a fake client: loads, live events, cancel, errors as data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView, JournalEntry } from '../../core/api/contract';
import { setClient } from '../../renderer/src/api/current-client';
import { resetStores, useAppStore } from '../../renderer/src/store';
import { selectJobList } from '../../renderer/src/store/jobs-slice';
import { compareJobs, mergeJob } from '../../renderer/src/store/merge-job';
import { fakeClient } from './fake-client';

function job(id: string, state: JobView['state'], createdAt: string, elapsed = 0): JobView {
  return {
    id,
    kind: 'backup',
    title: `job ${id}`,
    state,
    createdAt,
    progress: { itemsDone: 0, bytesDone: 0, bytesPerSecond: 0, itemsPerSecond: 0, elapsedSeconds: elapsed },
    failures: [],
  };
}

function entry(seq: number): JournalEntry {
  return {
    seq,
    at: '2025-01-01T00:00:00Z',
    actor: 'cli',
    action: 'job.started',
    subject: `job ${seq}`,
    details: {},
    prevHash: String(seq - 1),
    hash: `h${seq}`,
  };
}

beforeEach(() => resetStores());
afterEach(() => setClient(undefined));

describe('mergeJob', () => {
  it('never moves a job backwards', () => {
    const running = job('a', 'Running', '2025-01-01T00:00:00Z', 5);
    const done = job('a', 'Succeeded', '2025-01-01T00:00:00Z', 9);
    expect(mergeJob(done, running)).toBe(done);
    expect(mergeJob(running, done)).toBe(done);
    expect(mergeJob(job('a', 'Running', 'x', 3), job('a', 'Queued', 'x'))).toMatchObject({
      state: 'Running',
    });
    expect(mergeJob(job('a', 'Running', 'x', 7), job('a', 'Running', 'x', 4))).toMatchObject({
      progress: { elapsedSeconds: 7 },
    });
  });
  it('orders newest first', () => {
    const list = [job('a', 'Queued', '2025-01-01T00:00:00Z'), job('b', 'Queued', '2025-01-02T00:00:00Z')];
    expect(list.sort(compareJobs).map((j) => j.id)).toEqual(['b', 'a']);
  });
});

describe('jobs slice', () => {
  it('loads jobs.list and keeps them current from events', async () => {
    setClient(
      fakeClient({ 'jobs.list': () => ({ jobs: [job('a', 'Running', '2025-01-01T00:00:00Z', 1)] }) }),
    );
    await useAppStore.getState().loadJobs();
    expect(useAppStore.getState().jobsState).toEqual({ status: 'ready' });
    useAppStore.getState().applyJob(job('b', 'Queued', '2025-01-02T00:00:00Z'));
    useAppStore.getState().applyJob(job('a', 'Succeeded', '2025-01-01T00:00:00Z', 2));
    const list = selectJobList(useAppStore.getState());
    expect(list.map((j) => [j.id, j.state])).toEqual([
      ['b', 'Queued'],
      ['a', 'Succeeded'],
    ]);
  });
  it('keeps a finished state an older list answer does not know yet', async () => {
    useAppStore.getState().applyJob(job('a', 'Succeeded', '2025-01-01T00:00:00Z', 2));
    setClient(
      fakeClient({ 'jobs.list': () => ({ jobs: [job('a', 'Running', '2025-01-01T00:00:00Z', 1)] }) }),
    );
    await useAppStore.getState().loadJobs();
    expect(useAppStore.getState().jobs.a?.state).toBe('Succeeded');
  });
  it('shows a failed load as an error with its code', async () => {
    setClient(fakeClient({}));
    await useAppStore.getState().loadJobs();
    expect(useAppStore.getState().jobsState).toEqual({
      status: 'error',
      error: { code: 'api.unknown_method', message: 'jobs.list' },
    });
  });
  it('cancels through jobs.cancel and records a refusal', async () => {
    useAppStore.getState().applyJob(job('a', 'Running', '2025-01-01T00:00:00Z', 1));
    setClient(
      fakeClient({ 'jobs.cancel': () => ({ job: job('a', 'Cancelled', '2025-01-01T00:00:00Z', 2) }) }),
    );
    await useAppStore.getState().cancelJob('a');
    expect(useAppStore.getState().jobs.a?.state).toBe('Cancelled');
    expect(useAppStore.getState().cancelling).toEqual({});

    setClient(fakeClient({}));
    await useAppStore.getState().cancelJob('a');
    expect(useAppStore.getState().cancelError).toMatchObject({ code: 'api.unknown_method', jobId: 'a' });
  });
});

describe('journal slice', () => {
  it('loads newest first and adds live entries once', async () => {
    setClient(fakeClient({ 'journal.list': () => ({ entries: [entry(2), entry(1)], headHash: 'h2' }) }));
    await useAppStore.getState().loadJournal();
    useAppStore.getState().applyJournalEntry(entry(3));
    useAppStore.getState().applyJournalEntry(entry(3));
    const s = useAppStore.getState();
    expect(s.journal.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(s.headHash).toBe('h3');
  });
});

describe('resetStores', () => {
  it('returns to a fresh store', () => {
    useAppStore.getState().navigate('journal');
    useAppStore.getState().applyJob(job('a', 'Queued', 'x'));
    resetStores();
    expect(useAppStore.getState().page).toBe('dashboard');
    expect(useAppStore.getState().jobs).toEqual({});
  });
});
