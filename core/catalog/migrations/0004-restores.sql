-- Restores: the plans shown to the operator (exactly what was previewed, kept so the executor
-- writes only that), and the restores carried out (every item with its outcome).
-- Safety points are restore points too, marked by kind (from the snapshot's "safety" tag).
ALTER TABLE restore_points ADD COLUMN kind TEXT NOT NULL DEFAULT 'backup';

CREATE TABLE restore_plans (
  id          TEXT PRIMARY KEY,
  created_at  TEXT NOT NULL,
  plan_json   TEXT NOT NULL          -- the PlanView as shown (contract schema PlanView)
);

CREATE TABLE restores (
  id              TEXT PRIMARY KEY,
  plan_id         TEXT NOT NULL REFERENCES restore_plans (id),
  job_id          TEXT NOT NULL,
  state           TEXT NOT NULL,     -- Running, Succeeded, PartiallyFailed, Failed, Cancelled, Interrupted
  actor           TEXT NOT NULL,
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  scope           TEXT NOT NULL,     -- where the point came from
  destination     TEXT NOT NULL,     -- the scope written to
  in_place        INTEGER NOT NULL,
  point_id        TEXT NOT NULL,
  safety_point_id TEXT,
  undo_of         TEXT REFERENCES restores (id),
  bytes           INTEGER NOT NULL DEFAULT 0,
  duration_ms     INTEGER,
  items_json      TEXT NOT NULL,     -- [{item, action, result, message?}] for every planned item
  error_json      TEXT
);
CREATE INDEX restores_by_time ON restores (started_at DESC);
CREATE INDEX restores_by_destination ON restores (destination, started_at DESC);
