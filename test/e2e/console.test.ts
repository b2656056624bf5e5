// The console in a real browser against the real `lifeboat serve`: token handling, every page by
// keyboard and by mouse, the shortcuts help, themes, real jobs and journal entries, and no console
// errors, page errors or failed requests anywhere. Screenshots land in test-results/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newConsolePage } from './browser';
import { seedJobs, type Seeded } from './seed';
import { startServe, type ServeProcess } from './serve-process';

const pages = [
  { id: 'dashboard', heading: 'Dashboard', keys: ['g', 'd'], alt: 'Alt+1' },
  { id: 'systems', heading: 'Systems', keys: ['g', 's'], alt: 'Alt+2' },
  { id: 'points', heading: 'Restore points', keys: ['g', 'p'], alt: 'Alt+3' },
  { id: 'recover', heading: 'Recover', keys: ['g', 'r'], alt: 'Alt+4' },
  { id: 'drills', heading: 'Drills', keys: ['g', 'i'], alt: 'Alt+5' },
  { id: 'journal', heading: 'Journal', keys: ['g', 'j'], alt: 'Alt+6' },
  { id: 'settings', heading: 'Settings', keys: ['g', ','], alt: 'Alt+7' },
] as const;

const shots = 'test-results';
const tokenMessage = 'This console needs the link printed by lifeboat serve (it carries a one-time token).';

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
  expect(await page.locator('h1').allInnerTexts()).toEqual([text]);
}

async function openConsole(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expectHeading(page, 'Dashboard');
  await page.locator('[data-connection="connected"]').waitFor();
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  // The radio itself is visually hidden inside Mantine's SegmentedControl; its label is the target.
  await page
    .getByRole('banner')
    .locator('label', { hasText: theme === 'light' ? 'Light' : 'Dark' })
    .click();
  await page.locator(`html[data-mantine-color-scheme="${theme}"]`).waitFor({ state: 'attached' });
  await page.mouse.move(640, 700); // no hover state left on the toggle in screenshots
  await page.waitForTimeout(250); // the toggle's indicator settles (measured after layout)
}

describe('console from lifeboat serve, fresh data directory', () => {
  let dataDir: string;
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-'));
    serve = await startServe(dataDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens with the token, takes it out of the address bar, and shows what this Lifeboat is', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    expect(page.url()).toBe(`${serve.origin}/#/dashboard`);
    expect(page.url()).not.toContain('token');
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByText('Served to a browser (lifeboat serve)').waitFor();
    await page.getByText(dataDir, { exact: true }).waitFor();
    await page.getByText('No jobs yet. Backups, verifications and restores appear here.').waitFor();
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('reaches every page by its "g" shortcut and by Alt+digit', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    for (const p of [...pages].reverse()) {
      for (const key of p.keys) await page.keyboard.press(key);
      await expectHeading(page, p.heading);
      expect(page.url()).toBe(`${serve.origin}/#/${p.id}`);
    }
    for (const p of pages) {
      await page.keyboard.press(p.alt);
      await expectHeading(page, p.heading);
    }
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('reaches every page by clicking the navigation, and by Tab and Enter', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const p of [...pages].reverse()) {
      await nav.getByRole('link', { name: p.heading }).click();
      await expectHeading(page, p.heading);
      expect(await nav.locator('[aria-current="page"]').getAttribute('data-page')).toBe(p.id);
    }

    // Keyboard only: every nav link is a Tab stop with a visible focus ring; Enter follows it.
    await page.goto(`${serve.origin}/#/dashboard`);
    await expectHeading(page, 'Dashboard');
    const reached = new Set<string>();
    for (let i = 0; i < 30 && reached.size < pages.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          page: el?.getAttribute('data-page') ?? null,
          outline: el ? getComputedStyle(el).outlineStyle : 'none',
        };
      });
      if (focused.page) {
        reached.add(focused.page);
        expect(focused.outline, `focus ring on ${focused.page}`).not.toBe('none');
      }
      if (focused.page === 'drills') {
        await page.keyboard.press('Enter');
        await expectHeading(page, 'Drills');
        break;
      }
    }
    expect([...reached]).toEqual(['dashboard', 'systems', 'points', 'recover', 'drills']);
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('shows the keyboard shortcuts with "?" and closes them with Escape', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const p of pages) await dialog.getByRole('cell', { name: p.heading, exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/console-shortcuts-light.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('says plainly what is empty, with no made-up rows', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    // Drills: no system yet, so nothing to drill — said, not shown as an empty table.
    for (const p of pages.filter((x) => x.id === 'drills')) {
      for (const key of p.keys) await page.keyboard.press(key);
      await expectHeading(page, p.heading);
      await page.getByTestId('drills-empty').waitFor();
      expect(await page.locator('main table').count()).toBe(0);
    }
    // Restore points exist now: none yet, with what one is and the next step.
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.getByTestId('points-empty').waitFor();
    expect(await page.locator('main table').count()).toBe(0);
    // Systems exist now: a fresh data directory has none, and says what a system is.
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.getByTestId('systems-empty').waitFor();
    expect(await page.locator('main table').count()).toBe(0);
    await page.keyboard.press('g');
    await page.keyboard.press(',');
    await page.getByRole('heading', { level: 2, name: 'Vault' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('j');
    await page.getByText('The journal is empty.', { exact: false }).waitFor();
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('screenshots every page in light and dark, and keeps theme and token across a reload', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      for (const p of pages) {
        for (const key of p.keys) await page.keyboard.press(key);
        await expectHeading(page, p.heading);
        await page.screenshot({ path: `${shots}/console-${p.id}-${theme}.png` });
      }
    }
    await page.reload();
    await expectHeading(page, 'Settings');
    expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.locator('[data-connection="connected"]').waitFor();
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('without the token explains how to get the link, and calls nothing', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(r.url());
    });
    await page.goto(`${serve.origin}/`);
    const message = page.getByTestId('token-page');
    await message.waitFor();
    expect((await message.innerText()).replace(/\s+/g, ' ')).toContain(tokenMessage);
    await page.screenshot({ path: `${shots}/console-no-token-light.png` });
    expect(apiCalls).toEqual([]);
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('with a token serve refuses says the link is no longer valid', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    problems.allow(/\b401\b/); // provoked on purpose: the refused calls themselves
    await page.goto(`${serve.origin}/#token=not-the-token`);
    await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => sessionStorage.getItem('lifeboat.serve-token'))).toBeNull();
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});

describe('console from lifeboat serve, with real jobs', () => {
  let dataDir: string;
  let seeded: Seeded;
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-jobs-'));
    seeded = await seedJobs(dataDir);
    serve = await startServe(dataDir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await seeded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the jobs with state in words, progress, errors and failures', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    const jobs = page.getByRole('region', { name: 'Jobs' });
    const row = (state: string) => jobs.locator(`tr[data-job-state="${state}"]`);

    await row('Running').getByText(seeded.runningTitle).waitFor();
    await row('Running').getByText('Running', { exact: true }).waitFor();
    await row('Running').getByText('30 of 100 items').waitFor();
    await row('Running')
      .getByRole('button', { name: `Cancel ${seeded.runningTitle}` })
      .waitFor();

    await row('Succeeded').getByText('Back up web-1:/etc/nginx').waitFor();
    await row('Succeeded').getByText('42 of 42 items').waitFor();
    await row('Succeeded').getByText('6 MiB of 6 MiB').waitFor();
    expect(await row('Succeeded').getByRole('button').count()).toBe(0);

    await row('PartiallyFailed').getByText('Partially failed', { exact: true }).waitFor();
    await row('PartiallyFailed').getByText('1 item failed: pack 7f3a — hash mismatch').waitFor();

    await row('Failed').getByText('Failed', { exact: true }).waitFor();
    await row('Failed').getByText('web-2 did not answer on port 22. (ssh.unreachable)').waitFor();

    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.screenshot({ path: `${shots}/console-dashboard-jobs-${theme}.png`, fullPage: true });
    }
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('asks before cancelling, and shows the core’s answer inline with its code', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    // The job runs in the test process, not in serve: the core refuses — an answer, not an HTTP error.
    await openConsole(page, serve.url);
    await page.getByRole('button', { name: `Cancel ${seeded.runningTitle}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep running' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: `Cancel ${seeded.runningTitle}` }).click();
    await dialog.getByRole('button', { name: 'Cancel job' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not cancel the job' });
    await alert.waitFor();
    await alert.getByText('jobs.not_owned').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${shots}/console-cancel-refused-light.png` });
    expect(problems.list()).toEqual([]);
    await context.close();
  });

  it('shows the journal newest first with the head of the chain', async () => {
    const { context, page, problems } = await newConsolePage(browser);
    await openConsole(page, serve.url);
    await page.keyboard.press('g');
    await page.keyboard.press('j');
    await expectHeading(page, 'Journal');
    const table = page.getByRole('region', { name: 'Journal entries' });
    await table.locator('tbody tr').first().waitFor();
    const seqs = (await table.locator('tbody tr td:first-child').allInnerTexts()).map(Number);
    expect(seqs.length).toBeGreaterThanOrEqual(3);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    await table.getByText('job.failed').waitFor();
    // The subject in words (the job's title), its id short beside it.
    const failed = table.locator('tr', { hasText: 'job.failed' });
    await failed.getByText('Restore web-2:/var/www').waitFor();
    expect(await failed.locator('td').last().innerText()).toMatch(/^Restore web-2:\/var\/www\s+[0-9a-f]{8}$/);
    const head = await page.getByTestId('journal-head').innerText();
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(head).not.toBe('0'.repeat(64));
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.screenshot({ path: `${shots}/console-journal-entries-${theme}.png` });
    }
    expect(problems.list()).toEqual([]);
    await context.close();
  });
});
