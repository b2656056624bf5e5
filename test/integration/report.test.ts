// The evidence report through the built CLI: HTML and PDF files from a sample estate (see
// core/journal/report/sample-estate.ts), the period and system filters, and the errors a person
// can act on. The PDF is printed by Debian's Chromium; without it (outside CI) that part is
// skipped with the reason, and in CI it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat } from '../../core/api/lifeboat';
import { hostile, seedReportSample } from '../../core/journal/report/sample-estate';

const bin = join(process.cwd(), 'out/cli/lifeboat.js');
const chromium = '/usr/bin/chromium';
const noChromium = !existsSync(chromium) && !process.env.CI;

function lifeboat(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFEBOAT_HOME: '', ...env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lifeboat report', () => {
  let dataDir: string;
  let out: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-report-cli-'));
    dataDir = join(dir, 'data');
    out = join(dir, 'out');
    const lb = createLifeboat({ dataDir, mode: 'cli', actor: 'report-test' });
    await seedReportSample(lb, join(dir, 'repo'), new Date());
    await lb.close();
  });

  it('writes a self-contained HTML report of every system', () => {
    const file = `${out}-all.html`;
    const r = lifeboat(['--data-dir', dataDir, 'report', '--out', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Wrote .*-all\.html \(HTML, [\d.]+ KiB\)\.\n$/);
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    for (const name of ['billing-api', 'customer-db', 'status-page']) expect(page).toContain(`>${name}<`);
    expect(page).not.toMatch(/<script|<img|https?:/);
    expect(page).toContain('&lt;script&gt;alert(&quot;owner&quot;)');
    expect(page).toContain('No drills recorded');
    expect(page).toContain('Verified intact');
  });

  it('narrows to one system and a period, and says so', () => {
    const file = `${out}-billing.html`;
    const r = lifeboat([
      '--data-dir',
      dataDir,
      '--json',
      'report',
      '--system',
      'billing-api',
      '--since',
      '60h',
      '--out',
      file,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ file, format: 'html' });
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('Recovery evidence: billing-api');
    expect(page).not.toContain(escape(hostile.owner));
    expect(words(page)).toMatch(/Period \d{4}-\d\d-\d\d \d\d:\d\d UTC – \d{4}/);
    const dated = lifeboat([
      '--data-dir',
      dataDir,
      'report',
      '--since',
      '2020-01-31',
      '--out',
      `${out}-dated.html`,
    ]);
    expect(dated.code, dated.err).toBe(0);
    expect(words(readFileSync(`${out}-dated.html`, 'utf8'))).toContain('Period 2020-01-31 00:00 UTC – ');
  });

  it('refuses what it cannot do, naming what is wrong', () => {
    const ext = lifeboat(['--data-dir', dataDir, 'report', '--out', `${out}.docx`]);
    expect(ext.code).toBe(2);
    expect(ext.err).toContain('--out must end in .html or .pdf');
    const missing = lifeboat(['--data-dir', dataDir, 'report']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--out <file>'");
    const since = lifeboat([
      '--data-dir',
      dataDir,
      'report',
      '--since',
      'last tuesday',
      '--out',
      `${out}.html`,
    ]);
    expect(since.code).toBe(2);
    expect(since.err).toContain('--since takes a date');
    const system = lifeboat(['--data-dir', dataDir, 'report', '--system', 'no-such', '--out', `${out}.html`]);
    expect(system.code).toBe(1);
    expect(system.err).toMatch(/no-such.*\[estate\.not_found\]/);
    const browser = lifeboat(['--data-dir', dataDir, 'report', '--out', `${out}.pdf`], {
      LIFEBOAT_CHROMIUM: '/nowhere/chromium',
    });
    expect(browser.code).toBe(1);
    expect(browser.err).toContain('LIFEBOAT_CHROMIUM names /nowhere/chromium');
    expect(browser.err).toContain('[report.pdf_unavailable]');
    expect(existsSync(`${out}.pdf`)).toBe(false);
  });

  it("lifeboat status: each scope's newest backup against the RPO, and what verification found", () => {
    const r = lifeboat(['--data-dir', dataDir, 'status']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SYSTEM\s+SCOPE\s+STATUS\s+NEWEST BACKUP \(UTC\)\s+AGE \/ RPO\s+EVIDENCE$/);
    const row = (scope: string) => lines.find((l) => l.includes(scope)) ?? '';
    expect(row('/etc/nginx')).toMatch(
      /^billing-api\s+server:web-1:\/etc\/nginx\s+ok\s+[0-9a-f]{8} \d{4}-\d\d-\d\d \d\d:\d\d\s+3h \/ 1d\s+verified$/,
    );
    // The second scope of the same system: no repeated name, its own state.
    expect(row('/srv/billing')).toMatch(
      /^\s+server:web-1:\/srv\/billing\s+RPO EXCEEDED\s+\S+ \S+ \S+\s+2d 2h \/ 1d\s+checked \(not a full read\)$/,
    );
    expect(row('/var/lib')).toMatch(/^customer-db\s+.*NOT PROTECTED\s+none\s+- \/ 1h$/);
    expect(lines.at(-1)).toBe('3 systems: 1 protected, 1 past its RPO, 1 not protected.');

    const json = lifeboat(['--data-dir', dataDir, '--json', 'status']);
    expect(json.code, json.err).toBe(0);
    const data = JSON.parse(json.out) as { at: string; systems: { system: string; protection: string }[] };
    expect(data.systems.map((s) => [s.system, s.protection])).toEqual([
      ['billing-api', 'stale'],
      ['customer-db', 'none'],
      ['status-page', 'fresh'],
    ]);
  });

  it.skipIf(noChromium)('prints the same report to a PDF with Chromium', () => {
    const file = `${out}-all.pdf`;
    const r = lifeboat(['--data-dir', dataDir, 'report', '--out', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\(PDF, [\d.]+ KiB\)/);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    const pages = text.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(new RegExp(`/Count ${pages}\\b`));
    expect(text).toContain('/Title (Lifeboat evidence report');
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  });
});

/** The page's text as a reader sees it: no tags, spaces collapsed. */
function words(page: string): string {
  return page.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
