-- The vault: one random data key encrypts every secret; the data key itself is stored only
-- wrapped — by a passphrase-derived key (CLI, serve) and/or by the OS keychain (desktop).
CREATE TABLE vault_wrappings (
  kind        TEXT PRIMARY KEY CHECK (kind IN ('passphrase', 'os-keychain')),
  params_json TEXT NOT NULL,
  wrapped     BLOB NOT NULL,
  created_at  TEXT NOT NULL
);

-- Secrets sealed with the data key (AES-256-GCM, the ref as associated data).
-- `purpose` says what it is for ("server web-1: private key"), never what it holds.
CREATE TABLE secrets (
  ref        TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  sealed     BLOB NOT NULL,
  created_at TEXT NOT NULL
);

-- The estate: servers, clusters, repositories and systems. One row per entry; `spec_json`
-- holds the entry as validated by its schema in core/estate (secret values only as refs).
CREATE TABLE estate (
  kind       TEXT NOT NULL CHECK (kind IN ('server', 'cluster', 'repository', 'system')),
  name       TEXT NOT NULL,
  spec_json  TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, name)
);
