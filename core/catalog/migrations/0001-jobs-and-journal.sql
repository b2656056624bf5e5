-- Jobs: long-running work (backup, verify, restore, drill) and its last known state.
-- owner_pid/owner_host say which process runs a job, so a process only marks jobs
-- Interrupted when their owner is gone.
CREATE TABLE jobs (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  title         TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN
                  ('Queued','Running','Succeeded','PartiallyFailed','Failed','Cancelled','Interrupted')),
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  progress_json TEXT NOT NULL,
  summary_json  TEXT,
  failures_json TEXT NOT NULL DEFAULT '[]',
  error_json    TEXT,
  owner_pid     INTEGER NOT NULL,
  owner_host    TEXT NOT NULL
);
CREATE INDEX jobs_by_created ON jobs (created_at DESC);
CREATE INDEX jobs_by_state ON jobs (state);

-- Journal: append-only, hash-chained. hash = sha256 of the canonical entry including prev_hash.
CREATE TABLE journal (
  seq          INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject      TEXT NOT NULL,
  details_json TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
