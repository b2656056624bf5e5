// `lifeboat journal [--limit N]` (newest first) and `lifeboat journal verify`, which exits 1
// when any entry was edited or deleted — including the last ones — naming the first broken one.
import { type Command, InvalidArgumentError } from 'commander';
import type { JournalEntry, JournalVerifyReport } from '../../api/contract';
import type { CliContext } from '../context';
import { table } from '../table';
import { parsePositive } from './jobs';

/** Journal text comes from the catalog: control characters would drive the terminal. */
const printable = (text: string) =>
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export function journalTable(entries: JournalEntry[]): string {
  return table(
    ['SEQ', 'TIME (UTC)', 'ACTOR', 'ACTION', 'SUBJECT', 'DETAILS'],
    entries.map((e) => [
      String(e.seq),
      e.at.replace('T', ' ').slice(0, 19),
      printable(clip(e.actor, 16)),
      printable(clip(e.action, 28)),
      printable(clip(e.subject, 36)),
      printable(clip(detailsText(e.details), 60)),
    ]),
  );
}

export function verifyText(r: JournalVerifyReport): string {
  const entries = `${r.checked} ${r.checked === 1 ? 'entry' : 'entries'} checked`;
  const head = r.headFile.path ? `${r.headFile.path} (${r.headFile.state})` : r.headFile.state;
  const lines = r.ok
    ? [`Journal intact: ${entries}${r.lastSeq ? `, seq 1–${r.lastSeq}` : ''}.`]
    : [
        `Journal BROKEN${r.broken?.seq !== undefined ? ` at seq ${r.broken.seq}` : ''}: ${printable(r.broken?.message ?? '')}`,
        `${entries}.`,
      ];
  lines.push(`Head hash: ${r.headHash}`, `Head file: ${printable(head)}`, ...r.notes.map(printable));
  return lines.join('\n');
}

function parseLimit(v: string): number {
  const n = parsePositive(v, '--limit');
  if (n > 1000) throw new InvalidArgumentError(`--limit can be at most 1000, got ${n}.`);
  return n;
}

export function registerJournal(program: Command, ctx: () => CliContext): void {
  const journal = program
    .command('journal')
    .description('the append-only, hash-chained record of everything Lifeboat did (newest first)')
    .option('--limit <n>', 'at most this many entries (up to 1000)', parseLimit, 50)
    .action(async (o: { limit: number }) => {
      const c = ctx();
      const r = await c.open().call('journal.list', { limit: o.limit });
      c.print(r, () => (r.entries.length === 0 ? 'The journal is empty.' : journalTable(r.entries)));
    });
  journal
    .command('verify')
    .description('re-check every entry and the head file; exit 1 when anything was edited or deleted')
    .action(async () => {
      const c = ctx();
      const report = await c.open().call('journal.verify', {});
      c.print(report, () => verifyText(report));
      if (!report.ok) {
        c.io.err(
          `error: the journal is broken${report.broken?.seq !== undefined ? ` at seq ${report.broken.seq}` : ''} [journal.broken]`,
        );
        c.exitCode = 1;
      }
    });
}
