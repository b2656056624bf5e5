import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobState, PlanView } from '../api/contract';
import { openCatalog } from '../catalog/catalog';
import { createRestoreStore } from './restore-store';

function plan(id: string): PlanView {
  return {
    id,
    createdAt: '2026-11-26T04:00:00Z',
    actor: 'cli',
    source: { scope: 'server:web:/etc/app' },
    point: {
      id: 'ab'.repeat(32),
      shortId: 'abababab',
      time: '2026-11-26T03:00:00Z',
      repository: 'r',
      kind: 'backup',
      why: 'asked',
    },
    destination: { scope: 'server:web:/etc/app', inPlace: true },
    subset: {},
    options: { deleteExtra: false, conflict: 'update' },
    preview: { kind: 'files', create: [], replace: [], delete: [], unchanged: 0, skipped: [], bytes: 0 },
    dataLoss: { from: 'a', to: 'b', changedSince: 0, summary: '' },
    estimate: { basis: 'unknown' },
    safety: { items: 0, bytes: 0, summary: '' },
    empty: true,
  };
}

describe('restore store', () => {
  it('keeps plans as shown, restores with their items, and measured speeds', () => {
    const catalog = openCatalog(mkdtempSync(join(tmpdir(), 'lifeboat-restores-')));
    const jobs = new Map<string, JobState>([
      ['job-1', 'Running'],
      ['job-2', 'Interrupted'],
    ]);
    const store = createRestoreStore(catalog.db, (id) => jobs.get(id));
    store.savePlan(plan('p1'));
    expect(store.getPlan('p1')).toEqual(plan('p1'));
    expect(() => store.getPlan('nope')).toThrow(/No restore plan nope; plan again/);

    const items = [
      { item: '/etc/app/a', action: 'replace' as const, result: 'not done' as const },
      { item: '/etc/app/b', action: 'create' as const, result: 'not done' as const },
    ];
    store.start({ id: 'aaaa1111', plan: plan('p1'), jobId: 'job-1', actor: 'cli', items });
    expect(store.forPlan('p1')).toBe('aaaa1111');
    store.update('aaaa1111', { items: [{ ...items[0]!, result: 'done' }, items[1]!], safetyPointId: 'sp' });
    expect(store.get('aaaa').counts).toEqual({ done: 1, failed: 0, notDone: 1 });
    expect(store.get('aaaa').safetyPointId).toBe('sp');
    store.finish('aaaa1111', {
      state: 'Succeeded',
      items: items.map((i) => ({ ...i, result: 'done' as const })),
      bytes: 4000,
      durationMs: 2000,
    });
    const speed = {
      restores: 1,
      samples: [{ bytes: 4000, items: 2, seconds: 2 }],
    };
    expect(store.measuredFrom('server:web:/etc/app')).toEqual(speed);
    expect(store.measuredFrom('server:web:/etc')).toEqual({
      restores: 0,
      samples: [],
    });

    // The undo marks the original as undone once it succeeded.
    store.savePlan({ ...plan('p2'), undoOf: 'aaaa1111' });
    store.start({
      id: 'bbbb2222',
      plan: { ...plan('p2'), undoOf: 'aaaa1111' },
      jobId: 'job-2',
      actor: 'cli',
      items: [],
    });
    expect(store.get('bbbb2222').state).toBe('Interrupted'); // its process died: the job says so
    expect(store.get('aaaa1111').undoneBy).toBeUndefined();
    store.finish('bbbb2222', { state: 'Succeeded', items: [], bytes: 0, durationMs: 1 });
    expect(store.get('aaaa1111').undoneBy).toBe('bbbb2222');
    expect(store.measuredFrom('server:web:/etc/app')).toEqual(speed); // an undo is no measure of the scope
    expect(store.list(10).map((r) => r.id)).toEqual(expect.arrayContaining(['aaaa1111', 'bbbb2222']));
    expect(() => store.get('cccc')).toThrow(/No restore cccc/);
    catalog.close();
  });
});
