// Small steps the estate browser test repeats: dialogs by title, Settings tabs by shortcut,
// screenshots by name, temp files for the file pickers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const shots = 'test-results';

/** A form field by its label, whether or not Mantine marks it required (" *"). */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

export function dialog(page: Page, title: string | RegExp): Locator {
  return page.getByRole('dialog', { name: title });
}

/** "g e s" and friends: the Settings tabs' shortcuts. */
export async function openSettingsTab(
  page: Page,
  key: 's' | 'c' | 'r' | 'f',
  heading: string,
): Promise<void> {
  await page.locator('body').focus();
  for (const k of ['g', 'e', key]) await page.keyboard.press(k);
  await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1270, 790); // no hover state left on what was just clicked
  await page.waitForTimeout(150);
  // Whole page, except under a dialog: its overlay covers only the viewport.
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: `${shots}/estate-${name}.png`, fullPage: !dialogOpen });
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page
    .getByRole('banner')
    .locator('label', { hasText: theme === 'light' ? 'Light' : 'Dark' })
    .click();
  await page.locator(`html[data-mantine-color-scheme="${theme}"]`).waitFor({ state: 'attached' });
  await page.waitForTimeout(250);
}

/** A file in `dir` (the test's temp folder), for setInputFiles. */
export function writeTemp(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}
