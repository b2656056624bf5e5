// The estate in a real browser against the real `lifeboat serve` and the real services of the
// global setup (sshd, s3rver, the Kubernetes API emulator): a new user creates the vault, adds a
// server with a key file and accepts its host key, adds a cluster from a kubeconfig, a local and
// an S3 repository, defines a system with two scopes, is refused when removing the server the
// system uses, unlocks a locked vault on demand, and exports the estate. No console errors, and
// no secret ever comes back in an API answer. Screenshots: test-results/estate-*.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { startSshd } from '../harness/sshd';
import { recordApi, type ApiRecorder } from './api-recorder';
import { launchChromium, newConsolePage, type PageProblems } from './browser';
import { dialog, field, openSettingsTab, setTheme, shot, shots, writeTemp } from './estate-steps';
import { startServe, type ServeProcess } from './serve-process';

const services = inject('services');
const sshd = requireService(services, 'sshd');
const s3 = requireService(services, 's3');
const kube = requireService(services, 'kube');
const skip = sshd.skip || s3.skip || kube.skip;

const passphrase = 'e2e vault passphrase 7f3a';
/** Private keys handed to the console; none may ever come back in an answer. */
const keys: string[] = [];
/** The failed calls this story provokes on purpose, in order. */
const expectedFailures = [
  'server.test ssh.host_key_unknown',
  'server.remove estate.in_use',
  'server.test ssh.host_key_unknown',
  'server.test ssh.host_key_changed',
  'server.test ssh.auth_failed',
  'server.test vault.locked',
  'vault.unlock vault.wrong_passphrase',
];

describe.skipIf(skip)('estate: vault, servers, clusters, repositories, systems, export', () => {
  let dataDir: string;
  let work: string;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let api: ApiRecorder;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-estate-'));
    work = mkdtempSync(join(tmpdir(), 'lifeboat-e2e-files-'));
    serve = await startServe(dataDir);
    browser = await launchChromium();
    ({ context, page, problems } = await newConsolePage(browser));
    // Domain errors (host key not accepted, in use, wrong passphrase) are answers (HTTP 200,
    // ok: false), so the console must stay free of failed requests; the ones provoked on purpose
    // are checked exactly through the recorder below.
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

  it('a new user creates the vault passphrase from the banner', async () => {
    const banner = page.getByTestId('vault-banner');
    await banner.getByText('There is no vault yet.', { exact: false }).waitFor();
    await shot(page, '01-no-vault-light');
    await banner.getByRole('button', { name: 'Create a vault passphrase' }).click();
    const d = dialog(page, 'Create a vault passphrase');
    await d.waitFor();
    // The dialog focuses its first field; the passphrase is a password input.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe(
      'password',
    );
    await field(d, 'New vault passphrase').fill('short');
    await d.getByRole('button', { name: 'Create the vault' }).click();
    await d.getByText('Use at least 8 characters.').waitFor();
    await field(d, 'New vault passphrase').fill(passphrase);
    await field(d, 'The same passphrase again').fill(`${passphrase}x`);
    await d.getByRole('button', { name: 'Create the vault' }).click();
    await d.getByText('The two passphrases are not the same.').waitFor();
    await field(d, 'The same passphrase again').fill(passphrase);
    await shot(page, '02-create-vault-light');
    await d.getByRole('button', { name: 'Create the vault' }).click();
    await d.waitFor({ state: 'hidden' });
    await banner.waitFor({ state: 'hidden' });
  });

  it('adds a server with a key file, shows the host key, accepts it, and shows the tools', async () => {
    const info = sshd.get();
    keys.push(info.clientKey);
    const keyPath = writeTemp(work, 'id_ed25519', info.clientKey);
    await openSettingsTab(page, 's', 'Servers');
    await page.getByText('No servers yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add a server' }).click();
    const d = dialog(page, 'Add a server');
    await d.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-autofocus'))).toBe('true');
    // Inline validation before anything is sent.
    await field(d, 'Name').fill('Web 1');
    await field(d, 'Port').fill('70000');
    await d.getByRole('button', { name: 'Add server' }).click();
    await d.getByText('use 1–63 lowercase letters', { exact: false }).waitFor();
    await d.getByText('Use 65535 or less.').waitFor();
    await d.getByText('Choose the private key file.').waitFor();
    await shot(page, '03-server-form-errors-light');

    await field(d, 'Name').fill('web-1');
    await field(d, 'Host').fill(info.host);
    await field(d, 'Port').fill(String(info.port));
    await field(d, 'User').fill(info.user);
    await d.locator('input[type="file"]').setInputFiles(keyPath);
    await d.getByText('id_ed25519').waitFor();
    await d.getByRole('button', { name: 'Add server' }).click();
    await d.waitFor({ state: 'hidden' });

    // Adding tests the connection, which meets the unknown host key.
    const hostKey = dialog(page, 'Accept the host key of web-1?');
    await hostKey.waitFor();
    expect(await hostKey.getByTestId('host-key-fingerprint').innerText()).toBe(info.hostKeyFingerprint);
    await hostKey
      .getByText("Compare this with the fingerprint the server's owner gives you. Accept only if they match.")
      .waitFor();
    await shot(page, '04-host-key-light');
    await hostKey.getByRole('button', { name: 'Accept this key' }).click();
    await hostKey.waitFor({ state: 'hidden' });

    const result = page.getByTestId('test-result-web-1');
    await result
      .and(page.locator('[data-status="ok"], [data-status="problems"]'))
      .waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('ok');
    const tools = result.getByRole('table', { name: 'Tools on the server' });
    for (const tool of ['sh', 'tar', 'sha256sum', 'stat']) {
      expect(await tools.locator(`tr[data-tool="${tool}"]`).innerText()).toContain('Yes');
    }
    const row = page.getByRole('region', { name: 'Servers' }).getByRole('row', { name: /web-1/ });
    await row.getByText('Accepted').waitFor();
    await row.getByText(info.hostKeyFingerprint).waitFor();
    await row.getByText('Key set').waitFor();
    await shot(page, '05-server-tested-light');
  });

  it('adds a cluster from the emulator kubeconfig and tests it', async () => {
    const kubeconfigPath = writeTemp(work, 'kubeconfig', kube.get().kubeconfig);
    await openSettingsTab(page, 'c', 'Clusters');
    await page.getByRole('button', { name: 'Add clusters' }).click();
    const d = dialog(page, 'Add clusters from a kubeconfig');
    await d.waitFor();
    await d.locator('input[type="file"]').setInputFiles(kubeconfigPath);
    await d.getByRole('button', { name: 'Read contexts' }).click();
    const contexts = d.getByRole('table', { name: 'Contexts in the kubeconfig' });
    await contexts.waitFor();
    expect(await d.getByLabel('Add context emulator').isChecked()).toBe(true); // the current context
    await d.getByLabel('Name for context emulator').fill('lab');
    await shot(page, '06-cluster-contexts-light');
    await d.getByRole('button', { name: 'Add 1 cluster' }).click();
    await d.waitFor({ state: 'hidden' });

    const result = page.getByTestId('test-result-lab');
    await result
      .and(page.locator('[data-status="ok"], [data-status="problems"]'))
      .waitFor({ timeout: 30_000 });
    await result.getByText('Kubernetes', { exact: false }).first().waitFor();
    await result.getByRole('table', { name: 'Permissions Lifeboat needs' }).waitFor();
    await page.getByRole('region', { name: 'Clusters' }).getByText('Kubeconfig set').waitFor();
    await shot(page, '07-cluster-tested-light');
  });

  it('adds a local folder and an S3 repository and tests both', async () => {
    const info = s3.get();
    await openSettingsTab(page, 'r', 'Repositories');

    await page.getByRole('button', { name: 'Add a repository' }).click();
    let d = dialog(page, 'Add a repository');
    await field(d, 'Name').fill('usb');
    mkdirSync(join(work, 'repo')); // a folder that exists, like a mounted disk
    await field(d, 'Folder').fill(join(work, 'repo'));
    await d.getByRole('button', { name: 'Add repository' }).click();
    await d.waitFor({ state: 'hidden' });
    const local = page.getByTestId('test-result-usb');
    await local.and(page.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
    for (const op of ['list', 'write', 'read', 'delete'])
      expect(await local.locator(`tr[data-check="${op}"]`).innerText()).toContain('Yes');

    await page.getByRole('button', { name: 'Add a repository' }).click();
    d = dialog(page, 'Add a repository');
    await field(d, 'Name').fill('offsite');
    await d.locator('label', { hasText: 'S3-compatible bucket' }).click();
    await field(d, 'Endpoint').fill(info.endpoint);
    await field(d, 'Region').fill(info.region);
    await field(d, 'Bucket').fill('lifeboat-test');
    await field(d, 'Prefix').fill(`e2e-${randomUUID()}`);
    await d.getByLabel('Path-style addressing').check();
    await field(d, 'Access key ID').fill(info.accessKeyId);
    await field(d, 'Secret access key').fill(info.secretAccessKey);
    expect(await field(d, 'Secret access key').getAttribute('type')).toBe('password');
    await shot(page, '08-s3-form-light');
    await d.getByRole('button', { name: 'Add repository' }).click();
    await d.waitFor({ state: 'hidden' });
    const remote = page.getByTestId('test-result-offsite');
    await remote.and(page.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
    for (const op of ['list', 'write', 'read', 'delete'])
      expect(await remote.locator(`tr[data-check="${op}"]`).innerText()).toContain('Yes');

    // Test again from the table, by keyboard.
    await page.getByRole('button', { name: 'Test repository usb' }).focus();
    await page.keyboard.press('Enter');
    await local.and(page.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });
    await shot(page, '09-repositories-tested-light');
  });

  it('defines a system with a server path and a cluster namespace', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.getByRole('heading', { level: 1, name: 'Systems' }).waitFor();
    await page.getByTestId('systems-empty').waitFor();
    await shot(page, '10-systems-empty-light');
    await page.getByRole('button', { name: 'Add a system' }).click();
    const d = dialog(page, 'Add a system');
    await field(d, 'Name').fill('billing');
    await field(d, 'Owner team').fill('Payments');
    await field(d, 'Owner contact').fill('#payments-oncall');
    await d.locator('label', { hasText: 'High' }).click();
    await field(d, 'RPO').fill('1 hour');
    await field(d, 'RTO').fill('4h');
    await field(d, 'Drill every').fill('30d');
    await field(d, 'Repository').selectOption('usb');
    await d.getByRole('button', { name: 'Add system' }).click();
    await d.getByText('Use a duration like 15m', { exact: false }).waitFor();
    await d.getByText('A system needs at least one scope.').waitFor();
    await field(d, 'RPO').fill('1h');

    await field(d, 'Server').selectOption('web-1');
    await field(d, 'Absolute path').fill('etc/ssh');
    await d.getByRole('button', { name: 'Add scope' }).click();
    await d.getByText('Use an absolute path, starting with /.').waitFor();
    await field(d, 'Absolute path').fill('/etc/ssh/');
    await field(d, 'Absolute path').press('Enter'); // adds the scope, not the system
    await d.getByText('server:web-1:/etc/ssh', { exact: true }).waitFor();
    await d.locator('label', { hasText: 'Cluster namespace' }).click();
    await field(d, 'Cluster').selectOption('lab');
    await field(d, 'Namespace').fill('default');
    await d.getByRole('button', { name: 'Add scope' }).click();
    await d.getByText('cluster:lab:namespace/default', { exact: true }).waitFor();
    await shot(page, '11-system-form-light');
    await d.getByRole('button', { name: 'Add system' }).click();
    await d.waitFor({ state: 'hidden' });

    const row = page.getByRole('region', { name: 'Systems' }).getByRole('row', { name: /billing/ });
    await row.waitFor();
    const text = await row.innerText();
    for (const part of ['Payments', '#payments-oncall', 'High', '1h', '4h', '30d', 'usb'])
      expect(text).toContain(part);
    expect(await row.getByRole('cell').nth(4).innerText()).toBe('2');
    await shot(page, '12-systems-light');
    await setTheme(page, 'dark');
    await shot(page, '12-systems-dark');
    await setTheme(page, 'light');
  });

  it('refuses to remove the server a system uses, and says why', async () => {
    await openSettingsTab(page, 's', 'Servers');
    await page.getByRole('button', { name: 'Remove server web-1' }).click();
    const d = dialog(page, 'Remove server web-1?');
    await d.getByText('removes server web-1 and its stored private key from Lifeboat').waitFor();
    await d.getByRole('button', { name: 'Remove server web-1' }).click();
    const refusal = d.getByRole('alert');
    await refusal.getByText('Nothing was removed: server web-1 is in use').waitFor();
    expect(await refusal.innerText()).toContain('system billing');
    expect(await refusal.innerText()).toContain('estate.in_use');
    await shot(page, '13-remove-refused-light');
    await page.keyboard.press('Escape');
    await d.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Servers' }).getByRole('row', { name: /web-1/ }).waitFor();
  });

  it('warns when a host key changed, replaces it only after the name is typed, then edits and removes', async () => {
    // A private sshd, restarted on the same port with new host (and client) keys: a reinstalled host.
    let before = await startSshd();
    try {
      keys.push(before.clientKey);
      await page.getByRole('button', { name: 'Add a server' }).click();
      const add = dialog(page, 'Add a server');
      await field(add, 'Name').fill('web-2');
      await field(add, 'Host').fill(before.host);
      await field(add, 'Port').fill(String(before.port));
      await field(add, 'User').fill(before.user);
      await add.locator('input[type="file"]').setInputFiles(writeTemp(work, 'web-2-old', before.clientKey));
      await add.getByRole('button', { name: 'Add server' }).click();
      const accept = dialog(page, 'Accept the host key of web-2?');
      await accept.getByRole('button', { name: 'Accept this key' }).click();
      await page
        .getByTestId('test-result-web-2')
        .and(page.locator('[data-status="ok"]'))
        .waitFor({ timeout: 30_000 });

      const old = before.hostKeyFingerprint;
      await before.stop();
      before = await startSshd({ port: before.port });
      keys.push(before.clientKey);
      await page.getByRole('button', { name: 'Test server web-2' }).click();
      const changed = dialog(page, 'Warning: the host key of web-2 changed');
      await changed.waitFor();
      const shown = await changed.getByTestId('host-key-fingerprint').allInnerTexts();
      expect(shown).toEqual([old, before.hostKeyFingerprint]);
      await changed.getByText('This may be an attack', { exact: false }).waitFor();
      const replace = changed.getByRole('button', { name: 'Replace the accepted key' });
      expect(await replace.isDisabled()).toBe(true);
      await changed.getByLabel(/Type the server's name/).fill('web-1');
      expect(await replace.isDisabled()).toBe(true);
      await changed.getByLabel(/Type the server's name/).fill('web-2');
      await shot(page, '14-host-key-changed-light');
      await replace.click();
      await changed.waitFor({ state: 'hidden' });
      // The new host has new client keys too: the stored key no longer logs in.
      const result = page.getByTestId('test-result-web-2');
      await result.and(page.locator('[data-status="error"]')).waitFor({ timeout: 30_000 });
      await result.getByText('ssh.auth_failed').waitFor();
      await page
        .getByRole('region', { name: 'Servers' })
        .getByRole('row', { name: /web-2/ })
        .getByText(before.hostKeyFingerprint)
        .waitFor();

      // Edit: give the new key; the rest stays.
      await page.getByRole('button', { name: 'Edit server web-2' }).click();
      const edit = dialog(page, 'Edit server web-2');
      expect(await field(edit, 'Name').isDisabled()).toBe(true);
      await edit.getByText('A key is stored. Choose a file only to replace it.').waitFor();
      await edit.locator('input[type="file"]').setInputFiles(writeTemp(work, 'web-2-new', before.clientKey));
      await edit.getByText('web-2-new').waitFor();
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Test server web-2' }).click();
      await result.and(page.locator('[data-status="ok"]')).waitFor({ timeout: 30_000 });

      // Nothing uses web-2: it goes, after a preview.
      await page.getByRole('button', { name: 'Remove server web-2' }).click();
      const remove = dialog(page, 'Remove server web-2?');
      await remove.getByText(`forgets its accepted host key ${before.hostKeyFingerprint}`).waitFor();
      await remove.getByRole('button', { name: 'Remove server web-2' }).click();
      await remove.waitFor({ state: 'hidden' });
      await page
        .getByRole('region', { name: 'Servers' })
        .getByRole('row', { name: /web-2/ })
        .waitFor({ state: 'detached' });
    } finally {
      await before.stop();
    }
  });

  it('asks for the passphrase when a locked vault is needed, then retries the call', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('l'); // lock the vault
    await page.getByTestId('vault-banner').getByText('The vault is locked.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Test server web-1' }).click();
    const d = dialog(page, 'Unlock the vault');
    await d.waitFor();
    await field(d, 'Vault passphrase').fill('not the passphrase');
    await d.getByRole('button', { name: 'Unlock' }).click();
    await d.getByText('Wrong vault passphrase.', { exact: false }).waitFor();
    await shot(page, '15-unlock-wrong-light');
    await field(d, 'Vault passphrase').fill(passphrase);
    await d.getByRole('button', { name: 'Unlock' }).click();
    await d.waitFor({ state: 'hidden' });
    await page
      .getByTestId('test-result-web-1')
      .and(page.locator('[data-status="ok"]'))
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('vault-banner').waitFor({ state: 'hidden' });
    await setTheme(page, 'dark');
    await shot(page, '16-servers-dark');
    await setTheme(page, 'light');
  });

  it('exports the estate as YAML, without secrets', async () => {
    await openSettingsTab(page, 'f', 'Export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export YAML' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lifeboat-estate-.*\.yaml$/);
    const yaml = readFileSync((await download.path())!, 'utf8');
    for (const name of ['web-1', 'lab', 'usb', 'offsite', 'billing']) expect(yaml).toContain(name);
    expect(yaml).not.toContain(sshd.get().clientKey.trim().split('\n')[1]!);
    await page.getByText(/Saved lifeboat-estate-.*\.yaml/).waitFor();
    await shot(page, '17-export-light');

    // Importing it back is a dry run first: everything is already here, unchanged.
    const yamlPath = writeTemp(work, 'estate.yaml', yaml);
    await page
      .locator('section[aria-labelledby="import-heading"] input[type="file"]')
      .setInputFiles(yamlPath);
    await page.getByRole('button', { name: 'Preview the import' }).click();
    const plan = page.getByRole('table', { name: 'What the import does' });
    await plan.waitFor();
    expect(await plan.locator('tbody tr').count()).toBe(5);
    expect(await plan.locator('tbody tr[data-action="unchanged"]').count()).toBe(5);
    expect(await page.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
    await shot(page, '18-import-preview-light');
  });

  it('kept every secret out of API answers, and the console clean', async () => {
    await api.settle();
    const keyLines = keys.flatMap((k) =>
      k.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----')),
    );
    expect(keys).toHaveLength(3);
    for (const secret of [...keys.map((k) => k.trim()), ...keyLines, passphrase, kube.get().token]) {
      expect(api.containing(secret), `a response holds a secret (${secret.slice(0, 12)}…)`).toEqual([]);
    }
    expect(api.answers().length).toBeGreaterThan(20);
    expect(api.failures()).toEqual(expectedFailures);
    expect(problems.list()).toEqual([]);
  });
});
