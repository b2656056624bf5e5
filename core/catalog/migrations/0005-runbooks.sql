-- Runbooks, versioned. Each import of a changed text is a new version; the text is kept exactly
-- as imported (so an export gives back what is in git), with the metadata a listing needs.
-- Removing a runbook hides it but keeps its versions: runs and the journal may name them, and
-- importing the name again continues the numbering.
CREATE TABLE runbooks (
  name            TEXT PRIMARY KEY,
  latest_version  INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  removed_at      TEXT                -- set by runbook.remove; cleared by the next import
);

CREATE TABLE runbook_versions (
  name         TEXT NOT NULL REFERENCES runbooks (name),
  version      INTEGER NOT NULL,
  system       TEXT,                  -- absent: a template
  applies_to   TEXT,                  -- templates: server-path, cluster-namespace, cluster-resource
  owner_json   TEXT,                  -- {team, contact?} as written; absent: the system's owner
  description  TEXT,
  steps        INTEGER NOT NULL,
  yaml         TEXT NOT NULL,         -- exactly as imported
  sha256       TEXT NOT NULL,         -- of the text
  filename     TEXT,                  -- where it was imported from, when known
  imported_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE INDEX runbook_versions_by_system ON runbook_versions (system);
