// `lifeboat report --out FILE.html|FILE.pdf [--system S] [--since DATE|30d]`: the evidence report
// (report.build), written beside its target and renamed into place.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { LifeboatError } from '../../api/errors';
import { parseDuration } from '../../estate/duration';
import type { CliContext } from '../context';
import { rfc3339, timeExample } from '../rfc3339';
import { formatBytes } from '../table';
import { UsageError } from '../usage-error';

const formats: Record<string, 'html' | 'pdf'> = { '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

export function formatOf(file: string): 'html' | 'pdf' {
  const format = formats[extname(file).toLowerCase()];
  if (!format) {
    throw new UsageError(`--out must end in .html or .pdf (the format follows the name), not "${file}".`);
  }
  return format;
}

/** An RFC 3339 time (with its zone), a date (midnight UTC), or a span back from now: 30d, 2w, 24h. */
export function parseSince(text: string, now = new Date()): string {
  if (/^(\d+[smhdw])+$/.test(text)) {
    try {
      return new Date(now.getTime() - parseDuration(text, '--since') * 1000).toISOString();
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  const r = rfc3339(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if ('iso' in r) return r.iso;
  throw new UsageError(
    `--since takes a date (2026-01-31), an RFC 3339 time (${timeExample}) or a span (30d), not "${text}": ${r.problem}.`,
  );
}

function writeAtomically(path: string, content: Buffer | string): void {
  const tmp = `${resolve(path)}.lifeboat-tmp-${process.pid}`;
  try {
    writeFileSync(tmp, content, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LifeboatError('cli.file_unwritable', `Cannot write ${path}: ${(e as Error).message}`);
  }
}

export function registerReport(program: Command, ctx: () => CliContext): void {
  program
    .command('report')
    .description(
      'an evidence report of systems: protection against RPO, points, verifications, restores, drills, journal',
    )
    .requiredOption('--out <file>', 'where to write it: FILE.html, or FILE.pdf (printed by Chromium)')
    .option('--system <name>', 'only this system (default: every system)')
    .option('--since <when>', 'the period: a date, a time, or a span back from now (30d)')
    .action(async (o: { out: string; system?: string; since?: string }) => {
      const c = ctx();
      const format = formatOf(o.out);
      const since = o.since === undefined ? undefined : parseSince(o.since);
      const file = await c.open().call('report.build', {
        format,
        ...(o.system ? { system: o.system } : {}),
        ...(since ? { since } : {}),
      });
      const bytes =
        file.format === 'pdf' ? Buffer.from(file.base64, 'base64') : Buffer.from(file.text, 'utf8');
      writeAtomically(o.out, bytes);
      c.print(
        { file: o.out, format, bytes: bytes.length },
        () => `Wrote ${o.out} (${format.toUpperCase()}, ${formatBytes(bytes.length)}).`,
      );
    });
}
