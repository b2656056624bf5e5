-- A partial restore point: what the backup could not read (left out of its tree), as its
-- snapshot records it. `unreadable` counts them (0: the point is whole); `unreadable_json` holds
-- the listed ones, [{"path", "reason"}] (the snapshot lists at most 1000). `catalog rebuild`
-- refills both from the snapshots.
ALTER TABLE restore_points ADD COLUMN unreadable INTEGER NOT NULL DEFAULT 0;
ALTER TABLE restore_points ADD COLUMN unreadable_json TEXT;
