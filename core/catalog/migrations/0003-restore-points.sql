-- Restore points: one row per snapshot found in a repository. A cache: `lifeboat catalog
-- rebuild` recreates every row from the repositories alone.
CREATE TABLE restore_points (
  id            TEXT PRIMARY KEY,      -- the snapshot id (SHA-256 of the snapshot file)
  repository    TEXT NOT NULL,         -- the repository entry that holds it
  repository_id TEXT NOT NULL,         -- that repository's own id (its config), to tell copies apart
  system        TEXT,
  scope         TEXT NOT NULL,
  time          TEXT NOT NULL,
  provider      TEXT NOT NULL DEFAULT 'native',
  host          TEXT,
  cluster       TEXT,
  files         INTEGER NOT NULL,
  dirs          INTEGER NOT NULL,
  bytes         INTEGER NOT NULL,
  bytes_new     INTEGER NOT NULL,
  duration_ms   INTEGER NOT NULL,
  parent        TEXT,
  added         INTEGER,               -- files added / changed / removed versus the previous point
  changed       INTEGER,
  removed       INTEGER,
  verified_at   TEXT,                  -- set only with evidence: the last verification, when it found no damage
  verify_json   TEXT,                  -- the last verification report (evidence or damage)
  recorded_at   TEXT NOT NULL
);
CREATE INDEX restore_points_by_scope ON restore_points (scope, time DESC);
CREATE INDEX restore_points_by_system ON restore_points (system, time DESC);
