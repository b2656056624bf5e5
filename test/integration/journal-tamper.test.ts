// Tampering with the journal behind Lifeboat's back: someone with the catalog file drops the
// triggers that refuse updates and deletes, then edits an entry, deletes one in the middle, or
// deletes the last one (which leaves a valid chain). The built `lifeboat journal verify` must
// exit 1 naming the first broken seq in each case, and pass the untouched journal.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat } from '../../core/api/lifeboat';

const bin = join(process.cwd(), 'out/cli/lifeboat.js');

function lifeboat(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFEBOAT_HOME: '' },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Report {
  ok: boolean;
  checked: number;
  lastSeq: number;
  headHash: string;
  broken?: { seq?: number; kind: string; message: string };
}

describe('journal tampering, through the built CLI', () => {
  let original: string;
  let entries: number;

  beforeAll(async () => {
    original = mkdtempSync(join(tmpdir(), 'lifeboat-tamper-'));
    const lb = createLifeboat({ dataDir: original, mode: 'cli', actor: 'tamper-test' });
    // Real entries from real actions, and a few more.
    await lb.call('repo.add', { name: 'usb', location: { kind: 'local', path: join(original, 'repo') } });
    for (let i = 1; i <= 6; i++) {
      lb.services.journal.append({
        actor: 'tamper-test',
        action: 'test.step',
        subject: `step-${i}`,
        details: { i, note: 'an ordinary entry' },
      });
    }
    entries = lb.services.journal.list({ limit: 1000 }).length;
    await lb.close();
  });

  /** A copy of the data directory, tampered with directly in SQLite. */
  function tampered(sql: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-tampered-'));
    cpSync(original, dir, { recursive: true });
    const db = new Database(join(dir, 'catalog.sqlite'));
    db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
    db.exec(sql);
    db.close();
    return dir;
  }

  function verify(dir: string) {
    const human = lifeboat(['--data-dir', dir, 'journal', 'verify']);
    const json = lifeboat(['--data-dir', dir, '--json', 'journal', 'verify']);
    expect(json.code).toBe(human.code);
    return { ...human, report: JSON.parse(json.out) as Report };
  }

  it('passes the untouched journal', () => {
    const r = verify(original);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Journal intact: ${entries} entries checked, seq 1–${entries}.`);
    expect(r.report).toMatchObject({ ok: true, checked: entries, lastSeq: entries });
    expect(r.out).toContain(`Head hash: ${r.report.headHash}`);
  });

  it('lists entries newest first, as a table or JSON', () => {
    const r = lifeboat(['--data-dir', original, 'journal', '--limit', '3']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^SEQ\s+TIME \(UTC\)\s+ACTOR\s+ACTION\s+SUBJECT\s+DETAILS$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${entries}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+tamper-test\\s+test.step\\s+step-6\\s+i=6 note=an ordinary entry$`,
      ),
    );
    const json = lifeboat(['--data-dir', original, '--json', 'journal']);
    const listed = JSON.parse(json.out) as { entries: { seq: number }[] };
    expect(listed.entries.map((e) => e.seq)).toEqual(Array.from({ length: entries }, (_, i) => entries - i));
    expect(lifeboat(['--data-dir', original, 'journal', '--limit', '5000'])).toMatchObject({ code: 2 });
  });

  it('names an edited entry', () => {
    const dir = tampered(
      `UPDATE journal SET details_json = '{"i":3,"note":"nothing happened"}' WHERE seq = 4`,
    );
    const r = verify(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Journal BROKEN at seq 4: hash mismatch at seq 4');
    expect(r.err).toContain('error: the journal is broken at seq 4 [journal.broken]');
    expect(r.report).toMatchObject({ ok: false, broken: { seq: 4, kind: 'hash-mismatch' } });
  });

  it('names an entry deleted in the middle', () => {
    const r = verify(tampered('DELETE FROM journal WHERE seq = 3'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('Journal BROKEN at seq 3: gap between seq 2 and seq 4: seq 3 is missing');
    expect(r.report).toMatchObject({ ok: false, checked: entries - 1, broken: { seq: 3, kind: 'gap' } });
  });

  it('names the last entry deleted, which the chain alone cannot show', () => {
    const r = verify(tampered(`DELETE FROM journal WHERE seq = ${entries}`));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Journal BROKEN at seq ${entries}: the head file says seq ${entries} hash`);
    expect(r.out).toContain(`but the table ends at seq ${entries - 1}`);
    expect(r.report).toMatchObject({
      ok: false,
      lastSeq: entries - 1,
      broken: { seq: entries, kind: 'head-mismatch' },
    });
  });
});
