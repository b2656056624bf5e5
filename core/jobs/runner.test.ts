import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LifeboatEvent } from '../api/contract';
import { createEventBus } from '../api/event-bus';
import { openCatalog, type Catalog } from '../catalog/catalog';
import { createJournal } from '../journal/journal';
import { createJobRunner } from './runner';
import { createJobStore } from './store';

function setup(dir = mkdtempSync(join(tmpdir(), 'lifeboat-jobs-')), concurrency = 2) {
  const catalog: Catalog = openCatalog(dir);
  const bus = createEventBus();
  const events: LifeboatEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const journal = createJournal(catalog.db);
  const runner = createJobRunner({
    store: createJobStore(catalog.db),
    bus,
    journal,
    concurrency,
    progressIntervalMs: 50,
  });
  return { dir, catalog, bus, events, journal, runner };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

describe('job runner', () => {
  it('runs a job to Succeeded with throttled progress and always a final event', async () => {
    const { runner, events, catalog, journal } = setup();
    const job = runner.start({
      kind: 'test',
      title: 'count to 100',
      async run({ progress }) {
        progress.total({ items: 100, bytes: 100 * 1024 });
        for (let i = 0; i < 100; i++) {
          progress.add({ items: 1, bytes: 1024 });
          await sleep(2);
        }
        return { summary: { counted: 100 } };
      },
    });
    expect(job.state).toBe('Running'); // capacity was free: it started at once
    const done = await runner.wait(job.id);
    expect(done.state).toBe('Succeeded');
    expect(done.summary).toEqual({ counted: 100 });
    expect(done.progress.itemsDone).toBe(100);
    const progressEvents = events.filter((e) => e.event === 'job.progress');
    // ~200+ ms of work at one event per 50 ms: a handful, far fewer than 100 updates.
    expect(progressEvents.length).toBeGreaterThan(2);
    expect(progressEvents.length).toBeLessThan(40);
    const last = events.at(-1);
    expect(last?.event).toBe('job.finished');
    expect(last?.event === 'job.finished' && last.payload.job.progress.itemsDone).toBe(100);
    // Persisted.
    expect(runner.list({ limit: 10 })[0]?.state).toBe('Succeeded');
    expect(journal.list({ limit: 10 }).map((e) => e.action)).toEqual(['job.succeeded', 'job.started']);
    catalog.close();
  });

  it('collects per-item failures into PartiallyFailed and a thrown error into Failed', async () => {
    const { runner, catalog } = setup();
    const partial = runner.start({
      kind: 'test',
      title: 'some fail',
      async run({ fail }) {
        fail('/etc/shadow', 'permission denied');
        fail('/etc/gshadow', 'permission denied');
      },
    });
    const failed = runner.start({
      kind: 'test',
      title: 'all fail',
      async run() {
        throw new Error('repository unreachable');
      },
    });
    const p = await runner.wait(partial.id);
    expect(p.state).toBe('PartiallyFailed');
    expect(p.failures).toEqual([
      { item: '/etc/shadow', message: 'permission denied' },
      { item: '/etc/gshadow', message: 'permission denied' },
    ]);
    const f = await runner.wait(failed.id);
    expect(f.state).toBe('Failed');
    expect(f.error).toEqual({
      code: 'internal.error',
      message: 'repository unreachable',
    });
    catalog.close();
  });

  it('cancels a running job through its AbortSignal and a queued one at once', async () => {
    const { runner, catalog } = setup(undefined, 1);
    const running = runner.start({
      kind: 'test',
      title: 'long',
      run: ({ signal }) => sleep(10_000, signal),
    });
    const queued = runner.start({
      kind: 'test',
      title: 'waits',
      run: ({ signal }) => sleep(10_000, signal),
    });
    await sleep(20);
    expect(runner.get(running.id).state).toBe('Running');
    expect(runner.get(queued.id).state).toBe('Queued');
    expect(runner.cancel(queued.id).state).toBe('Cancelled');
    runner.cancel(running.id);
    const r = await runner.wait(running.id);
    expect(r.state).toBe('Cancelled');
    expect(r.error).toBeUndefined();
    // Cancelling a finished job changes nothing.
    expect(runner.cancel(running.id).state).toBe('Cancelled');
    expect(() => runner.cancel('no-such-job')).toThrow(/No job with id/);
    catalog.close();
  });

  it('runs at most `concurrency` jobs at once', async () => {
    const { runner, catalog } = setup(undefined, 2);
    let active = 0;
    let peak = 0;
    const ids = Array.from(
      { length: 5 },
      (_, i) =>
        runner.start({
          kind: 'test',
          title: `job ${i}`,
          async run() {
            active++;
            peak = Math.max(peak, active);
            await sleep(20);
            active--;
          },
        }).id,
    );
    await Promise.all(ids.map((id) => runner.wait(id)));
    expect(peak).toBe(2);
    catalog.close();
  });

  it('marks jobs left Running by a dead process as Interrupted at the next start', () => {
    const first = setup();
    // Simulate a process that died mid-job: a Running row owned by a pid that no longer exists.
    first.catalog.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, state, created_at, started_at, progress_json, owner_pid, owner_host)
         VALUES ('dead-1', 'backup', 'backup web-1', 'Running', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z',
                 '{"itemsDone":3,"bytesDone":10,"bytesPerSecond":0,"itemsPerSecond":0,"elapsedSeconds":1}', 999999999, ?)`,
      )
      .run(hostname());
    first.catalog.close();
    const second = setup(first.dir);
    const j = second.runner.get('dead-1');
    expect(j.state).toBe('Interrupted');
    expect(j.error?.code).toBe('jobs.interrupted');
    expect(j.progress.itemsDone).toBe(3);
    expect(second.journal.list({ limit: 1 })[0]?.action).toBe('job.interrupted');
    second.catalog.close();
  });

  it('leaves jobs of another live process alone and refuses to cancel them here', () => {
    const first = setup();
    first.catalog.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, state, created_at, progress_json, owner_pid, owner_host)
         VALUES ('other-1', 'backup', 'backup', 'Running', '2026-01-01T00:00:00Z',
                 '{"itemsDone":0,"bytesDone":0,"bytesPerSecond":0,"itemsPerSecond":0,"elapsedSeconds":0}', ?, ?)`,
      )
      .run(process.ppid, hostname());
    first.catalog.close();
    const second = setup(first.dir);
    expect(second.runner.get('other-1').state).toBe('Running');
    expect(() => second.runner.cancel('other-1')).toThrow(/another Lifeboat process/);
    second.catalog.close();
  });
});
