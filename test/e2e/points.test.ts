// Restore points in a real browser against the real `lifeboat serve` and the real sshd of the
// global setup: a new user creates the vault, adds the server, adds a local folder and creates
// the repository in it, defines a system whose scope is a folder on that (local) server, backs
// it up from the Systems page, finds the point ("Not verified") on the Restore points page,
// walks its files by keyboard, and verifies all its data ("Verified"). No console errors.
// Screenshots: test-results/points-*.png.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { recordApi, type ApiRecorder } from './api-recorder';
import { launchChromium, newConsolePage, type PageProblems } from './browser';
import { dialog, field, openSettingsTab, setTheme, shots } from './estate-steps';
import { addLocalRepository, addServer, addSystem, createVault, pointsShot } from './points-steps';
import { startServe, type ServeProcess } from './serve-process';

const services = inject('services');
const sshd = requireService(services, 'sshd');

const passphrase = 'e2e vault passphrase 9c1d';
const repoPassphrase = 'repository passphrase 4e7b';

describe.skipIf(sshd.skip)('restore points: create a repository, back up, browse, verify', () => {
  let dataDir: string;
  let work: string;
  let tree: string;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let api: ApiRecorder;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-points-'));
    work = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-points-files-'));
    // What the system protects: a folder on the (local) sshd host.
    tree = join(work, 'site');
    mkdirSync(join(tree, 'conf'), { recursive: true });
    writeFileSync(join(tree, 'index.html'), '<h1>hello</h1>\n'.repeat(200));
    writeFileSync(join(tree, 'README'), 'the site\n');
    writeFileSync(join(tree, 'conf', 'app.conf'), 'listen 8080\n');
    writeFileSync(join(tree, 'conf', 'secrets.env'), 'TOKEN=x\n', { mode: 0o600 });
    symlinkSync('index.html', join(tree, 'home.html'));
    // A folder large enough for the file list to render only the rows in view.
    mkdirSync(join(tree, 'logs'));
    for (let i = 0; i < 400; i++)
      writeFileSync(join(tree, 'logs', `day-${String(i).padStart(3, '0')}.log`), `${i}\n`);
    mkdirSync(join(work, 'repo'));
    serve = await startServe(dataDir);
    browser = await launchChromium();
    ({ context, page, problems } = await newConsolePage(browser));
    api = recordApi(page);
    await page.goto(serve.url);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('[data-connection="connected"]').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shows what a restore point is before there is any', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('p');
    await page.getByRole('heading', { level: 1, name: 'Restore points' }).waitFor();
    await page.getByTestId('points-empty').waitFor();
    await page.getByRole('button', { name: 'Back up a system from the Systems page' }).waitFor();
    await pointsShot(page, '01-empty-light');
  });

  it('creates the vault, adds the server and a folder, and creates the repository in it', async () => {
    await createVault(page, passphrase);
    const info = sshd.get();
    await addServer(page, work, { name: 'web-1', ...info });
    await addLocalRepository(page, 'usb', join(work, 'repo'));

    const row = page.getByRole('region', { name: 'Repositories' }).getByRole('row', { name: /usb/ });
    await row.getByText('Passphrase not set').waitFor();
    await page.getByRole('button', { name: 'Create repository here: usb' }).click();
    const d = dialog(page, 'Create a repository in usb');
    await d.getByText('without it nobody', { exact: false }).waitFor();
    await field(d, 'New repository passphrase').fill('short');
    await d.getByRole('button', { name: 'Create repository' }).click();
    await d.getByText('Use at least 8 characters.').waitFor();
    await field(d, 'New repository passphrase').fill(repoPassphrase);
    await field(d, 'The same passphrase again').fill(`${repoPassphrase}!`);
    await d.getByRole('button', { name: 'Create repository' }).click();
    await d.getByText('The two passphrases are not the same.').waitFor();
    await field(d, 'The same passphrase again').fill(repoPassphrase);
    await pointsShot(page, '02-create-repository-light');
    await d.getByRole('button', { name: 'Create repository' }).click();
    await d.waitFor({ state: 'hidden' });
    await row.getByText('Passphrase set').waitFor();
    expect(await page.getByRole('button', { name: 'Create repository here: usb' }).count()).toBe(0);
    await pointsShot(page, '03-repositories-light');

    // The add form offers to connect to an existing repository instead.
    await page.getByRole('button', { name: 'Add a repository' }).click();
    const add = dialog(page, 'Add a repository');
    expect(await field(add, 'Existing repository passphrase').getAttribute('type')).toBe('password');
    await page.keyboard.press('Escape');
    await add.waitFor({ state: 'hidden' });

    // An entry for a repository that exists there (as after a YAML estate import): Connect takes
    // its passphrase, keeps it only if it opens the repository.
    await addLocalRepository(page, 'usb-copy', join(work, 'repo'));
    const copy = page.getByRole('region', { name: 'Repositories' }).getByRole('row', { name: /usb-copy/ });
    await copy.getByText('Passphrase not set').waitFor();
    await page.getByRole('button', { name: 'Connect to the repository there: usb-copy' }).click();
    const c = dialog(page, 'Connect usb-copy to its repository');
    await field(c, 'Passphrase of the repository there').fill('not the passphrase');
    await c.getByRole('button', { name: 'Connect' }).click();
    await c.getByText('repo.wrong_passphrase', { exact: false }).waitFor();
    await pointsShot(page, '03b-connect-wrong-light');
    await field(c, 'Passphrase of the repository there').fill(repoPassphrase);
    await c.getByRole('button', { name: 'Connect' }).click();
    await c.waitFor({ state: 'hidden' });
    await copy.getByText('Passphrase set').waitFor();
    // Two names for one repository would list its points twice: this one goes again.
    await page.getByRole('button', { name: 'Remove repository usb-copy' }).click();
    const remove = dialog(page, 'Remove repository usb-copy?');
    await remove.getByRole('button', { name: 'Remove repository usb-copy' }).click();
    await remove.waitFor({ state: 'hidden' });
    await copy.waitFor({ state: 'detached' });
  });

  it('backs a system up from the Systems page and follows the job to its restore point', async () => {
    await addSystem(page, {
      name: 'site',
      team: 'Web',
      rpo: '24h',
      repository: 'usb',
      server: 'web-1',
      path: tree,
    });
    const row = page.getByRole('region', { name: 'Systems' }).getByRole('row', { name: /site/ });
    await row.getByText('No restore point yet: not protected').waitFor();
    await row.locator('[data-freshness="error"]').waitFor();
    await row.getByRole('button', { name: 'Back up site now' }).click();
    const job = row.locator('[data-job-follow]');
    await job.waitFor();
    await row.locator('[data-job-follow][data-job-state="Succeeded"]').waitFor({ timeout: 60_000 });
    await row.getByText('just now · RPO 1d').waitFor();
    await row.locator('[data-freshness="ok"]').waitFor();
    await pointsShot(page, '04-systems-backed-up-light');
    await row.getByRole('button', { name: /^Open restore point/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Restore points' }).waitFor();
  });

  it('lists the point as not verified, with its facts', async () => {
    const table = page.getByRole('region', { name: 'Restore points' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    const text = await rows.first().innerText();
    for (const part of ['site', `server web-1: ${tree}`, 'first', 'Not verified'])
      expect(text).toContain(part);
    // Files: index.html, README, app.conf, secrets.env, the 400 logs and the link.
    expect(await rows.first().getByRole('cell').nth(3).innerText()).toMatch(/^40[45]$/);
    const details = page.getByRole('region', { name: /^Restore point [0-9a-f]{8}/ });
    await details.waitFor();
    for (const label of ['Repository', 'Host', 'Duration', 'Throughput', 'Files', 'Added to the repository'])
      await details.locator('dt', { hasText: label }).first().waitFor();
    await details.getByText('Never verified.', { exact: false }).waitFor();
    await pointsShot(page, '05-points-light');
    await setTheme(page, 'dark');
    await pointsShot(page, '05-points-dark');
    await setTheme(page, 'light');
  });

  it('walks the files by keyboard: arrows move, Enter opens, Backspace goes up', async () => {
    const grid = page.getByRole('grid', { name: /^Entries of/ });
    const names = () =>
      grid.locator('tbody tr').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-entry')));
    const active = () => grid.locator('tr[data-active]').getAttribute('data-entry');
    // The top of a server-path point holds the folder that was backed up.
    await page.locator('table[data-path=""]').waitFor();
    expect(await names()).toEqual(['site']);
    await grid.focus();
    await page.keyboard.press('Enter');
    await page.locator('table[data-path="site"]').waitFor();
    // Directories first: conf and logs, then the files; the link shows its target.
    expect(await names()).toEqual(['conf', 'logs', 'README', 'home.html', 'index.html']);
    expect(await grid.locator('tr[data-entry="home.html"]').innerText()).toContain('→ index.html');
    expect(await grid.locator('tr[data-entry="conf"]').innerText()).toMatch(/drwx/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('home.html');
    await page.keyboard.press('Enter'); // a link is not a directory: nothing happens
    await page.keyboard.press('Home');
    expect(await active()).toBe('conf');
    await page.keyboard.press('Enter');
    await page.locator('table[data-path="site/conf"]').waitFor();
    expect(await names()).toEqual(['app.conf', 'secrets.env']);
    expect(await grid.locator('tr[data-entry="secrets.env"]').innerText()).toContain('-rw-------');
    await page.getByRole('navigation', { name: 'Directory' }).getByText('conf').waitFor();
    await pointsShot(page, '06-browse-conf-light');
    await page.keyboard.press('Backspace');
    await page.locator('table[data-path="site"]').waitFor();
    expect(await active()).toBe('conf');
    await page.keyboard.press('Enter');
    await page.locator('table[data-path="site/conf"]').waitFor();
  });

  it('lists a folder of 400 files by rendering only the rows in view, and keeps the keyboard', async () => {
    const grid = page.getByRole('grid', { name: /^Entries of/ });
    const rendered = () => grid.locator('tbody tr[data-entry]').count();
    const active = () => grid.locator('tr[data-active]').getAttribute('data-entry');
    await page.keyboard.press('Backspace');
    await page.locator('table[data-path="site"]').waitFor();
    await grid.locator('tr[data-entry="logs"]').click();
    await page.keyboard.press('Enter');
    await page.locator('table[data-path="site/logs"]').waitFor();
    await grid.locator('tr[data-entry="day-000.log"]').waitFor();
    expect(await rendered()).toBeLessThan(100);
    await page.keyboard.press('End');
    await grid.locator('tr[data-entry="day-399.log"]').waitFor();
    expect(await active()).toBe('day-399.log');
    expect(await grid.locator('tr[data-entry="day-000.log"]').count()).toBe(0);
    expect(await rendered()).toBeLessThan(100);
    await pointsShot(page, '06b-browse-many-light');
    await page.keyboard.press('PageUp');
    expect(await active()).toBe('day-389.log');
    await page.keyboard.press('Home');
    await grid.locator('tr[data-entry="day-000.log"]').waitFor();
    await page.keyboard.press('Backspace');
    await page.locator('table[data-path="site"]').waitFor();
    expect(await active()).toBe('logs');
  });

  it('verifies all the data and shows the point as verified', async () => {
    const details = page.getByRole('region', { name: /^Restore point [0-9a-f]{8}/ });
    await details.getByRole('button', { name: 'Verify all data' }).click();
    await details.locator('[data-job-follow][data-job-state="Succeeded"]').waitFor({ timeout: 60_000 });
    await details.getByText('No damage found', { exact: false }).waitFor();
    const row = page.getByRole('region', { name: 'Restore points' }).locator('tbody tr').first();
    await row.getByText(/^Verified just now$/).waitFor();
    await details.getByText('Last verification found no damage').waitFor();
    await pointsShot(page, '07-verified-light');

    // Structure only: evidence is kept, but it does not make the point "Verified" on its own.
    await details.getByRole('button', { name: 'Verify structure' }).click();
    await details.locator('[data-job-follow][data-job-state="Succeeded"]').waitFor({ timeout: 60_000 });
  });

  it('rebuilds the catalog from the repository', async () => {
    await page.getByRole('button', { name: 'Rebuild catalog from repositories' }).click();
    const job = page.locator('[data-job-follow]').filter({ hasText: 'Rebuild the catalog' });
    await job.and(page.locator('[data-job-state="Succeeded"]')).waitFor({ timeout: 60_000 });
    await job.getByText('1 restore point from 1 repository', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Restore points' }).locator('tbody tr').first().waitFor();
    await pointsShot(page, '08-rebuilt-light');
  });

  it('backs up again: nothing changed, so nothing is read again, and the result says so', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.getByRole('heading', { level: 1, name: 'Systems' }).waitFor();
    const row = page.getByRole('region', { name: 'Systems' }).getByRole('row', { name: /site/ });
    await row.getByRole('button', { name: 'Back up site now' }).click();
    await row
      .getByText('Nothing changed since the previous restore point; no file was read again.')
      .waitFor({ timeout: 60_000 });
    await pointsShot(page, '09-second-backup-light');
  });

  it('kept the console clean', async () => {
    await openSettingsTab(page, 'r', 'Repositories');
    await api.settle();
    // The host key before it was accepted; the wrong passphrase given to Connect on purpose.
    expect(api.failures()).toEqual([
      'server.test ssh.host_key_unknown',
      'repo.connect repo.wrong_passphrase',
    ]);
    for (const secret of [passphrase, repoPassphrase])
      expect(api.containing(secret), 'a response holds a passphrase').toEqual([]);
    expect(problems.list()).toEqual([]);
  });
});
