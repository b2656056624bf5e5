// The job runner: long work (backup, verify, restore, drill) runs here with progress events,
// cancellation through AbortSignal, a bounded number at once, and its state in the catalog.
import { randomUUID } from 'node:crypto';
import type { JobItemFailure, JobState, JobView } from '../api/contract';
import { LifeboatError, toApiError } from '../api/errors';
import type { EventBus } from '../api/event-bus';
import type { Journal } from '../journal/journal';
import { emptyProgress, ProgressTracker, type Progress } from './progress';
import { processIsAlive, toView, type JobStore } from './store';
import { throttle } from './throttle';

export interface JobContext {
  signal: AbortSignal;
  progress: Progress;
  /** Records a per-item failure; the job continues and ends PartiallyFailed. */
  fail(item: string, message: string): void;
}

export interface JobSpec {
  kind: string;
  title: string;
  /** Who asked for it, for the journal ("cli", "console", a user name). */
  actor?: string;
  run(ctx: JobContext): Promise<{ summary?: Record<string, unknown> } | void>;
}

export interface JobRunner {
  start(spec: JobSpec): JobView;
  cancel(id: string): JobView;
  get(id: string): JobView;
  list(opts: { states?: readonly JobState[]; limit: number }): JobView[];
  /** Resolves with the job's final view. */
  wait(id: string): Promise<JobView>;
  /** Cancels every job of this process and waits for them to end. */
  shutdown(): Promise<void>;
}

export interface JobRunnerOptions {
  store: JobStore;
  bus: EventBus;
  journal: Journal;
  concurrency?: number;
  /** Minimum time between two progress events of one job. */
  progressIntervalMs?: number;
}

interface Live {
  view: JobView;
  spec: JobSpec;
  controller: AbortController;
  done: Promise<JobView>;
  resolve(v: JobView): void;
}

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { store, bus, journal } = opts;
  const concurrency = opts.concurrency ?? 2;
  const interval = opts.progressIntervalMs ?? 250;
  const live = new Map<string, Live>();
  const queue: Live[] = [];
  let running = 0;

  for (const j of store.markOrphansInterrupted(processIsAlive)) {
    journal.append({
      actor: 'lifeboat',
      action: 'job.interrupted',
      subject: j.id,
      details: { kind: j.kind, title: j.title },
    });
  }

  const publish = (l: Live) => {
    store.update(l.view);
    bus.emit('job.progress', { job: l.view });
  };

  const finish = (l: Live, state: JobState, extra: Partial<JobView>) => {
    l.view = {
      ...l.view,
      ...extra,
      state,
      finishedAt: new Date().toISOString(),
    };
    store.update(l.view);
    bus.emit('job.progress', { job: l.view });
    bus.emit('job.finished', { job: l.view });
    journal.append({
      actor: l.spec.actor ?? 'lifeboat',
      action: `job.${state.toLowerCase()}`,
      subject: l.view.id,
      details: {
        kind: l.view.kind,
        title: l.view.title,
        failures: l.view.failures.length,
        ...(l.view.error ? { error: l.view.error.code } : {}),
      },
    });
    live.delete(l.view.id);
    l.resolve(l.view);
  };

  const execute = async (l: Live) => {
    running++;
    const failures: JobItemFailure[] = [];
    const emit = throttle(() => {
      l.view = {
        ...l.view,
        progress: tracker.snapshot(),
        failures: [...failures],
      };
      publish(l);
    }, interval);
    const tracker = new ProgressTracker(emit);
    l.view = {
      ...l.view,
      state: 'Running',
      startedAt: new Date().toISOString(),
    };
    tracker.start();
    const ctx: JobContext = {
      signal: l.controller.signal,
      progress: tracker,
      fail: (item, message) => {
        failures.push({ item, message });
        emit();
      },
    };
    try {
      const out = await l.spec.run(ctx);
      emit.cancel();
      finish(l, failures.length ? 'PartiallyFailed' : 'Succeeded', {
        progress: tracker.snapshot(),
        failures,
        ...(out?.summary ? { summary: out.summary } : {}),
      });
    } catch (e) {
      emit.cancel();
      const cancelled = l.controller.signal.aborted;
      finish(l, cancelled ? 'Cancelled' : 'Failed', {
        progress: tracker.snapshot(),
        failures,
        ...(cancelled ? {} : { error: toApiError(e) }),
      });
    } finally {
      running--;
      pump();
    }
  };

  const pump = () => {
    while (running < concurrency && queue.length) {
      const next = queue.shift();
      if (next) void execute(next);
    }
  };

  const getStored = (id: string) => {
    const j = store.get(id);
    if (!j) throw new LifeboatError('jobs.not_found', `No job with id ${id}.`);
    return j;
  };

  return {
    start(spec) {
      let resolve!: (v: JobView) => void;
      const done = new Promise<JobView>((r) => (resolve = r));
      const view: JobView = {
        id: randomUUID(),
        kind: spec.kind,
        title: spec.title,
        state: 'Queued',
        createdAt: new Date().toISOString(),
        progress: emptyProgress(),
        failures: [],
      };
      const l: Live = {
        view,
        spec,
        controller: new AbortController(),
        done,
        resolve,
      };
      live.set(view.id, l);
      store.insert(view);
      bus.emit('job.progress', { job: view });
      journal.append({
        actor: spec.actor ?? 'lifeboat',
        action: 'job.started',
        subject: view.id,
        details: { kind: spec.kind, title: spec.title },
      });
      queue.push(l);
      pump();
      return l.view;
    },
    cancel(id) {
      const l = live.get(id);
      if (!l) {
        const stored = getStored(id);
        if (stored.state === 'Queued' || stored.state === 'Running') {
          throw new LifeboatError(
            'jobs.not_owned',
            `"${stored.title}" (job ${id.slice(0, 8)}) runs in another Lifeboat process (pid ${stored.ownerPid} on ${stored.ownerHost}); cancel it there.`,
          );
        }
        return toView(stored); // already finished: nothing to do
      }
      l.controller.abort(new LifeboatError('jobs.cancelled', 'Cancelled by the user.'));
      const queued = queue.indexOf(l);
      if (queued >= 0) {
        queue.splice(queued, 1);
        finish(l, 'Cancelled', {});
      }
      return l.view;
    },
    get(id) {
      return live.get(id)?.view ?? toView(getStored(id));
    },
    list(o) {
      return store.list(o).map((j) => live.get(j.id)?.view ?? toView(j));
    },
    wait(id) {
      const l = live.get(id);
      return l ? l.done : Promise.resolve(toView(getStored(id)));
    },
    async shutdown() {
      const all = [...live.values()];
      for (const l of all) this.cancel(l.view.id);
      await Promise.all(all.map((l) => l.done));
    },
  };
}
