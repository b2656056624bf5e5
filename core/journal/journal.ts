// The journal: an append-only, hash-chained record of everything Lifeboat did. Each entry's
// hash covers its content and the previous entry's hash, so an edit or a deletion anywhere
// breaks the chain from that point on; the head (last seq and hash) is also kept in a file
// beside the catalog, so deleting the last entries shows too (head-file.ts). Never write
// secrets into `details`.
import type { JournalEntry } from '../api/contract';
import type { JournalVerifyReport } from '../api/schemas/report';
import type { Db } from '../catalog/catalog';
import { canonicalJson } from '../util/canonical-json';
import { genesisHash, entryHash } from './chain';
import { advanceHead, defaultHeadPath } from './head-file';
import { verifyJournal } from './verify';

export { entryHash, genesisHash } from './chain';

export interface JournalAppend {
  actor: string;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

function fromRow(r: Row): JournalEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface Journal {
  append(entry: JournalAppend): JournalEntry;
  list(opts: { limit: number; beforeSeq?: number }): JournalEntry[];
  headHash(): string;
  /** Re-checks every entry and the head file; see verify.ts. */
  verify(): JournalVerifyReport;
  /** Where the head is kept outside the catalog (undefined for an in-memory catalog). */
  readonly headPath: string | undefined;
}

export interface JournalOptions {
  /** The head file; defaults to `journal-head` beside the catalog file. */
  headPath?: string;
}

export function createJournal(
  db: Db,
  onAppend: (e: JournalEntry) => void = () => {},
  opts: JournalOptions = {},
): Journal {
  const headPath = opts.headPath ?? defaultHeadPath(db);
  const head = db.prepare('SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1');
  const hashAt = db.prepare('SELECT hash FROM journal WHERE seq = ?');
  const insert = db.prepare(
    `INSERT INTO journal (seq, at, actor, action, subject, details_json, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @subject, @details_json, @prev_hash, @hash)`,
  );
  const appendTx = db.transaction((a: JournalAppend): JournalEntry => {
    const last = head.get() as { seq: number; hash: string } | undefined;
    const base = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      actor: a.actor,
      action: a.action,
      subject: a.subject,
      details: a.details ?? {},
      prevHash: last?.hash ?? genesisHash,
    };
    const entry: JournalEntry = { ...base, hash: entryHash(base) };
    insert.run({
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details_json: canonicalJson(entry.details),
      prev_hash: entry.prevHash,
      hash: entry.hash,
    });
    return entry;
  });

  // The head file must only ever name a committed entry: one that names an entry whose
  // transaction rolled back would read as deleted entries. So it is written after the commit: at
  // once for a standalone append, and for an append inside a caller's transaction (an estate
  // change and its entry commit together) once that transaction is over — better-sqlite3
  // transactions are synchronous, so a microtask runs after it. A crash in between leaves the
  // head file behind the table, which verify accepts, never ahead of it.
  let pending = false;
  const syncHead = (): void => {
    if (!headPath || pending) return;
    if (db.inTransaction) {
      pending = true;
      queueMicrotask(() => {
        pending = false;
        // A transaction held open across awaits (db.exec('BEGIN')): look again a little later.
        if (db.open && db.inTransaction) setTimeout(syncHead, 10).unref();
        else syncHead();
      });
      return;
    }
    try {
      if (!db.open) return;
      const last = head.get() as { seq: number; hash: string; at: string } | undefined;
      if (last) advanceHead(headPath, last, (seq) => (hashAt.get(seq) as { hash: string } | undefined)?.hash);
    } catch {
      // The entry is recorded and chained; failing the action that was journaled would be worse
      // than a head file behind the table, which the next append catches up and verify reports
      // as a lag.
    }
  };

  return {
    append(a) {
      // IMMEDIATE: two processes sharing a catalog must not both read the same head.
      const entry = appendTx.immediate(a);
      syncHead();
      onAppend(entry);
      return entry;
    },
    list({ limit, beforeSeq }) {
      const rows = db
        .prepare(
          `SELECT * FROM journal ${beforeSeq ? 'WHERE seq < @beforeSeq' : ''} ORDER BY seq DESC LIMIT @limit`,
        )
        .all({ limit, ...(beforeSeq ? { beforeSeq } : {}) }) as Row[];
      return rows.map(fromRow);
    },
    headHash() {
      return (head.get() as { hash: string } | undefined)?.hash ?? genesisHash;
    },
    verify: () => verifyJournal(db, headPath),
    headPath,
  };
}
