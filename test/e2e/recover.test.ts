// Recover in a real browser against the real `lifeboat serve` and the real sshd of the global
// setup (local, as root; the scope is a temp folder). Seeded: a server, a repository, a system
// and one backup. Then a file is corrupted on disk and, in the console, by keyboard where a
// person would use it: Recover → the scope → Plan (the vault asks for its passphrase) → the
// preview lists exactly that file as replace → confirm by typing the server's name → progress →
// Succeeded → the content is back on disk → Undo → its own preview → confirm → the corrupted
// content is back. Then a target that moves between preview and restore: nothing is written and
// "Plan again" is one key. Screenshots: test-results/recover-*.png (light; the preview in dark).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { recordApi, type ApiRecorder } from './api-recorder';
import { launchChromium, newConsolePage, type PageProblems } from './browser';
import { dialog, field, setTheme } from './estate-steps';
import {
  corrupt,
  focusedId,
  keys,
  leaveField,
  preview,
  recoverShot,
  seedEstate,
  typeToConfirm,
  type RecoverSeed,
} from './recover-steps';
import { startServe, type ServeProcess } from './serve-process';

const services = inject('services');
const sshd = requireService(services, 'sshd');

const passphrases = { vault: 'e2e vault passphrase 71ab', repository: 'repository passphrase 5c2d' };

describe.skipIf(sshd.skip)('recover: plan, preview, confirm, progress, result, undo', () => {
  let dataDir: string;
  let work: string;
  let seed: RecoverSeed;
  let broken: Buffer;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let api: ApiRecorder;

  const result = () => page.locator('section[data-step="result"]');
  const onDisk = () => readFileSync(seed.victim);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-recover-'));
    work = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-recover-files-'));
    seed = await seedEstate(dataDir, work, sshd.get(), passphrases);
    broken = corrupt(seed.victim, seed.original, 0);
    serve = await startServe(dataDir);
    browser = await launchChromium();
    ({ context, page, problems } = await newConsolePage(browser));
    api = recordApi(page);
    await page.goto(serve.url);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
  }, 120_000);

  // A failed step leaves a picture of what the console showed.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({
        path: `test-results/recover-failed-${ctx.task.name.slice(0, 40)}.png`,
        fullPage: true,
      });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opens Recover with the system, its owner and the point to choose from', async () => {
    await leaveField(page);
    await keys(page, 'g', 'r');
    await page.getByRole('heading', { level: 1, name: 'Recover' }).waitFor();
    await page.getByText('No restore has been carried out yet.', { exact: false }).waitFor();
    await field(page, 'Scope').selectOption(seed.scope);
    const owner = page.getByTestId('recover-system');
    await owner.getByText(`System ${seed.system}`).waitFor();
    await owner.getByText(`Owner: ${seed.team} · contact ${seed.contact}`).waitFor();
    await owner.getByText('High').waitFor();
    // The specific point offered for this scope says its trust in words.
    await page.getByRole('radio', { name: 'A specific restore point' }).check();
    const options = await field(page, 'Point').locator('option').allInnerTexts();
    expect(options).toHaveLength(2);
    expect(options[1]).toMatch(/^[0-9a-f]{8} · .* · not verified$/);
    await page.getByRole('radio', { name: /newest usable point before/ }).check();
    await recoverShot(page, '01-what-light');
  });

  it('plans by keyboard (the vault asks first) and previews exactly the broken file', async () => {
    await leaveField(page);
    await keys(page, 'p');
    const unlock = dialog(page, 'Unlock the vault');
    await field(unlock, 'Vault passphrase').fill(passphrases.vault);
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await unlock.waitFor({ state: 'hidden' });

    await preview(page).waitFor({ timeout: 60_000 });
    expect(await preview(page).getAttribute('data-empty')).toBe('false');
    const rows = page.locator('section[data-step="preview"] tbody tr[data-change]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-change')).toBe('replace');
    expect(await rows.first().getAttribute('data-path')).toBe(seed.victim);
    expect(await rows.first().getAttribute('data-changed-since')).toBe('true');
    expect(await page.locator('[data-part="create"], [data-part="delete"]').count()).toBe(0);
    const top = page.locator('section[data-step="preview"]');
    await top.locator('[data-destination="in-place"]').first().waitFor();
    await top.getByText('newest point before', { exact: false }).waitFor();
    for (const note of ['Data loss', 'Safety point', 'Estimate'])
      await top.locator(`[data-note="${note}"]`).waitFor();
    // Focus is on the next step: "Restore in place…".
    await expect.poll(() => focusedId(page)).toBe('recover-execute');
    await recoverShot(page, '02-preview-light');
    await setTheme(page, 'dark');
    await recoverShot(page, '02-preview-dark');
    await setTheme(page, 'light');
  });

  it('asks for the server name before an in-place restore, then restores with progress', async () => {
    await page.locator('#recover-execute').focus();
    await keys(page, 'Enter');
    const confirm = dialog(page, 'Restore in place?');
    await confirm.getByTestId('confirm-destination').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Type web-1 to confirm');
    const go = confirm.getByRole('button', { name: /^Restore in place: 1 item$/ });
    expect(await go.isDisabled()).toBe(true);
    await page.keyboard.type('web-2');
    await confirm.getByText('That is not web-1.').waitFor();
    expect(await go.isDisabled()).toBe(true);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('1');
    expect(await go.isDisabled()).toBe(false);
    await recoverShot(page, '03-confirm-light');
    await keys(page, 'Enter');
    await confirm.waitFor({ state: 'hidden' });

    const running = page.locator('section[data-step="recover-progress"] [data-job-state="Running"]');
    await Promise.race([running.waitFor({ timeout: 60_000 }), result().waitFor({ timeout: 60_000 })]);
    if (await running.count()) {
      const progress = page.locator('section[data-step="recover-progress"]');
      await progress.getByText(/left|almost done|unknown/).waitFor();
      // Best effort: the picture of the write itself, with its bar, rate and time left.
      await progress
        .getByRole('progressbar')
        .waitFor({ timeout: 15_000 })
        .catch(() => undefined);
      if (await running.count()) await recoverShot(page, '04-progress-light');
      // The write's counters are its own: the safety point's items and bytes are not added to them.
      const text = await progress.innerText({ timeout: 2_000 }).catch(() => ''); // gone once it ends
      const items = /(\d+) of (\d+) items?/.exec(text);
      if (items) expect(Number(items[1])).toBeLessThanOrEqual(Number(items[2]));
      const unit = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 } as Record<string, number>;
      const bytes = /([\d.]+) (B|KiB|MiB|GiB) of ([\d.]+) (B|KiB|MiB|GiB)/.exec(text);
      if (bytes)
        expect(Number(bytes[1]) * unit[bytes[2]!]!).toBeLessThanOrEqual(
          Number(bytes[3]) * unit[bytes[4]!]! * 1.01,
        );
    }
    await result().locator('[data-restore-state="Succeeded"]').waitFor({ timeout: 60_000 });
    await result().getByText('The 1 item is done').waitFor();
    await result().getByTestId('safety-point').waitFor();
    expect(onDisk().equals(seed.original), 'the file is back as it was in the point').toBe(true);
    await recoverShot(page, '05-result-light');
  });

  it('undoes the restore: its own preview, confirmation, and the corrupted content back', async () => {
    await leaveField(page);
    await keys(page, 'u');
    await page.getByRole('heading', { name: /^1\. Undo restore [0-9a-f]{8}$/ }).waitFor();
    await page.getByRole('heading', { name: '2. Preview of the undo' }).waitFor();
    await preview(page).waitFor({ timeout: 60_000 });
    const rows = page.locator('section[data-step="preview"] tbody tr[data-change]');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-path')).toBe(seed.victim);
    await expect.poll(() => focusedId(page)).toBe('recover-execute');
    await recoverShot(page, '06-undo-preview-light');

    await keys(page, 'Enter');
    const confirm = dialog(page, 'Undo this restore?');
    await typeToConfirm(page, 'web-1');
    await confirm.waitFor({ state: 'hidden' });
    await result().locator('[data-restore-state="Succeeded"]').waitFor({ timeout: 60_000 });
    await result().getByText('Undone:', { exact: false }).waitFor();
    expect(onDisk().equals(broken), 'the undo put the corrupted content back').toBe(true);
    await recoverShot(page, '07-undo-result-light');
  });

  it('lists both restores, with the first one undone', async () => {
    const table = page.getByRole('region', { name: 'Past restores' });
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allInnerTexts();
    expect(texts[0]).toMatch(/Undo of [0-9a-f]{8}/);
    expect(texts[1]).toMatch(/Undone by [0-9a-f]{8}/);
    await rows.nth(1).locator('[data-restore-open]').click();
    const details = page.locator('[data-restore-details]');
    await details.getByText('Restored: the 1 item is as it is in the point.').waitFor();
    expect(await details.getByRole('button', { name: 'Undo this restore…' }).count()).toBe(0);
    await recoverShot(page, '08-history-light');
  });

  it('stops before writing when the target moves after the preview, and plans again with one key', async () => {
    await leaveField(page);
    await keys(page, 'n');
    await page.getByRole('heading', { name: '1. What to restore' }).waitFor();
    await expect.poll(() => focusedId(page)).toBe('recover-scope');
    await leaveField(page);
    await keys(page, 'p');
    await preview(page).waitFor({ timeout: 60_000 });
    const planned = await preview(page).getAttribute('data-plan');
    // Someone touches the file between the preview and the restore.
    const moved = corrupt(seed.victim, seed.original, 7);
    await keys(page, 'r');
    const confirm = dialog(page, 'Restore in place?');
    await typeToConfirm(page, 'web-1');
    await confirm.waitFor({ state: 'hidden' });
    const alert = page.getByTestId('target-changed');
    await alert.waitFor({ timeout: 60_000 });
    await alert.getByText('The live target changed since the preview; nothing was written').waitFor();
    expect(onDisk().equals(moved), 'nothing was written').toBe(true);
    await expect.poll(() => focusedId(page)).toBe('recover-plan-again');
    await recoverShot(page, '09-target-changed-light');
    await leaveField(page);
    await keys(page, 'p');
    await expect.poll(() => preview(page).getAttribute('data-plan'), { timeout: 60_000 }).not.toBe(planned);
    await page.locator('section[data-step="preview"] tbody tr[data-change="replace"]').waitFor();
  });

  it('lists the Recover keys in the shortcuts dialog and kept the console clean', async () => {
    await leaveField(page);
    await keys(page, '?');
    const help = dialog(page, 'Keyboard shortcuts');
    await help.getByRole('heading', { name: 'Recover' }).waitFor();
    await help.getByRole('cell', { name: 'Plan the restore, or plan again (writes nothing)' }).waitFor();
    await recoverShot(page, '10-shortcuts-light');
    await keys(page, 'Escape');
    await help.waitFor({ state: 'hidden' });
    await api.settle();
    expect(api.failures()).toEqual(['restore.plan vault.locked']);
    for (const secret of Object.values(passphrases))
      expect(api.containing(secret), 'a response holds a passphrase').toEqual([]);
    expect(problems.list()).toEqual([]);
  });
});
