import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../api/errors';
import { applicationId, catalogPath, openCatalog } from './catalog';
import { latestSchemaVersion } from './migrations';

const tempDir = () => mkdtempSync(join(tmpdir(), 'lifeboat-catalog-'));

function expectRefused(dir: string, code: string): LifeboatError {
  try {
    openCatalog(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(LifeboatError);
    expect((e as LifeboatError).code).toBe(code);
    return e as LifeboatError;
  }
  throw new Error('expected the catalog to be refused');
}

describe('catalog', () => {
  it('creates a new catalog with WAL, the latest schema and our application id', () => {
    const dir = join(tempDir(), 'nested', 'data');
    const c = openCatalog(dir);
    expect(c.schemaVersion).toBe(latestSchemaVersion);
    expect(c.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.db.pragma('application_id', { simple: true })).toBe(applicationId);
    // It holds the vault's wrapped key: its owner's only, with its WAL.
    for (const f of [c.path, `${c.path}-wal`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    const tables = c.db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining(['jobs', 'journal']),
    );
    c.close();
    // Reopening is idempotent.
    const again = openCatalog(dir);
    expect(again.schemaVersion).toBe(latestSchemaVersion);
    again.close();
  });

  it('refuses a file that is not SQLite and leaves it byte-for-byte untouched', () => {
    const dir = tempDir();
    const junk = 'these are my notes, not a database\n'.repeat(10);
    writeFileSync(catalogPath(dir), junk);
    const e = expectRefused(dir, 'catalog.not_a_catalog');
    expect(e.message).toContain('not an SQLite database');
    expect(e.message).toContain(catalogPath(dir));
    expect(readFileSync(catalogPath(dir), 'utf8')).toBe(junk);
  });

  it('refuses an empty file without recreating it', () => {
    const dir = tempDir();
    writeFileSync(catalogPath(dir), '');
    expectRefused(dir, 'catalog.not_a_catalog');
    expect(readFileSync(catalogPath(dir)).length).toBe(0);
  });

  it("refuses another application's SQLite database, untouched", () => {
    const dir = tempDir();
    const other = new Database(catalogPath(dir));
    other.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);',
    );
    other.close();
    const before = readFileSync(catalogPath(dir));
    const e = expectRefused(dir, 'catalog.not_a_catalog');
    expect(e.message).toContain('another application');
    expect(readFileSync(catalogPath(dir)).equals(before)).toBe(true);
  });

  it('refuses a catalog written by a newer schema with a clear error, untouched', () => {
    const dir = tempDir();
    openCatalog(dir).close();
    const db = new Database(catalogPath(dir));
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    const before = readFileSync(catalogPath(dir));
    const e = expectRefused(dir, 'catalog.too_new');
    expect(e.message).toContain(`schema ${latestSchemaVersion + 5}`);
    expect(e.message).toContain('Upgrade Lifeboat');
    expect(readFileSync(catalogPath(dir)).equals(before)).toBe(true);
  });

  it('says clearly when the data directory cannot be created', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    expectRefused(join(dir, 'file', 'sub'), 'catalog.data_dir_unusable');
  });
});
