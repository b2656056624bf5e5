// Steps of the restore points browser test that set up the estate through the console itself:
// the vault, a server (host key accepted), a local repository, a system. Screenshots are named
// test-results/points-<name>.png.
import type { Page } from 'playwright-core';
import { dialog, field, openSettingsTab, shots, writeTemp } from './estate-steps';

export async function pointsShot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1270, 790); // no hover state left on what was just clicked
  // From the top: a full-page capture of a scrolled page paints the fixed header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: `${shots}/points-${name}.png`, fullPage: !dialogOpen });
}

export async function createVault(page: Page, passphrase: string): Promise<void> {
  const banner = page.getByTestId('vault-banner');
  await banner.getByRole('button', { name: 'Create a vault passphrase' }).click();
  const d = dialog(page, 'Create a vault passphrase');
  await field(d, 'New vault passphrase').fill(passphrase);
  await field(d, 'The same passphrase again').fill(passphrase);
  await d.getByRole('button', { name: 'Create the vault' }).click();
  await d.waitFor({ state: 'hidden' });
  await banner.waitFor({ state: 'hidden' });
}

export async function addServer(
  page: Page,
  work: string,
  server: { name: string; host: string; port: number; user: string; clientKey: string },
): Promise<void> {
  await openSettingsTab(page, 's', 'Servers');
  await page.getByRole('button', { name: 'Add a server' }).click();
  const d = dialog(page, 'Add a server');
  await field(d, 'Name').fill(server.name);
  await field(d, 'Host').fill(server.host);
  await field(d, 'Port').fill(String(server.port));
  await field(d, 'User').fill(server.user);
  await d.locator('input[type="file"]').setInputFiles(writeTemp(work, 'id_key', server.clientKey));
  await d.getByRole('button', { name: 'Add server' }).click();
  await d.waitFor({ state: 'hidden' });
  const hostKey = dialog(page, `Accept the host key of ${server.name}?`);
  await hostKey.getByRole('button', { name: 'Accept this key' }).click();
  await hostKey.waitFor({ state: 'hidden' });
  await page
    .getByTestId(`test-result-${server.name}`)
    .and(page.locator('[data-status="ok"]'))
    .waitFor({ timeout: 30_000 });
}

export async function addLocalRepository(page: Page, name: string, folder: string): Promise<void> {
  await openSettingsTab(page, 'r', 'Repositories');
  await page.getByRole('button', { name: 'Add a repository' }).click();
  const d = dialog(page, 'Add a repository');
  await field(d, 'Name').fill(name);
  await field(d, 'Folder').fill(folder);
  await d.getByRole('button', { name: 'Add repository' }).click();
  await d.waitFor({ state: 'hidden' });
  await page
    .getByTestId(`test-result-${name}`)
    .and(page.locator('[data-status="ok"]'))
    .waitFor({ timeout: 30_000 });
}

export async function addSystem(
  page: Page,
  system: { name: string; team: string; rpo: string; repository: string; server: string; path: string },
): Promise<void> {
  await page.locator('body').focus();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.getByRole('heading', { level: 1, name: 'Systems' }).waitFor();
  await page.getByRole('button', { name: 'Add a system' }).click();
  const d = dialog(page, 'Add a system');
  await field(d, 'Name').fill(system.name);
  await field(d, 'Owner team').fill(system.team);
  await field(d, 'RPO').fill(system.rpo);
  await field(d, 'RTO').fill('4h');
  await field(d, 'Repository').selectOption(system.repository);
  await field(d, 'Server').selectOption(system.server);
  await field(d, 'Absolute path').fill(system.path);
  await d.getByRole('button', { name: 'Add scope' }).click();
  await d.getByText(`server:${system.server}:${system.path}`, { exact: true }).waitFor();
  await d.getByRole('button', { name: 'Add system' }).click();
  await d.waitFor({ state: 'hidden' });
}
