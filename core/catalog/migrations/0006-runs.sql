-- Runs of runbooks (core/runbooks/run/). A run is one execution of a resolved runbook in a mode
-- (incident, drill, rehearsal); its steps' states live in view_json (the contract's RunView) and
-- the runbook exactly as resolved for it in runbook_json, so a run survives a restart and is
-- resumed from the step it stopped at even if the runbook was changed meanwhile.
CREATE TABLE runs (
  id              TEXT PRIMARY KEY,
  system          TEXT NOT NULL,
  mode            TEXT NOT NULL,      -- incident, drill, rehearsal
  state           TEXT NOT NULL,      -- RunState; mirrors view_json for queries
  started_at      TEXT NOT NULL,
  finished_at     TEXT,
  owner_pid       INTEGER NOT NULL,   -- the process driving it: a Running run whose process is
  owner_host      TEXT NOT NULL,      -- gone is marked Interrupted at the next start
  view_json       TEXT NOT NULL,
  runbook_json    TEXT NOT NULL,
  sandboxes_json  TEXT NOT NULL DEFAULT '[]'  -- drills: the sandboxes made, and whether removed
);
CREATE INDEX runs_by_system ON runs (system, mode, started_at);
CREATE INDEX runs_by_start ON runs (started_at);
