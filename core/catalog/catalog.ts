// The catalog: one SQLite file in the data directory. A rebuildable cache of what the
// repositories hold, plus local state (jobs, journal). Opening it never damages a file that
// isn't ours: foreign or newer files are refused before anything is written.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LifeboatError } from '../api/errors';
import { latestSchemaVersion, migrations } from './migrations';

export type Db = Database.Database;

/** `PRAGMA application_id` of a Lifeboat catalog: "LFBT". */
export const applicationId = 0x4c464254;
export const catalogFileName = 'catalog.sqlite';
const sqliteMagic = 'SQLite format 3\0';

export interface Catalog {
  readonly db: Db;
  readonly path: string;
  readonly schemaVersion: number;
  close(): void;
}

export function catalogPath(dataDir: string): string {
  return join(dataDir, catalogFileName);
}

/** Opens (creating if absent) the catalog in `dataDir`, applying pending migrations. */
export function openCatalog(dataDir: string): Catalog {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new LifeboatError(
      'catalog.data_dir_unusable',
      `Cannot create the data directory ${dataDir}: ${(e as Error).message}`,
    );
  }
  const path = catalogPath(dataDir);
  if (existsSync(path)) inspectExisting(path);
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new LifeboatError(
      'catalog.open_failed',
      `Cannot open the catalog ${path}: ${(e as Error).message}`,
    );
  }
  try {
    db.pragma('journal_mode = WAL');
    // The catalog holds the vault's wrapped key and the estate: readable by its owner only, also
    // in a data directory Lifeboat did not create (and for catalogs made before this rule).
    for (const f of [path, `${path}-wal`, `${path}-shm`]) {
      try {
        chmodSync(f, 0o600);
      } catch {
        // absent, or not ours to change: the directory's own mode is then what protects it
      }
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  return { db, path, schemaVersion, close: () => db.close() };
}

/** Refuses, without writing a byte, a file that is not a Lifeboat catalog or is too new. */
function inspectExisting(path: string): void {
  if (!statSync(path).isFile()) {
    throw notACatalog(path, 'it is not a regular file');
  }
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 16 || header.toString('latin1') !== sqliteMagic) {
    throw notACatalog(path, n === 0 ? 'it is empty' : 'it is not an SQLite database');
  }
  let ro: Db | undefined;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true });
    const appId = ro.pragma('application_id', { simple: true }) as number;
    const version = ro.pragma('user_version', { simple: true }) as number;
    const tables = (
      ro.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as {
        n: number;
      }
    ).n;
    if (appId !== applicationId && !(appId === 0 && tables === 0)) {
      throw notACatalog(path, 'it is an SQLite database of another application');
    }
    if (version > latestSchemaVersion) {
      throw new LifeboatError(
        'catalog.too_new',
        `The catalog ${path} was written by a newer Lifeboat (schema ${version}; this one knows up to ${latestSchemaVersion}). Upgrade Lifeboat, or use another --data-dir. The file was not changed.`,
        { schemaVersion: version, supported: latestSchemaVersion },
      );
    }
  } catch (e) {
    if (e instanceof LifeboatError) throw e;
    throw notACatalog(path, (e as Error).message);
  } finally {
    ro?.close();
  }
}

function notACatalog(path: string, why: string): LifeboatError {
  return new LifeboatError(
    'catalog.not_a_catalog',
    `${path} is not a Lifeboat catalog (${why}). It was left untouched; move it aside or choose another --data-dir.`,
  );
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`application_id = ${applicationId}`);
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      apply();
    } catch (e) {
      throw new LifeboatError(
        'catalog.migration_failed',
        `Migration ${m.name} failed on ${path}: ${(e as Error).message}. The catalog was left at schema ${current}.`,
      );
    }
  }
}
