// The journal: an append-only, hash-chained record of everything Lifeboat did. Each entry's
// hash covers its content and the previous entry's hash, so an edit or a deletion anywhere
// breaks the chain from that point on. Never write secrets into `details`.
import { createHash } from 'node:crypto';
import type { JournalEntry } from '../api/contract';
import type { Db } from '../catalog/catalog';
import { canonicalJson } from '../util/canonical-json';

export const genesisHash = '0'.repeat(64);

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

export function entryHash(e: Omit<JournalEntry, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
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
}

export function createJournal(db: Db, onAppend: (e: JournalEntry) => void = () => {}): Journal {
  const head = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
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

  return {
    append(a) {
      // IMMEDIATE: two processes sharing a catalog must not both read the same head.
      const entry = appendTx.immediate(a);
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
  };
}
