// The guided recovery in a real browser against the real `lifeboat serve` and sshd: a system's
// config file is corrupted; in the console, by keyboard where a person would use it: Recover →
// guided → the system → its runbook (steps, owner and contact) → start (the vault asks first) →
// confirm the symptoms → approve with name and reason → the restore's exact preview (the one
// file) with its trust evidence → typed confirmation → the restore → the HTTP health check
// passes → the summary → Export report (a downloaded HTML file). Then the Drills page: the
// system's drill status, a rehearsal (no writes), and a drill into a sandbox, confirmed first.
// Screenshots: test-results/wizard-NN-*.png and drills-*.png (light; one of each in dark).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { recordApi, type ApiRecorder } from './api-recorder';
import { launchChromium, newConsolePage, type PageProblems } from './browser';
import { dialog, field, setTheme } from './estate-steps';
import { focusedId, keys, leaveField, typeToConfirm } from './recover-steps';
import { startServe, type ServeProcess } from './serve-process';
import {
  badConfig,
  drillsShot,
  goodConfig,
  seedWizard,
  startHealthServer,
  stepCard,
  wizardShot,
  type WizardSeed,
} from './wizard-steps';

const services = inject('services');
const sshd = requireService(services, 'sshd');

const passphrases = { vault: 'e2e vault passphrase 3f8a', repository: 'repository passphrase 9b1c' };
const long = { timeout: 60_000 };

describe.skipIf(sshd.skip)('guided recovery: runbook wizard, run, summary, report; drills', () => {
  let dataDir: string;
  let work: string;
  let seed: WizardSeed;
  let health: Server | undefined;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let api: ApiRecorder;

  const run = () => page.locator('[data-run-view]');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-wizard-'));
    work = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-wizard-files-'));
    seed = await seedWizard(
      dataDir,
      work,
      sshd.get(),
      async (config) => {
        const h = await startHealthServer(config);
        health = h.server;
        return h.url;
      },
      passphrases,
    );
    // The incident: a bad edit of the config; the shop answers 503.
    writeFileSync(seed.config, badConfig);
    serve = await startServe(dataDir);
    browser = await launchChromium();
    ({ context, page, problems } = await newConsolePage(browser));
    api = recordApi(page);
    await page.goto(serve.url);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({
        path: `test-results/wizard-failed-${ctx.task.name.slice(0, 40)}.png`,
        fullPage: true,
      });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await new Promise<void>((done) => (health ? health.close(() => done()) : done()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('switches Recover to guided and shows the runbook that will be followed, with owner and contact', async () => {
    await leaveField(page);
    await keys(page, 'g', 'r');
    await page.getByRole('heading', { level: 1, name: 'Recover' }).waitFor();
    await leaveField(page);
    await keys(page, 'm');
    await page.getByRole('heading', { name: '1. What broke' }).waitFor();
    await field(page, 'System').selectOption(seed.system);
    await page
      .getByTestId('guided-system')
      .getByText(`Owner: ${seed.team} · contact ${seed.contact}`)
      .waitFor();
    await wizardShot(page, '01-what-broke-light');
    const book = page.locator(`[data-runbook="${seed.runbook}"]`);
    await book.waitFor();
    await page.getByTestId('guided-owner').getByText(`contact ${seed.contact}`).waitFor();
    expect(await book.locator('[data-runbook-step]').count()).toBe(5);
    await book.getByText(`HTTP GET ${seed.healthUrl} answers 200`, { exact: false }).waitFor();
    await wizardShot(page, '02-runbook-light');
  });

  it('starts the incident run (the vault asks first) and confirms the symptoms by keyboard', async () => {
    await page.locator('#guided-start').focus();
    await keys(page, 'Enter');
    const unlock = dialog(page, 'Unlock the vault');
    await field(unlock, 'Vault passphrase').fill(passphrases.vault);
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await unlock.waitFor({ state: 'hidden' });
    await run().waitFor(long);
    await run().locator('[data-run-mode="incident"]').waitFor();
    await page.getByTestId('run-owner').getByText(`contact ${seed.contact}`).waitFor();
    await stepCard(page, 'check-symptoms', 'WaitingForConfirmation').waitFor(long);
    await expect.poll(() => focusedId(page)).toBe('run-step-primary');
    await wizardShot(page, '03-check-light');
    await keys(page, 'Enter');
    await stepCard(page, 'approve-restore', 'WaitingForApproval').waitFor(long);
  });

  it('approves with a name and a reason', async () => {
    await expect.poll(() => focusedId(page)).toBe('run-step-primary');
    await page.keyboard.type('Dana On-Call');
    await keys(page, 'Tab');
    await page.keyboard.type('INC-4711: app.conf was edited by mistake; shop returns 503.');
    await wizardShot(page, '04-approve-light');
    await page.locator('#run-approve').click();
    await stepCard(page, 'restore-config', 'WaitingForConfirmation').waitFor(long);
  });

  it('previews exactly the corrupted file, with the point’s trust evidence, then restores it', async () => {
    const card = stepCard(page, 'restore-config');
    await card.locator('[data-plan][data-empty="false"]').waitFor(long);
    const rows = card.locator('tbody tr[data-change]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-change')).toBe('replace');
    expect(await rows.first().getAttribute('data-path')).toBe(seed.config);
    const trust = card.getByTestId('trust-evidence');
    await trust.getByText('RPO 1h', { exact: false }).waitFor();
    await trust.getByText('Never drilled').waitFor();
    for (const note of ['Data loss', 'Safety point', 'Estimate'])
      await card.locator(`[data-note="${note}"]`).waitFor();
    await expect.poll(() => focusedId(page)).toBe('run-step-primary');
    expect(await page.locator('#run-step-primary').innerText()).toBe('Restore in place…');
    await wizardShot(page, '05-restore-preview-light');
    await setTheme(page, 'dark');
    await wizardShot(page, '05-restore-preview-dark');
    await setTheme(page, 'light');

    await page.locator('#run-step-primary').focus();
    await keys(page, 'Enter');
    const confirm = dialog(page, 'Restore in place?');
    await confirm.getByTestId('confirm-destination').waitFor();
    await wizardShot(page, '06-confirm-light');
    await typeToConfirm(page, seed.server);
    await confirm.waitFor({ state: 'hidden' });
    // Best effort: the restore's progress (a small file finishes fast).
    await page
      .getByTestId('run-restore-job')
      .waitFor({ timeout: 5_000 })
      .then(() => wizardShot(page, '07-restoring-light'))
      .catch(() => undefined);
  });

  it('proves the shop is back with the HTTP check and ends with a summary against the RTO', async () => {
    await page.getByTestId('run-summary').waitFor(long);
    await expect.poll(() => readFileSync(seed.config, 'utf8')).toBe(goodConfig);
    await page.getByTestId('run-state').getByText('Succeeded').waitFor();
    const summary = page.getByTestId('run-summary');
    await summary.getByText(`Passed: GET ${seed.healthUrl}`, { exact: false }).waitFor();
    await summary.getByText('Approved by Dana On-Call', { exact: false }).waitFor();
    await page.getByTestId('run-rto').getByText('within the RTO of 30m 00s', { exact: false }).waitFor();
    const timeline = page.getByTestId('run-timeline');
    expect(await timeline.locator('[data-step-state="Succeeded"]').count()).toBe(5);
    await wizardShot(page, '08-summary-light');
  });

  it('exports the report as an HTML file', async () => {
    const download = page.waitForEvent('download');
    await leaveField(page);
    await keys(page, 'e');
    const file = await download;
    const path = join(work, file.suggestedFilename());
    await file.saveAs(path);
    expect(file.suggestedFilename()).toMatch(/\.html$/);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain(seed.system);
    await page.getByTestId('export-report').getByText(`Saved ${file.suggestedFilename()}`).waitFor();
    await wizardShot(page, '09-report-light');
    await setTheme(page, 'dark');
    await wizardShot(page, '09-report-dark');
    await setTheme(page, 'light');
  });

  it('shows the Drills page: the system never drilled, overdue, first', async () => {
    await leaveField(page);
    await keys(page, 'g', 'i');
    await page.getByRole('heading', { level: 1, name: 'Drills' }).waitFor();
    const row = page.locator(`[data-drill-row="${seed.system}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-overdue')).toBe('true');
    await row.getByText('Never drilled', { exact: true }).waitFor();
    await page.getByTestId('drills-overdue').waitFor();
    // The incident run is listed among the recent runs.
    await page.getByRole('table', { name: 'Recent runs' }).locator('[data-run-state="Succeeded"]').waitFor();
    await drillsShot(page, '01-overview-light');
    await setTheme(page, 'dark');
    await drillsShot(page, '01-overview-dark');
    await setTheme(page, 'light');
  });

  it('rehearses: no writes, no connections, and estimated times', async () => {
    const row = page.locator(`[data-drill-row="${seed.system}"]`);
    await row.getByRole('button', { name: 'Rehearse (no writes)' }).click();
    await run().locator('[data-run-mode="rehearsal"]').waitFor(long);
    await page.getByTestId('run-summary').waitFor(long);
    await page.getByText('REHEARSAL — nothing is written, nothing is connected').waitFor();
    await drillsShot(page, '02-rehearsal-light');
    await page.locator('#run-close').click();
  });

  it('starts a drill only after saying it restores into a sandbox, and follows it to the end', async () => {
    const row = page.locator(`[data-drill-row="${seed.system}"]`);
    await row.getByRole('button', { name: 'Start drill…' }).click();
    const confirm = dialog(page, `Start a drill of ${seed.system}?`);
    await confirm.getByText('every restore goes to a sandbox', { exact: false }).waitFor();
    await drillsShot(page, '03-confirm-light');
    await confirm.getByRole('button', { name: 'Start the drill' }).click();
    await run().locator('[data-run-mode="drill"]').waitFor(long);

    await stepCard(page, 'check-symptoms', 'WaitingForConfirmation').waitFor(long);
    await expect.poll(() => focusedId(page)).toBe('run-step-primary');
    await keys(page, 'Enter');
    await stepCard(page, 'approve-restore', 'WaitingForApproval').waitFor(long);
    await expect.poll(() => focusedId(page)).toBe('run-step-primary');
    await page.keyboard.type('Sam Drill');
    await keys(page, 'Tab');
    await page.keyboard.type('Quarterly drill of the shop.');
    await page.locator('#run-approve').click();
    const restore = stepCard(page, 'restore-config', 'WaitingForConfirmation');
    await restore.locator('[data-plan]').waitFor(long);
    await restore.locator('[data-destination="alongside"]').first().waitFor();
    await drillsShot(page, '04-drill-preview-light');
    await page.locator('#run-step-primary').click();
    const go = dialog(page, 'Restore into the sandbox?');
    await go.locator('#recover-confirm').click();
    await go.waitFor({ state: 'hidden' });
    await page.getByTestId('run-summary').waitFor(long);
    await drillsShot(page, '05-drill-summary-light');
    expect(readFileSync(seed.config, 'utf8'), 'a drill leaves the live file alone').toBe(goodConfig);

    await page.locator('#run-close').click();
    const drilled = page.locator(`[data-drill-row="${seed.system}"]`);
    await expect.poll(() => drilled.getAttribute('data-overdue'), long).toBe('false');
    await drillsShot(page, '06-after-drill-light');
  });

  it('lists the run keys in the shortcuts dialog and kept the console clean', async () => {
    await leaveField(page);
    await keys(page, '?');
    const help = dialog(page, 'Keyboard shortcuts');
    await help.getByRole('heading', { name: 'Runs' }).waitFor();
    await help
      .getByRole('cell', { name: 'Go to the step waiting for you (its action takes focus)' })
      .waitFor();
    await keys(page, 'Escape');
    await help.waitFor({ state: 'hidden' });
    await api.settle();
    expect(api.failures()).toEqual([]);
    for (const secret of Object.values(passphrases))
      expect(api.containing(secret), 'a response holds a passphrase').toEqual([]);
    expect(problems.list()).toEqual([]);
  });
});
