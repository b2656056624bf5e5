// The catalog's plans and restores (migration 0004). A plan is kept exactly as it was shown, so
// the executor writes only what the operator saw; a restore keeps every planned item with its
// outcome, written as it goes, so a crash leaves a readable record.
import type { JobState, PlanView, RestoreItemResult, RestoreView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Db } from '../catalog/catalog';

interface Row {
  id: string;
  plan_id: string;
  job_id: string;
  state: RestoreView['state'];
  actor: string;
  started_at: string;
  finished_at: string | null;
  scope: string;
  destination: string;
  in_place: number;
  point_id: string;
  safety_point_id: string | null;
  undo_of: string | null;
  undone_by: string | null;
  bytes: number;
  duration_ms: number | null;
  items_json: string;
  error_json: string | null;
}

export type RestoreSummary = Omit<RestoreView, 'items'>;

function counts(items: RestoreItemResult[]) {
  const c = { done: 0, failed: 0, notDone: 0 };
  for (const i of items) {
    if (i.result === 'done') c.done++;
    else if (i.result === 'failed') c.failed++;
    else c.notDone++;
  }
  return c;
}

function view(r: Row, jobState?: (id: string) => JobState | undefined): RestoreView {
  const items = JSON.parse(r.items_json) as RestoreItemResult[];
  // A restore whose process died (or whose job was cancelled before it started) stays "Running"
  // in its row; its job says what really happened.
  let state = r.state;
  const job = state === 'Running' ? jobState?.(r.job_id) : undefined;
  if (job === 'Interrupted' || job === 'Cancelled' || job === 'Failed') state = job;
  return {
    id: r.id,
    planId: r.plan_id,
    jobId: r.job_id,
    state,
    actor: r.actor,
    startedAt: r.started_at,
    ...(r.finished_at ? { finishedAt: r.finished_at } : {}),
    scope: r.scope,
    destination: r.destination,
    inPlace: r.in_place === 1,
    pointId: r.point_id,
    ...(r.safety_point_id ? { safetyPointId: r.safety_point_id } : {}),
    ...(r.undo_of ? { undoOf: r.undo_of } : {}),
    ...(r.undone_by ? { undoneBy: r.undone_by } : {}),
    counts: counts(items),
    bytes: r.bytes,
    ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
    items,
    ...(r.error_json ? { error: JSON.parse(r.error_json) as { code: string; message: string } } : {}),
  };
}

export interface Measured {
  restores: number;
  /** Each restore: content bytes, items done, seconds (newest first). */
  samples: { bytes: number; items: number; seconds: number }[];
}

type Measure = Pick<Row, 'bytes' | 'duration_ms' | 'items_json'>;

/** What these finished restores did and how long each took (plan-facts.ts makes speeds of them). */
function rate(rows: Measure[]): Measured {
  return {
    restores: rows.length,
    samples: rows.map((r) => ({
      bytes: r.bytes,
      items: counts(JSON.parse(r.items_json) as RestoreItemResult[]).done,
      seconds: (r.duration_ms ?? 0) / 1000,
    })),
  };
}

const select = `SELECT r.*, (SELECT u.id FROM restores u WHERE u.undo_of = r.id
    AND u.state IN ('Succeeded', 'PartiallyFailed') ORDER BY u.started_at DESC LIMIT 1) AS undone_by
  FROM restores r`;

export function createRestoreStore(db: Db, jobState?: (id: string) => JobState | undefined) {
  return {
    /** `fn` in one immediate transaction: another process writing the catalog waits for it. */
    atomically: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    savePlan(plan: PlanView): void {
      db.prepare('INSERT INTO restore_plans (id, created_at, plan_json) VALUES (?, ?, ?)').run(
        plan.id,
        plan.createdAt,
        JSON.stringify(plan),
      );
    },
    getPlan(id: string): PlanView {
      const r = db.prepare('SELECT plan_json FROM restore_plans WHERE id = ?').get(id) as
        { plan_json: string } | undefined;
      if (!r)
        throw new LifeboatError('restore.no_such_plan', `No restore plan ${id.slice(0, 80)}; plan again.`);
      return JSON.parse(r.plan_json) as PlanView;
    },
    /** The restore that carried out this plan, if any (a plan is carried out once). */
    forPlan(planId: string): string | undefined {
      const r = db.prepare('SELECT id FROM restores WHERE plan_id = ?').get(planId) as
        { id: string } | undefined;
      return r?.id;
    },
    start(r: {
      id: string;
      plan: PlanView;
      jobId: string;
      actor: string;
      items: RestoreItemResult[];
    }): RestoreView {
      db.prepare(
        `INSERT INTO restores (id, plan_id, job_id, state, actor, started_at, scope, destination, in_place,
           point_id, undo_of, items_json)
         VALUES (@id, @plan_id, @job_id, 'Running', @actor, @started_at, @scope, @destination, @in_place,
           @point_id, @undo_of, @items_json)`,
      ).run({
        id: r.id,
        plan_id: r.plan.id,
        job_id: r.jobId,
        actor: r.actor,
        started_at: new Date().toISOString(),
        scope: r.plan.source.scope,
        destination: r.plan.destination.scope,
        in_place: r.plan.destination.inPlace ? 1 : 0,
        point_id: r.plan.point.id,
        undo_of: r.plan.undoOf ?? null,
        items_json: JSON.stringify(r.items),
      });
      return this.get(r.id);
    },
    /** Writes the items' outcomes so far (and the safety point once taken). */
    update(id: string, u: { items: RestoreItemResult[]; safetyPointId?: string; bytes?: number }): void {
      db.prepare(
        `UPDATE restores SET items_json = @items, safety_point_id = COALESCE(@safety, safety_point_id),
           bytes = COALESCE(@bytes, bytes) WHERE id = @id`,
      ).run({ id, items: JSON.stringify(u.items), safety: u.safetyPointId ?? null, bytes: u.bytes ?? null });
    },
    finish(
      id: string,
      f: {
        state: RestoreView['state'];
        items: RestoreItemResult[];
        bytes: number;
        durationMs: number;
        error?: { code: string; message: string };
      },
    ): void {
      db.prepare(
        `UPDATE restores SET state = @state, finished_at = @at, items_json = @items, bytes = @bytes,
           duration_ms = @duration, error_json = @error WHERE id = @id`,
      ).run({
        id,
        state: f.state,
        at: new Date().toISOString(),
        items: JSON.stringify(f.items),
        bytes: f.bytes,
        duration: f.durationMs,
        error: f.error ? JSON.stringify(f.error) : null,
      });
    },
    get(id: string): RestoreView {
      const rows = db.prepare(`${select} WHERE substr(r.id, 1, ?) = ? LIMIT 2`).all(id.length, id) as Row[];
      if (rows.length === 0) throw new LifeboatError('restore.not_found', `No restore ${id.slice(0, 80)}.`);
      if (rows.length > 1)
        throw new LifeboatError('restore.ambiguous', `${id} matches several restores; give more characters.`);
      return view(rows[0]!, jobState);
    },
    list(limit: number): RestoreSummary[] {
      const rows = db.prepare(`${select} ORDER BY r.started_at DESC LIMIT ?`).all(limit) as Row[];
      return rows.map((r) => {
        const { items: _items, ...rest } = view(r, jobState);
        return rest;
      });
    },
    /**
     * Measured speed of the finished restores from `scope` (the scope restored from, wherever
     * they wrote: in place, alongside, or a drill's sandbox), newest first, at most 5: content
     * bytes and objects per second, for a plan's estimate. Undos are left out: they put back a
     * safety point and delete what a restore created, which says little about restoring the scope.
     */
    measuredFrom(scope: string): Measured {
      return rate(
        db
          .prepare(
            `SELECT bytes, duration_ms, items_json FROM restores
             WHERE scope = ? AND undo_of IS NULL AND state IN ('Succeeded', 'PartiallyFailed')
               AND duration_ms > 0
             ORDER BY started_at DESC LIMIT 5`,
          )
          .all(scope) as Measure[],
      );
    },
  };
}

export type RestoreStore = ReturnType<typeof createRestoreStore>;
