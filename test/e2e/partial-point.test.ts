// A partial restore point in the console: backups (made by the core, as a plain account on the
// real sshd) could not read a root-only file; the Restore points page marks the points "Partial"
// (icon and word, in the list and the details) and a point's details list what is not in it and
// why. There are 90 of them, so the list renders only the rows in view.
// Screenshots: test-results/points-10-partial-{light,dark}.png, points-11-many-light.png.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { JobView } from '../../core/api/contract';
import { requireService } from '../harness/services';
import { ensurePasswordUser } from '../harness/sshd';
import { launchChromium, newConsolePage, type PageProblems } from './browser';
import { dialog, field } from './estate-steps';
import { pointsShot } from './points-steps';
import { startServe, type ServeProcess } from './serve-process';

const sshd = requireService(inject('services'), 'sshd');
/** Enough for the list to virtualize (from 80 rows). */
const points = 90;

describe.skipIf(sshd.skip)('a partial restore point in the console', () => {
  let work: string;
  let dir: string;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    const { createLifeboat } = await import('../../core/api/lifeboat');
    const { ok, seedApp } = await import('../integration/restore-seed');
    const account = await ensurePasswordUser('lifeboat-e2e-partial');
    work = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-partial-'));
    chmodSync(work, 0o755);
    dir = join(work, 'app');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'index.html'), '<h1>up</h1>\n', { mode: 0o644 });
    writeFileSync(join(dir, 'tls.key'), 'root only\n', { mode: 0o600 });
    const dataDir = join(work, 'data');
    const a = createLifeboat({ dataDir, mode: 'cli', actor: 'e2e' });
    try {
      await seedApp(a, sshd.get(), work, `server:web-1:${dir}`, { login: account, backup: false });
      for (let i = 0; i < points; i++) {
        const { jobs } = await ok<{ jobs: JobView[] }>(a, 'backup.start', { system: 'app' });
        const done = await a.jobs.wait(jobs[0]!.id);
        expect(done.state, `backup ${i}: ${JSON.stringify(done.error ?? done.failures)}`).toBe(
          'PartiallyFailed',
        );
      }
    } finally {
      await a.close();
      await account.lock();
    }
    serve = await startServe(dataDir);
    browser = await launchChromium();
    ({ context, page, problems } = await newConsolePage(browser));
    await page.goto(serve.url);
    await page.locator('[data-connection="connected"]').waitFor();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('marks the point Partial and lists what it lacks, with the reason', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    const row = page.getByRole('region', { name: 'Restore points' }).locator('tbody tr').first();
    const partial = '.lb-status[data-tone="warning"]';
    await row.locator(partial, { hasText: 'Partial' }).waitFor();
    await row.getByText('Not verified').waitFor();
    await row.getByRole('button', { name: /^Restore point [0-9a-f]{8} of / }).focus();
    await page.keyboard.press('Enter');
    // Listing its files needs the repository's key: the vault asks for its passphrase (seedApp's).
    const unlock = dialog(page, 'Unlock the vault');
    await field(unlock, 'Vault passphrase').fill('laptop vault passphrase');
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await unlock.waitFor({ state: 'hidden' });
    const details = page.getByRole('region', { name: /^Restore point [0-9a-f]{8}/ });
    await details.locator(partial, { hasText: 'Partial' }).first().waitFor();
    const missing = details.getByRole('region', { name: 'Not in this point' });
    await missing.getByText('The backup could not read 1 file or folder', { exact: false }).waitFor();
    const item = await missing.getByRole('listitem').innerText();
    expect(item).toContain(join(dir, 'tls.key'));
    expect(item).toContain('Permission denied');
    await pointsShot(page, '10-partial-light');
    // The console follows the system's scheme until told otherwise.
    await page.emulateMedia({ colorScheme: 'dark' });
    await pointsShot(page, '10-partial-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems.list()).toEqual([]);
  });

  it('lists 90 points by rendering only the rows in view, the oldest reached by scrolling', async () => {
    const region = page.getByRole('region', { name: 'Restore points', exact: true });
    const rows = region.locator('tbody tr[data-index]');
    await rows.first().waitFor();
    expect(await region.locator('table').getAttribute('aria-rowcount')).toBe(String(points + 1));
    expect(await rows.count()).toBeLessThan(40);
    expect(await region.locator(`tr[data-index="${points - 1}"]`).count()).toBe(0);
    await region.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await region.locator(`tr[data-index="${points - 1}"]`).waitFor();
    expect(await region.locator('tr[data-index="0"]').count()).toBe(0);
    expect(await rows.count()).toBeLessThan(40);
    await pointsShot(page, '11-many-light');
    expect(problems.list()).toEqual([]);
  });
});
