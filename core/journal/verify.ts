// Verifying the journal: re-hash every entry, check each links to the one before, that no
// sequence number is missing, and that the table ends where the head file (kept outside the
// SQLite file) says it ends. Reads straight from the table, so it sees what a person who dropped
// the triggers and edited the file directly left behind.
import type { JournalVerifyReport } from '../api/schemas/report';
import type { Db } from '../catalog/catalog';
import { readHead } from './head-file';
import { entryHash, genesisHash } from './chain';

type Problem = NonNullable<JournalVerifyReport['broken']>;

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

const short = (hash: string) => hash.slice(0, 12);

/** Checks the chain row by row; returns the first problem and the last row seen. */
function checkChain(db: Db): { checked: number; last?: Row; problem?: Problem } {
  let checked = 0;
  let prev: Row | undefined;
  let problem: Problem | undefined;
  for (const row of db.prepare('SELECT * FROM journal ORDER BY seq').iterate() as Iterable<Row>) {
    checked++;
    if (!problem) problem = checkRow(row, prev);
    prev = row;
  }
  return { checked, ...(prev ? { last: prev } : {}), ...(problem ? { problem } : {}) };
}

function checkRow(row: Row, prev: Row | undefined): Problem | undefined {
  const expected = (prev?.seq ?? 0) + 1;
  if (row.seq !== expected) {
    const missing = expected === row.seq - 1 ? `seq ${expected} is` : `seqs ${expected}–${row.seq - 1} are`;
    return {
      seq: expected,
      kind: 'gap',
      message: `gap between seq ${prev?.seq ?? 0} and seq ${row.seq}: ${missing} missing (deleted).`,
    };
  }
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details_json) as Record<string, unknown>;
  } catch {
    return { seq: row.seq, kind: 'unreadable-entry', message: `seq ${row.seq}: its details are not JSON.` };
  }
  const hash = entryHash({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details,
    prevHash: row.prev_hash,
  });
  if (hash !== row.hash) {
    return {
      seq: row.seq,
      kind: 'hash-mismatch',
      message: `hash mismatch at seq ${row.seq}: its content hashes to ${short(hash)}…, not the stored ${short(row.hash)}… (the entry was edited).`,
    };
  }
  const prevHash = prev?.hash ?? genesisHash;
  if (row.prev_hash !== prevHash) {
    return {
      seq: row.seq,
      kind: 'prev-hash-mismatch',
      message: `prev hash mismatch at seq ${row.seq}: it links to ${short(row.prev_hash)}…, but ${prev ? `seq ${prev.seq}` : 'the start of the journal'} has ${short(prevHash)}… (an entry was rewritten).`,
    };
  }
  return undefined;
}

export function verifyJournal(db: Db, headPath: string | undefined, now = new Date()): JournalVerifyReport {
  const { checked, last, problem } = checkChain(db);
  const lastSeq = last?.seq ?? 0;
  const headHash = last?.hash ?? genesisHash;
  const notes: string[] = [];
  let headFile: JournalVerifyReport['headFile'];
  let headProblem: Problem | undefined;
  const tableEnd = last
    ? `the table ends at seq ${lastSeq} (hash ${short(headHash)}…)`
    : 'the table is empty';

  if (!headPath) {
    headFile = { state: 'not-kept' };
    notes.push(
      'This journal has no head file (an in-memory catalog): deleting its last entries would not show.',
    );
  } else {
    const read = readHead(headPath);
    if (read.state === 'missing') {
      headFile = { path: headPath, state: 'missing' };
      if (last) {
        headProblem = {
          kind: 'head-missing',
          message: `the head file ${headPath} is missing while the journal holds ${checked} entries, so deleting the last entries cannot be ruled out (it was deleted, or the journal predates head files; the next entry writes it again).`,
        };
      }
    } else if (read.state === 'unreadable') {
      headFile = { path: headPath, state: 'unreadable' };
      headProblem = {
        kind: 'head-unreadable',
        message: `the head file ${headPath} cannot be read (${read.why}).`,
      };
    } else {
      const h = read.head;
      const at = db.prepare('SELECT hash FROM journal WHERE seq = ?').get(h.seq) as
        { hash: string } | undefined;
      const says = `the head file says seq ${h.seq} hash ${short(h.hash)}…`;
      if (h.seq > lastSeq) {
        headFile = { path: headPath, state: 'disagrees', seq: h.seq, hash: h.hash };
        const gone = h.seq === lastSeq + 1 ? `seq ${h.seq} was` : `seqs ${lastSeq + 1}–${h.seq} were`;
        headProblem = {
          seq: lastSeq + 1,
          kind: 'head-mismatch',
          message: `${says} but ${tableEnd}: ${gone} deleted.`,
        };
      } else if (!at || at.hash !== h.hash) {
        headFile = { path: headPath, state: 'disagrees', seq: h.seq, hash: h.hash };
        headProblem = {
          seq: h.seq,
          kind: 'head-mismatch',
          message: `${says} but the table's seq ${h.seq} ${at ? `has hash ${short(at.hash)}…` : 'is missing'} (the entries were rewritten).`,
        };
      } else if (h.seq < lastSeq) {
        headFile = { path: headPath, state: 'lags', seq: h.seq, hash: h.hash };
        notes.push(
          `The head file names seq ${h.seq}, ${lastSeq - h.seq} behind the table's end; that entry matches and the chain after it is checked above (a process stopped between recording an entry and updating the head file).`,
        );
      } else {
        headFile = { path: headPath, state: 'matches', seq: h.seq, hash: h.hash };
      }
    }
  }

  if (headProblem && headPath) {
    // Deleting or replacing the catalog (it is a cache) takes its journal along; the head file
    // then rightly disagrees, and keeps doing so until someone who knows why accepts it.
    notes.push(
      `If the catalog was deliberately replaced or deleted, move ${headPath} aside after checking; the next journal entry starts a new head file.`,
    );
  }

  // The first problem by sequence number; one that names no entry comes last.
  const problems = [problem, headProblem].filter((p): p is Problem => p !== undefined);
  problems.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity));
  const broken = problems[0];
  return {
    ok: !broken,
    checked,
    lastSeq,
    headHash,
    headFile,
    ...(broken ? { broken } : {}),
    notes,
    verifiedAt: now.toISOString(),
  };
}
