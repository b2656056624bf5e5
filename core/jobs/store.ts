// Persistence of jobs in the catalog. The runner owns the live state; this maps rows to the
// contract's JobView and back.
import { hostname } from 'node:os';
import type { ApiError, JobItemFailure, JobProgress, JobState, JobView } from '../api/contract';
import type { Db } from '../catalog/catalog';

interface Row {
  id: string;
  kind: string;
  title: string;
  state: JobState;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress_json: string;
  summary_json: string | null;
  failures_json: string;
  error_json: string | null;
  owner_pid: number;
  owner_host: string;
}

export interface StoredJob extends JobView {
  ownerPid: number;
  ownerHost: string;
}

function fromRow(r: Row): StoredJob {
  const job: StoredJob = {
    id: r.id,
    kind: r.kind,
    title: r.title,
    state: r.state,
    createdAt: r.created_at,
    progress: JSON.parse(r.progress_json) as JobProgress,
    failures: JSON.parse(r.failures_json) as JobItemFailure[],
    ownerPid: r.owner_pid,
    ownerHost: r.owner_host,
  };
  if (r.started_at) job.startedAt = r.started_at;
  if (r.finished_at) job.finishedAt = r.finished_at;
  if (r.summary_json) job.summary = JSON.parse(r.summary_json) as Record<string, unknown>;
  if (r.error_json) job.error = JSON.parse(r.error_json) as ApiError;
  return job;
}

export function toView(j: StoredJob): JobView {
  const { ownerPid: _pid, ownerHost: _host, ...view } = j;
  return view;
}

export interface JobStore {
  insert(job: JobView): void;
  update(job: JobView): void;
  get(id: string): StoredJob | undefined;
  list(opts: { states?: readonly JobState[]; limit: number }): StoredJob[];
  /** Marks Queued/Running jobs whose owning process is gone as Interrupted; returns them. */
  markOrphansInterrupted(isAlive: (pid: number) => boolean): StoredJob[];
}

export function createJobStore(db: Db): JobStore {
  const host = hostname();
  const insert = db.prepare(
    `INSERT INTO jobs (id, kind, title, state, created_at, started_at, finished_at, progress_json,
       summary_json, failures_json, error_json, owner_pid, owner_host)
     VALUES (@id, @kind, @title, @state, @created_at, @started_at, @finished_at, @progress_json,
       @summary_json, @failures_json, @error_json, @owner_pid, @owner_host)`,
  );
  // A finished job is never rewritten (another process may have marked it Interrupted).
  const update = db.prepare(
    `UPDATE jobs SET state = @state, started_at = @started_at, finished_at = @finished_at,
       progress_json = @progress_json, summary_json = @summary_json, failures_json = @failures_json,
       error_json = @error_json
     WHERE id = @id AND state IN ('Queued', 'Running')`,
  );
  const params = (j: JobView) => ({
    id: j.id,
    kind: j.kind,
    title: j.title,
    state: j.state,
    created_at: j.createdAt,
    started_at: j.startedAt ?? null,
    finished_at: j.finishedAt ?? null,
    progress_json: JSON.stringify(j.progress),
    summary_json: j.summary ? JSON.stringify(j.summary) : null,
    failures_json: JSON.stringify(j.failures),
    error_json: j.error ? JSON.stringify(j.error) : null,
    owner_pid: process.pid,
    owner_host: host,
  });

  return {
    insert: (j) => insert.run(params(j)),
    update: (j) => update.run(params(j)),
    get: (id) => {
      const r = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
      return r && fromRow(r);
    },
    list: ({ states, limit }) => {
      const where = states?.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
      const rows = db
        .prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(...(states ?? []), limit) as Row[];
      return rows.map(fromRow);
    },
    markOrphansInterrupted: (isAlive) => {
      const open = (db.prepare(`SELECT * FROM jobs WHERE state IN ('Queued', 'Running')`).all() as Row[]).map(
        fromRow,
      );
      const orphans = open.filter(
        (j) => j.ownerHost !== host || j.ownerPid === process.pid || !isAlive(j.ownerPid),
      );
      const mark = db.prepare(
        `UPDATE jobs SET state = 'Interrupted', finished_at = ?, error_json = ?
         WHERE id = ? AND state IN ('Queued', 'Running')`,
      );
      const now = new Date().toISOString();
      for (const j of orphans) {
        const error: ApiError = {
          code: 'jobs.interrupted',
          message: `The Lifeboat process running this job (pid ${j.ownerPid} on ${j.ownerHost}) stopped before it finished.`,
        };
        mark.run(now, JSON.stringify(error), j.id);
        j.state = 'Interrupted';
        j.finishedAt = now;
        j.error = error;
      }
      return orphans;
    },
  };
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
