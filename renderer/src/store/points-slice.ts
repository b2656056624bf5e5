// Restore points from points.list (newest first), reloaded when the journal says one was
// recorded, verified or the catalog rebuilt; each system's protection (system.status), reloaded
// with them and when systems change; and the jobs this console started (backups,
// verifications, catalog rebuilds, restores), by what they were started for, so their progress
// survives navigation. Filtering by system and scope happens in selectors.
import type { JobView, PointView, SystemStatus } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import { loadEntryList } from './entry-list';
import type { EntryList } from './estate-slice';
import type { SliceCreator } from './types';

/** How many points the console keeps; the catalog may hold more (the page says so). */
export const pointsLimit = 5000;

/** Work started here: `backup:<system>`, `verify:<point id>`, `rebuild`, `restore:<plan id>`. */
export type WorkKey = `backup:${string}` | `verify:${string}` | 'rebuild' | `restore:${string}`;
export type StartedWork =
  { status: 'starting' } | { status: 'started'; jobIds: string[] } | { status: 'error'; error: ApiError };

export interface PointsSlice {
  points: EntryList<PointView>;
  /** Per system: each scope's newest backup against the RPO (system.status). */
  protection: EntryList<SystemStatus>;
  /** The point whose details are open on the points page. */
  selectedPointId: string | undefined;
  work: Partial<Record<WorkKey, StartedWork>>;
  loadPoints(): Promise<void>;
  loadProtection(): Promise<void>;
  /** Opens the points page on one point (links from jobs and systems). */
  openPoint(id: string): void;
  selectPoint(id: string | undefined): void;
  /** Runs `start` (a call that answers with jobs) and remembers its jobs under `key`. */
  startWork(key: WorkKey, start: () => Promise<JobView[]>): Promise<void>;
  dismissWork(key: WorkKey): void;
}

export const createPointsSlice: SliceCreator<PointsSlice> = (set, get) => ({
  points: { items: [], state: { status: 'idle' } },
  protection: { items: [], state: { status: 'idle' } },
  selectedPointId: undefined,
  work: {},

  loadPoints: () =>
    loadEntryList(
      'points',
      async () => (await getClient().call('points.list', { limit: pointsLimit })).points,
      get,
      set,
    ),

  loadProtection: () =>
    loadEntryList('protection', async () => (await getClient().call('system.status', {})).systems, get, set),

  openPoint: (id) => set({ selectedPointId: id, page: 'points', helpOpen: false }),
  selectPoint: (selectedPointId) => set({ selectedPointId }),

  async startWork(key, start) {
    const put = (w: StartedWork) => set((s) => ({ work: { ...s.work, [key]: w } }));
    put({ status: 'starting' });
    try {
      const jobs = await start();
      for (const job of jobs) get().applyJob(job);
      put({ status: 'started', jobIds: jobs.map((j) => j.id) });
    } catch (e) {
      put({ status: 'error', error: asApiError(e) });
    }
  },

  dismissWork: (key) =>
    set((s) => {
      const work = { ...s.work };
      delete work[key];
      return { work };
    }),
});

/** Journal actions after which the list of points is stale. */
export function changesPoints(action: string): boolean {
  // A restore's safety point is a restore point too.
  return action.startsWith('point.') || action === 'catalog.rebuilt' || action === 'restore.safety_point';
}

/** Journal actions after which system.status is stale: points, and systems (their scopes, RPO). */
export function changesProtection(action: string): boolean {
  return changesPoints(action) || action.startsWith('system.') || action === 'estate.imported';
}
