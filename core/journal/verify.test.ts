import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog, type Catalog } from '../catalog/catalog';
import { headFileName, readHead } from './head-file';
import { createJournal, entryHash, genesisHash, type Journal } from './journal';

let open: Catalog[] = [];
afterEach(() => {
  for (const c of open) c.close();
  open = [];
});

function journalWith(n: number): { catalog: Catalog; journal: Journal; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-verify-'));
  const catalog = openCatalog(dir);
  open.push(catalog);
  const journal = createJournal(catalog.db);
  for (let i = 1; i <= n; i++) {
    journal.append({ actor: 'cli', action: 'test.step', subject: `s${i}`, details: { i } });
  }
  return { catalog, journal, dir };
}

/** What someone with the file does: drop the triggers that refuse updates and deletes. */
function untrigger(catalog: Catalog): void {
  catalog.db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
}

describe('journal verify', () => {
  it('passes an untouched journal, empty or not, and keeps the head file beside the catalog', () => {
    const empty = journalWith(0);
    expect(empty.journal.verify()).toMatchObject({ ok: true, checked: 0, lastSeq: 0, headHash: genesisHash });
    expect(empty.journal.verify().headFile.state).toBe('missing');

    const { journal, dir } = journalWith(5);
    const r = journal.verify();
    expect(r).toMatchObject({ ok: true, checked: 5, lastSeq: 5, headHash: journal.headHash(), notes: [] });
    expect(r.broken).toBeUndefined();
    expect(r.headFile).toMatchObject({ state: 'matches', seq: 5, hash: journal.headHash() });
    expect(journal.headPath).toBe(join(dir, headFileName));
    const head = JSON.parse(readFileSync(join(dir, headFileName), 'utf8')) as { seq: number; hash: string };
    expect(head).toMatchObject({ seq: 5, hash: journal.headHash() });
  });

  it('names an edited entry: hash mismatch at its seq', () => {
    const { catalog, journal } = journalWith(5);
    untrigger(catalog);
    catalog.db.prepare(`UPDATE journal SET details_json = '{"i":99}' WHERE seq = 3`).run();
    expect(journal.verify()).toMatchObject({
      ok: false,
      checked: 5,
      broken: { seq: 3, kind: 'hash-mismatch', message: expect.stringContaining('hash mismatch at seq 3') },
    });
  });

  it('names an entry rewritten with a fresh hash by the next one: prev hash mismatch', () => {
    const { catalog, journal } = journalWith(5);
    untrigger(catalog);
    const row = catalog.db.prepare('SELECT * FROM journal WHERE seq = 2').get() as Record<string, string>;
    const forged = {
      seq: 2,
      at: row.at!,
      actor: 'mallory',
      action: row.action!,
      subject: row.subject!,
      details: { i: 2 },
      prevHash: row.prev_hash!,
    };
    catalog.db.prepare("UPDATE journal SET actor = 'mallory', hash = ? WHERE seq = 2").run(entryHash(forged));
    expect(journal.verify().broken).toMatchObject({
      seq: 3,
      kind: 'prev-hash-mismatch',
      message: expect.stringContaining('prev hash mismatch at seq 3'),
    });
  });

  it('names deleted entries in the middle and at the start: a gap', () => {
    const middle = journalWith(5);
    untrigger(middle.catalog);
    middle.catalog.db.prepare('DELETE FROM journal WHERE seq IN (2, 3)').run();
    expect(middle.journal.verify().broken).toMatchObject({
      seq: 2,
      kind: 'gap',
      message: 'gap between seq 1 and seq 4: seqs 2–3 are missing (deleted).',
    });

    const first = journalWith(3);
    untrigger(first.catalog);
    first.catalog.db.prepare('DELETE FROM journal WHERE seq = 1').run();
    expect(first.journal.verify().broken).toMatchObject({ seq: 1, kind: 'gap' });
  });

  it('names deleted last entries, which leave a valid chain, from the head file', () => {
    const { catalog, journal } = journalWith(5);
    const head5 = journal.headHash();
    untrigger(catalog);
    catalog.db.prepare('DELETE FROM journal WHERE seq >= 4').run();
    const r = journal.verify();
    expect(r.ok).toBe(false);
    expect(r.headFile).toMatchObject({ state: 'disagrees', seq: 5, hash: head5 });
    expect(r.broken).toMatchObject({ seq: 4, kind: 'head-mismatch' });
    expect(r.broken?.message).toContain(`the head file says seq 5 hash ${head5.slice(0, 12)}`);
    expect(r.broken?.message).toContain('but the table ends at seq 3');
    expect(r.broken?.message).toContain('seqs 4–5 were deleted');

    // Later appends reuse the deleted seqs with a valid chain; the head file keeps its evidence.
    journal.append({ actor: 'cli', action: 'test.step', subject: 'after the deletion' });
    journal.append({ actor: 'cli', action: 'test.step', subject: 'and another' });
    journal.append({ actor: 'cli', action: 'test.step', subject: 'and one more' });
    expect(journal.verify()).toMatchObject({
      ok: false,
      lastSeq: 6,
      headFile: { state: 'disagrees', seq: 5, hash: head5 },
      broken: { seq: 5, kind: 'head-mismatch' },
    });

    // Everything deleted.
    catalog.db.prepare('DELETE FROM journal').run();
    expect(journal.verify().broken?.message).toContain('but the table is empty');
  });

  it('refuses a missing or unreadable head file while entries exist, and accepts one that lags', () => {
    const { journal, dir } = journalWith(3);
    const path = join(dir, headFileName);
    const saved = readFileSync(path, 'utf8');
    rmSync(path);
    expect(journal.verify()).toMatchObject({ ok: false, broken: { kind: 'head-missing' } });
    expect(journal.verify().broken?.seq).toBeUndefined();
    writeFileSync(path, 'garbage');
    expect(journal.verify()).toMatchObject({ ok: false, broken: { kind: 'head-unreadable' } });
    writeFileSync(path, saved);
    expect(journal.verify().ok).toBe(true);

    // A process that stopped between its commit and the head file: the head names an earlier,
    // matching entry. Not a break; the next append catches up.
    journal.append({ actor: 'cli', action: 'test.step', subject: 's4' });
    writeFileSync(path, saved);
    const lag = journal.verify();
    expect(lag).toMatchObject({ ok: true, headFile: { state: 'lags', seq: 3 } });
    expect(lag.notes[0]).toContain('1 behind');
    journal.append({ actor: 'cli', action: 'test.step', subject: 's5' });
    expect(journal.verify().headFile).toMatchObject({ state: 'matches', seq: 5 });

    // A head naming an entry whose hash differs: rewritten.
    writeFileSync(path, JSON.stringify({ seq: 2, hash: 'a'.repeat(64), at: 'x' }));
    expect(journal.verify().broken).toMatchObject({ seq: 2, kind: 'head-mismatch' });
  });

  it('writes the head only for committed entries, also inside a caller transaction', async () => {
    const { catalog, journal, dir } = journalWith(2);
    const path = join(dir, headFileName);
    const rollback = catalog.db.transaction(() => {
      journal.append({ actor: 'cli', action: 'test.step', subject: 'rolled back' });
      throw new Error('the change failed');
    });
    expect(() => rollback()).toThrow('the change failed');
    await Promise.resolve();
    expect(readHead(path)).toMatchObject({ state: 'present', head: { seq: 2 } });
    expect(journal.verify().ok).toBe(true);

    catalog.db.transaction(() => {
      journal.append({ actor: 'cli', action: 'test.step', subject: 'committed' });
    })();
    await Promise.resolve();
    expect(readHead(path)).toMatchObject({ state: 'present', head: { seq: 3, hash: journal.headHash() } });
    expect(journal.verify()).toMatchObject({ ok: true, headFile: { state: 'matches' } });
  });

  it('says so when a journal keeps no head file (an in-memory catalog)', () => {
    const db = new Database(':memory:');
    db.exec(
      `CREATE TABLE journal (seq INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT, subject TEXT,
        details_json TEXT, prev_hash TEXT, hash TEXT UNIQUE)`,
    );
    const journal = createJournal(db);
    journal.append({ actor: 'cli', action: 'a', subject: 'b' });
    expect(journal.headPath).toBeUndefined();
    const r = journal.verify();
    expect(r).toMatchObject({ ok: true, checked: 1, headFile: { state: 'not-kept' } });
    expect(r.notes[0]).toContain('no head file');
    db.close();
  });

  it('leaves no temporary files behind', () => {
    const { dir } = journalWith(20);
    expect(existsSync(join(dir, headFileName))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
