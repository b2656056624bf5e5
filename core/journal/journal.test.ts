import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../catalog/catalog';
import { createJournal, entryHash, genesisHash } from './journal';

describe('journal', () => {
  it('chains each entry to the previous one and refuses edits and deletions', () => {
    const catalog = openCatalog(mkdtempSync(join(tmpdir(), 'lifeboat-journal-')));
    const seen: number[] = [];
    const journal = createJournal(catalog.db, (e) => seen.push(e.seq));
    expect(journal.headHash()).toBe(genesisHash);
    const a = journal.append({
      actor: 'cli',
      action: 'job.started',
      subject: 'j1',
      details: { kind: 'x' },
    });
    const b = journal.append({
      actor: 'cli',
      action: 'job.succeeded',
      subject: 'j1',
    });
    expect(a.prevHash).toBe(genesisHash);
    expect(b.prevHash).toBe(a.hash);
    expect(entryHash(b)).toBe(b.hash);
    expect(journal.headHash()).toBe(b.hash);
    expect(seen).toEqual([1, 2]);
    expect(journal.list({ limit: 10 }).map((e) => e.seq)).toEqual([2, 1]);
    expect(journal.list({ limit: 10, beforeSeq: 2 }).map((e) => e.seq)).toEqual([1]);
    expect(() => catalog.db.prepare("UPDATE journal SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => catalog.db.prepare('DELETE FROM journal').run()).toThrow(/append-only/);
    catalog.close();
  });
});
