// The evidence report in a real browser: a sample estate (fresh, stale and missing points,
// verifications, restores with an undo and a failure, hostile names) reported by the built
// `lifeboat report`, opened from the file in Chromium. The page must fetch nothing, run nothing
// and raise no errors (its policy forbids all three), read well on screen and in print.
// Results: test-results/report-sample.html, report-sample.png (screen), report-sample-print.png
// (print media). The same estate in the console: the Dashboard's protection of each system
// (dashboard-protection-{light,dark}.png) and the Systems page by the same rules.
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
import { startServe, type ServeProcess } from './serve-process';

const shots = 'test-results';
const bin = join(process.cwd(), 'out/cli/lifeboat.js');

describe('evidence report in Chromium', () => {
  let browser: Browser;
  let file: string;
  let dataDir: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-report-'));
    dataDir = join(dir, 'data');
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

  describe('the same estate in the console', () => {
    let serve: ServeProcess;
    beforeAll(async () => {
      serve = await startServe(dataDir);
    });
    afterAll(async () => {
      await serve?.stop();
    });

    it('the Dashboard says which systems are protected, worst first, with each scope in words', async () => {
      const { context, page, problems } = await newConsolePage(browser);
      await page.goto(serve.url);
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      const panel = page.getByRole('region', { name: 'Protection' });
      await panel.getByTestId('protection-summary').getByText('1 of 3 systems protected').waitFor();
      const rows = panel.locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(3);
      // Not protected first, then past the RPO, then protected; the state in words and as data.
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-protection')))).toEqual([
        'none',
        'stale',
        'fresh',
      ]);
      const row = (system: string) => panel.locator('tr', { hasText: system });
      await row('customer-db').getByText('No restore point yet: not protected').waitFor();
      await row('customer-db').getByText('no restore point', { exact: true }).waitFor();
      await row('billing-api').getByText('/srv/billing: 2 days ago · RPO 1d exceeded').waitFor();
      const nginx = row('billing-api').locator('[data-scope="server:web-1:/etc/nginx"]');
      expect(await nginx.getAttribute('data-protection')).toBe('fresh');
      await nginx.getByText('verified', { exact: true }).waitFor();
      await row('billing-api')
        .locator('[data-scope="server:web-1:/srv/billing"]')
        .getByText('checked, not fully read')
        .waitFor();
      await row('status-page')
        .getByText('Protected')
        .or(row('status-page').getByText('· RPO 7d'))
        .first()
        .waitFor();
      // Its drills: billing-api must be drilled every 30 days and never was.
      await row('billing-api')
        .locator('[data-drill-overdue="true"]')
        .getByText('Overdue: never drilled')
        .waitFor();
      await row('customer-db').locator('[data-drill-overdue="false"]').getByText('Never drilled').waitFor();
      for (const system of ['customer-db', 'billing-api', 'status-page'])
        await row(system)
          .getByRole('button', { name: `Back up ${system} now` })
          .waitFor();

      await page.screenshot({ path: `${shots}/dashboard-protection-light.png`, fullPage: true });
      await page.getByRole('banner').locator('label', { hasText: 'Dark' }).click();
      await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
      await page.mouse.move(640, 700);
      await page.waitForTimeout(250);
      await page.screenshot({ path: `${shots}/dashboard-protection-dark.png`, fullPage: true });

      // A link to the newest point opens it on the points page.
      await nginx.getByRole('button', { name: /Open the newest restore point/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Restore points' }).waitFor();

      // The Systems page says the same, by the same rules.
      await page.keyboard.press('g');
      await page.keyboard.press('s');
      await page.getByRole('heading', { level: 1, name: 'Systems' }).waitFor();
      const systems = page.locator('section', { hasText: 'All systems' });
      await systems.locator('tr', { hasText: 'billing-api' }).locator('[data-protection="stale"]').waitFor();
      await systems.locator('tr', { hasText: 'customer-db' }).locator('[data-protection="none"]').waitFor();
      await systems.locator('tr', { hasText: 'status-page' }).locator('[data-protection="fresh"]').waitFor();
      expect(problems.list()).toEqual([]);
      await context.close();
    });
  });
});
