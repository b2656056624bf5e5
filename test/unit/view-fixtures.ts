// View objects as the API returns them, for tests of what the UI and the CLI do with them.
import type { JobView, PlanView, RestoreView } from '../../core/api/contract';

export const scope = 'server:web-1:/srv/site';

export function plan(id: string, patch: Partial<PlanView> = {}): PlanView {
  return {
    id,
    createdAt: '2025-03-04T12:00:00Z',
    actor: 'serve',
    source: { scope },
    point: {
      id: 'a'.repeat(64),
      shortId: 'aaaaaaaa',
      time: '2025-03-04T10:00:00Z',
      repository: 'usb',
      kind: 'backup',
      why: 'newest point',
    },
    destination: { scope, inPlace: true },
    subset: {},
    options: { deleteExtra: false, conflict: 'update' },
    preview: {
      kind: 'files',
      create: [],
      replace: [{ path: '/srv/site/a' }],
      delete: [],
      unchanged: 3,
      skipped: [],
      bytes: 10,
    },
    dataLoss: { from: 'x', to: 'y', changedSince: 0, summary: 'none lost' },
    estimate: { seconds: 1, basis: 'measured' },
    safety: { items: 1, bytes: 10, summary: 'one file' },
    empty: false,
    ...patch,
  };
}

export function job(id: string, state: JobView['state']): JobView {
  return {
    id,
    kind: 'restore',
    title: 'Restore',
    state,
    createdAt: '2025-03-04T12:00:00Z',
    progress: { itemsDone: 0, bytesDone: 0, bytesPerSecond: 0, itemsPerSecond: 0, elapsedSeconds: 0 },
    failures: [],
  };
}

export function restore(id: string, planId: string, patch: Partial<RestoreView> = {}): RestoreView {
  return {
    id,
    planId,
    jobId: `job-${id}`,
    state: 'Running',
    actor: 'serve',
    startedAt: '2025-03-04T12:00:00Z',
    scope,
    destination: scope,
    inPlace: true,
    pointId: 'a'.repeat(64),
    counts: { done: 0, failed: 0, notDone: 1 },
    bytes: 0,
    items: [{ item: '/srv/site/a', action: 'replace', result: 'not done' }],
    ...patch,
  };
}
