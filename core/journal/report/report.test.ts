import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat, type Lifeboat } from '../../api/lifeboat';
import { buildReport, reportFilename } from './build';
import { collectReport } from './collect';
import { formatSpan, formatTime } from './format';
import { protectionOf, worstProtection } from '../../points/protection';
import { longestGap } from './freshness';
import { escapeHtml, html } from './html';
import { findChromium } from './pdf';
import type { ReportData } from './report-data';
import { renderReportHtml } from './render';
import { hostile, seedReportSample } from './sample-estate';

const hour = 3_600_000;

describe('freshness rules', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const ago = (h: number) => new Date(now.getTime() - h * hour).toISOString();

  it('is fresh up to the RPO, stale past it, none without a point', () => {
    expect(protectionOf(undefined, 86_400, now)).toBe('none');
    expect(protectionOf(ago(23), 86_400, now)).toBe('fresh');
    expect(protectionOf(ago(24), 86_400, now)).toBe('fresh');
    expect(protectionOf(ago(24.01), 86_400, now)).toBe('stale');
    // A point "from the future" (a skewed clock) is not older than anything.
    expect(protectionOf(ago(-2), 60, now)).toBe('fresh');
  });

  it('rates a system by its worst scope', () => {
    expect(worstProtection(['fresh', 'fresh'])).toBe('fresh');
    expect(worstProtection(['fresh', 'stale'])).toBe('stale');
    expect(worstProtection(['stale', 'none', 'fresh'])).toBe('none');
    expect(worstProtection([])).toBe('none');
  });

  it('finds the longest stretch without a point, up to now', () => {
    expect(longestGap([], 3600, now)).toBeUndefined();
    expect(longestGap([ago(1), ago(2), ago(10), ago(11)], 4 * 3600, now)).toMatchObject({
      from: ago(10),
      to: ago(2),
      seconds: 8 * 3600,
      overRpo: true,
    });
    expect(longestGap([ago(30)], 86_400, now)).toMatchObject({ to: now.toISOString(), overRpo: true });
  });

  it('prints spans and times plainly', () => {
    expect(formatSpan(0)).toBe('0s');
    expect(formatSpan(59)).toBe('59s');
    expect(formatSpan(3 * 3600 + 120)).toBe('3h 2m');
    expect(formatSpan(86_400 + 2 * 3600 + 5)).toBe('1d 2h');
    expect(formatSpan(86_400 + 60)).toBe('1d');
    expect(formatTime('2026-11-26T03:04:05+02:00')).toBe('2026-11-26 01:04 UTC');
  });
});

describe('html', () => {
  it('escapes every interpolated value but its own output', () => {
    const name = `<script>alert('x')</script> & "q"`;
    expect(escapeHtml(name)).toBe('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;');
    const inner = html`<b>${name}</b>`;
    expect(html`<p title="${name}">${inner}${[name, 1, undefined, false]}</p>`.value).toBe(
      `<p title="${escapeHtml(name)}"><b>${escapeHtml(name)}</b>${escapeHtml(name)}1</p>`,
    );
  });
});

describe('evidence report', () => {
  let lb: Lifeboat;
  let now: Date;
  let data: ReportData;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-report-'));
    lb = createLifeboat({ dataDir: join(dir, 'data'), mode: 'cli', actor: 'auditor' });
    now = new Date();
    await seedReportSample(lb, join(dir, 'repo'), now);
    data = collectReport(lb.services, { now });
  });
  afterAll(() => lb?.close());

  it('rates every scope against its RPO and every system by its worst scope', () => {
    expect(data.systems.map((s) => [s.name, s.protection])).toEqual([
      ['billing-api', 'stale'],
      ['customer-db', 'none'],
      ['status-page', 'fresh'],
    ]);
    const [nginx, billing] = data.systems[0]!.scopes;
    expect(nginx).toMatchObject({ scope: 'server:web-1:/etc/nginx', protection: 'fresh', pointsInPeriod: 6 });
    expect(nginx!.newest).toMatchObject({ ageSeconds: 3 * 3600, evidence: 'verified' });
    // Safety points are not backups of the scope: they neither count nor refresh it.
    expect(nginx!.points.map((p) => Math.round(p.ageSeconds / 3600))).toEqual([3, 27, 51, 123, 147, 171]);
    expect(nginx!.longestGap).toMatchObject({ seconds: 72 * 3600, overRpo: true });
    expect(nginx!.points.map((p) => p.gapOverRpo)).toEqual([false, false, true, false, false, false]);
    expect(nginx!.points.map((p) => p.evidence)).toEqual([
      'verified',
      'checked',
      'unverified',
      'damaged',
      'unverified',
      'unverified',
    ]);
    expect(nginx!.points[5]!.gapSeconds).toBeUndefined();
    expect(billing).toMatchObject({ protection: 'stale', newest: { evidence: 'checked' } });
    expect(billing!.lastVerified).toBeUndefined();
    expect(data.systems[1]!.scopes[0]).toMatchObject({ protection: 'none', pointsInPeriod: 0, points: [] });
  });

  it('lists restores of the system with undo links and the measured time against the RTO', () => {
    const restores = data.systems[0]!.restores;
    const byId = new Map(restores.map((r) => [r.id, r]));
    expect(byId.get('r1a2b3c4d5e6')).toMatchObject({
      state: 'Succeeded',
      inPlace: true,
      withinRto: true,
      undoneBy: 'u9f8e7d6c5b4',
      counts: { done: 3, failed: 0, notDone: 0 },
    });
    expect(byId.get('r1a2b3c4d5e6')!.safetyPointShortId).toHaveLength(8);
    expect(byId.get('u9f8e7d6c5b4')).toMatchObject({ undoOf: 'r1a2b3c4d5e6' });
    // Alongside into a scope of no system: it still belongs to the system it came from.
    expect(byId.get('f0e1d2c3b4a5')).toMatchObject({
      state: 'Failed',
      inPlace: false,
      error: { message: hostile.error },
    });
    expect(byId.get('f0e1d2c3b4a5')!.withinRto).toBeUndefined();
    expect(data.systems[2]!.restores).toEqual([]);
    expect(data.systems.every((s) => s.drills.length === 0)).toBe(true);
    expect(data.journal).toMatchObject({ ok: true });
    expect(data.journal.checked).toBeGreaterThan(5);
  });

  it('narrows the lists to the period, not the protection', () => {
    const since = new Date(now.getTime() - 60 * hour).toISOString();
    const d = collectReport(lb.services, { now, since, system: 'billing-api' });
    expect(d.systems).toHaveLength(1);
    const [nginx, billing] = d.systems[0]!.scopes;
    expect(nginx!.pointsInPeriod).toBe(3);
    // The gap before the period's oldest point reaches back to the point before it.
    expect(nginx!.points[2]!.gapSeconds).toBe(72 * 3600);
    expect(nginx!.longestGap?.seconds).toBe(72 * 3600);
    expect(billing).toMatchObject({ protection: 'stale', pointsInPeriod: 1 });
    expect(() => collectReport(lb.services, { system: 'nothing-here' })).toThrow(/nothing-here/);
  });

  it('renders a self-contained page in which nothing from the catalog becomes markup', () => {
    const page = renderReportHtml(data);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(page).not.toMatch(/<script|<img|<a\s|<b>Not|<link|@import|url\(|https?:/i);
    expect(page).toContain(escapeHtml(hostile.owner));
    expect(page).toContain(escapeHtml(hostile.path));
    expect(page).toContain(escapeHtml(hostile.error));
    expect(page).toContain(escapeHtml(hostile.description));
    for (const words of [
      'Fresh',
      'Stale',
      'No restore point',
      'Damage found',
      'Partly checked',
      'over RPO',
    ]) {
      expect(page).toContain(words);
    }
    expect(page).toContain('No drills recorded. The objective is a drill every 30d.');
    expect(page).toContain('undone by');
    expect(page).toContain(data.journal.headHash);
    expect(page).toContain('Verified intact');
  });

  it('says when the journal is broken, and when there is nothing to report', () => {
    const broken: ReportData = {
      ...data,
      systems: [],
      journal: {
        ...data.journal,
        ok: false,
        broken: { seq: 7, kind: 'hash-mismatch', message: 'hash mismatch at seq 7: <edited>' },
      },
    };
    const page = renderReportHtml(broken);
    expect(page).toContain('The journal is broken at seq 7');
    expect(page).toContain('hash mismatch at seq 7: &lt;edited&gt;');
    expect(page).toContain('No systems are described in this catalog yet');
  });

  it('builds the HTML file through the contract, named for the system and the day', async () => {
    const file = await lb.call('report.build', { system: 'status-page', format: 'html' });
    expect(file).toMatchObject({
      format: 'html',
      contentType: 'text/html; charset=utf-8',
      filename: reportFilename('html', new Date(), 'status-page'),
    });
    expect(file.format === 'html' && file.text).toContain('Recovery evidence: status-page');
    await expect(
      buildReport(lb.services, { format: 'pdf' }, { chromium: '/nonexistent/chromium' }),
    ).rejects.toMatchObject({ code: 'report.pdf_unavailable' });
  });

  it('names the missing browser when there is none for a PDF', () => {
    expect(() => findChromium({ LIFEBOAT_CHROMIUM: '/nowhere/chrome' })).toThrow(
      /LIFEBOAT_CHROMIUM names \/nowhere\/chrome, which is not an executable file.*--out FILE\.html/,
    );
  });
});
