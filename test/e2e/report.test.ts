// The evidence report in a real browser: a sample estate (fresh, stale and missing points,
// verifications, restores with an undo and a failure, hostile names) reported by the built
// `lifeboat report`, opened from the file in Chromium. The page must fetch nothing, run nothing
// and raise no errors (its policy forbids all three), read well on screen and in print.
// Results: test-results/report-sample.html, report-sample.png (screen), report-sample-print.png
// (print media).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifeboat } from '../../core/api/lifeboat';
import { hostile, seedReportSample } from '../../core/journal/report/sample-estate';
import { launchChromium, newConsolePage } from './browser';

const shots = 'test-results';
const bin = join(process.cwd(), 'out/cli/lifeboat.js');

describe('evidence report in Chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-report-'));
    const dataDir = join(dir, 'data');
    const lb = createLifeboat({ dataDir, mode: 'cli', actor: 'e2e' });
    await seedReportSample(lb, join(dir, 'repo'), new Date());
    await lb.close();
    // Kept beside the screenshots, to open by hand.
    file = join(process.cwd(), shots, 'report-sample.html');
    const r = spawnSync(process.execPath, [bin, '--data-dir', dataDir, 'report', '--out', file], {
      encoding: 'utf8',
      env: { ...process.env, LIFEBOAT_HOME: '' },
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from the file with no request, script or error, and shows every status in words', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.title()).toMatch(/^Lifeboat evidence report \(\d{4}-\d{2}-\d{2}\)$/);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('script, img, link, iframe, a').count()).toBe(0);
    // Hostile names are text, not markup.
    await expect.poll(() => page.getByText(hostile.owner).first().isVisible()).toBe(true);
    expect(await page.locator('body').innerText()).toContain(hostile.error);

    const overview = page.locator('table').first();
    for (const [system, status] of [
      ['billing-api', 'Stale'],
      ['customer-db', 'No restore point'],
      ['status-page', 'Fresh'],
    ]) {
      await expect.poll(() => overview.locator('tr', { hasText: system! }).innerText()).toContain(status!);
    }
    expect(await page.locator('section.journal').innerText()).toContain('Verified intact');
    expect(await page.getByText('No drills recorded').count()).toBe(3);

    await page.screenshot({ path: `${shots}/report-sample.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${shots}/report-sample-print.png`, fullPage: true });
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});
