// Jobs: loaded with jobs.list, kept current by job.progress / job.finished events, cancelled
// with jobs.cancel. Stored by id; components derive the ordered list through selectors.
import type { JobView } from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../api/client';
import { getClient } from '../api/current-client';
import { compareJobs, mergeJob } from './merge-job';
import type { AppStore, LoadState, SliceCreator } from './types';

export interface JobsSlice {
  jobs: Record<string, JobView>;
  jobsState: LoadState;
  /** Ids of jobs whose cancel request is in flight. */
  cancelling: Record<string, true>;
  /** The last failed cancel, shown above the jobs table. */
  cancelError: (ApiError & { jobId: string }) | undefined;
  loadJobs(): Promise<void>;
  applyJob(job: JobView): void;
  cancelJob(id: string): Promise<void>;
  dismissCancelError(): void;
}

let loadSeq = 0;

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get) => ({
  jobs: {},
  jobsState: { status: 'idle' },
  cancelling: {},
  cancelError: undefined,

  async loadJobs() {
    const seq = ++loadSeq;
    // Keep showing what we have while refreshing; only the first load shows "loading".
    if (get().jobsState.status !== 'ready') set({ jobsState: { status: 'loading' } });
    try {
      const { jobs } = await getClient().call('jobs.list', { limit: 200 });
      if (seq !== loadSeq) return; // a newer load owns the answer
      set((s) => {
        const next: Record<string, JobView> = {};
        for (const job of jobs) next[job.id] = mergeJob(s.jobs[job.id], job);
        // Jobs that only events told us about (newer than the list) stay.
        for (const [id, job] of Object.entries(s.jobs)) if (!next[id]) next[id] = job;
        return { jobs: next, jobsState: { status: 'ready' } };
      });
    } catch (e) {
      if (seq === loadSeq) set({ jobsState: { status: 'error', error: asApiError(e) } });
    }
  },

  applyJob(job) {
    set((s) => {
      const merged = mergeJob(s.jobs[job.id], job);
      return merged === s.jobs[job.id] ? s : { jobs: { ...s.jobs, [job.id]: merged } };
    });
  },

  async cancelJob(id) {
    set((s) => ({ cancelling: { ...s.cancelling, [id]: true }, cancelError: undefined }));
    try {
      const { job } = await getClient().call('jobs.cancel', { id });
      get().applyJob(job);
    } catch (e) {
      set({ cancelError: { ...asApiError(e), jobId: id } });
    } finally {
      set((s) => {
        const cancelling = { ...s.cancelling };
        delete cancelling[id];
        return { cancelling };
      });
    }
  },

  dismissCancelError: () => set({ cancelError: undefined }),
});

/** Jobs newest first. Use with useShallow: a new array of the same jobs does not re-render. */
export function selectJobList(s: AppStore): JobView[] {
  return Object.values(s.jobs).sort(compareJobs);
}
