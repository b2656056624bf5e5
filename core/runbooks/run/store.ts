// Runs in the catalog (migration 0006). Every change of a run is written whole (its view and
// sandboxes), so what a reader sees is always a state the engine was in; the owner's pid lets
// the next start tell a run whose process died (Interrupted) from one driven elsewhere.
import { hostname } from 'node:os';
import { LifeboatError } from '../../api/errors';
import type { RunbookView } from '../../api/schemas/runbooks';
import type { Db } from '../../catalog/catalog';
import type { RunMode, RunRecord, RunState, RunView, Sandbox } from './types';

interface Row {
  id: string;
  state: RunState;
  owner_pid: number;
  owner_host: string;
  view_json: string;
  runbook_json: string;
  sandboxes_json: string;
}

export interface StoredRun extends RunRecord {
  ownerPid: number;
  ownerHost: string;
}

function fromRow(r: Row): StoredRun {
  return {
    view: JSON.parse(r.view_json) as RunView,
    runbook: JSON.parse(r.runbook_json) as RunbookView,
    sandboxes: JSON.parse(r.sandboxes_json) as Sandbox[],
    ownerPid: r.owner_pid,
    ownerHost: r.owner_host,
  };
}

export function createRunStore(db: Db) {
  const host = hostname();
  const params = (r: RunRecord) => ({
    id: r.view.id,
    system: r.view.system,
    mode: r.view.mode,
    state: r.view.state,
    started_at: r.view.startedAt,
    finished_at: r.view.finishedAt ?? null,
    owner_pid: process.pid,
    owner_host: host,
    view_json: JSON.stringify(r.view),
    runbook_json: JSON.stringify(r.runbook),
    sandboxes_json: JSON.stringify(r.sandboxes),
  });
  const insert = db.prepare(
    `INSERT INTO runs (id, system, mode, state, started_at, finished_at, owner_pid, owner_host,
       view_json, runbook_json, sandboxes_json)
     VALUES (@id, @system, @mode, @state, @started_at, @finished_at, @owner_pid, @owner_host,
       @view_json, @runbook_json, @sandboxes_json)`,
  );
  const update = db.prepare(
    `UPDATE runs SET state = @state, finished_at = @finished_at, owner_pid = @owner_pid,
       owner_host = @owner_host, view_json = @view_json, sandboxes_json = @sandboxes_json
     WHERE id = @id`,
  );

  return {
    insert: (r: RunRecord) => void insert.run(params(r)),
    /** `fn` in one immediate transaction: another process acting on runs waits for it to end. */
    atomically: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    /** Writes the run whole; the writer becomes its owner. */
    save: (r: RunRecord) => void update.run(params(r)),
    get(id: string): StoredRun {
      const rows = db
        .prepare('SELECT * FROM runs WHERE substr(id, 1, ?) = ? LIMIT 2')
        .all(id.length, id) as Row[];
      if (rows.length === 0) throw new LifeboatError('run.not_found', `No run ${id.slice(0, 80)}.`);
      if (rows.length > 1)
        throw new LifeboatError('run.ambiguous', `${id} matches several runs; give more characters.`);
      return fromRow(rows[0]!);
    },
    list(o: { system?: string; mode?: RunMode; limit: number }): RunView[] {
      const where: string[] = [];
      const args: unknown[] = [];
      for (const [column, value] of [
        ['system', o.system],
        ['mode', o.mode],
      ] as const) {
        if (!value) continue;
        where.push(`${column} = ?`);
        args.push(value);
      }
      const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, rowid DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, o.limit) as Row[]).map((r) => fromRow(r).view);
    },
    /** The newest run of a system in a mode (optionally only in one state). */
    latest(system: string, mode: string, state?: RunState): RunView | undefined {
      const r = db
        .prepare(
          `SELECT * FROM runs WHERE system = ? AND mode = ? ${state ? 'AND state = ?' : ''}
           ORDER BY started_at DESC, rowid DESC LIMIT 1`,
        )
        .get(system, mode, ...(state ? [state] : [])) as Row | undefined;
      return r && fromRow(r).view;
    },
    /**
     * Runs left Running by a process that is gone (or by an earlier instance in this process,
     * which cannot still be driving them): their ids, for the engine to mark Interrupted.
     */
    orphans(isAlive: (pid: number) => boolean): StoredRun[] {
      const rows = db.prepare(`SELECT * FROM runs WHERE state = 'Running'`).all() as Row[];
      return rows
        .map(fromRow)
        .filter((r) => r.ownerHost !== host || r.ownerPid === process.pid || !isAlive(r.ownerPid));
    },
    /** Is this stored run being driven by another live process? */
    ownedElsewhere(r: StoredRun, isAlive: (pid: number) => boolean): boolean {
      return (
        r.view.state === 'Running' &&
        r.ownerHost === host &&
        r.ownerPid !== process.pid &&
        isAlive(r.ownerPid)
      );
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
