// Steps of the Recover browser test. The estate is seeded through the core itself (the same
// calls the console makes, in this process, before `lifeboat serve` opens the data directory):
// the vault, the sshd server with its host key accepted, a local repository created with its
// passphrase, a system whose scope is a folder on that (local) server, and one real backup of it.
// Screenshots are named test-results/recover-<name>.png.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Lifeboat } from '../../core/api/lifeboat';
import type { SshdInfo } from '../harness/sshd';
import { shots } from './estate-steps';

export interface RecoverSeed {
  system: string;
  server: string;
  team: string;
  contact: string;
  /** The folder the system protects (scope server:<server>:<tree>). */
  tree: string;
  /** The one file the test breaks and repairs. */
  victim: string;
  original: Buffer;
  scope: string;
}

const MiB = 2 ** 20;

/** The folder on the (local) server: a small site with one large data file. */
export function makeSite(work: string): Pick<RecoverSeed, 'tree' | 'victim' | 'original'> {
  const tree = join(work, 'site');
  mkdirSync(join(tree, 'conf'), { recursive: true });
  mkdirSync(join(tree, 'data'), { recursive: true });
  writeFileSync(join(tree, 'index.html'), '<h1>orders</h1>\n'.repeat(100));
  writeFileSync(join(tree, 'README'), 'the orders site\n');
  writeFileSync(join(tree, 'conf', 'app.conf'), 'listen 8080\nworkers 4\n');
  // Large enough that restoring it takes a moment, so its progress can be seen.
  const original = randomBytes(24 * MiB);
  const victim = join(tree, 'data', 'orders.db');
  writeFileSync(victim, original);
  return { tree, victim, original };
}

/** The incident: a stretch of the file overwritten with zeros (same size, other content). */
export function corrupt(file: string, original: Buffer, seed: number): Buffer {
  const broken = Buffer.from(original);
  broken.fill(seed, 1 * MiB, 1 * MiB + 64 * 1024);
  writeFileSync(file, broken);
  return broken;
}

/** What both browser seeds give the core: a system on the sshd server, its repository, passphrases. */
export interface CoreSeed {
  system: string;
  server: string;
  team: string;
  contact: string;
  scope: string;
  description: string;
  drillEvery?: string;
}

/**
 * Seeds through the core itself: the vault, the sshd server with its host key accepted, a local
 * repository "usb" in work/repo created with its passphrase, the system, whatever `more` adds
 * (a runbook), then one real backup of it.
 */
export async function seedThroughCore(
  dataDir: string,
  work: string,
  sshd: SshdInfo,
  passphrases: { vault: string; repository: string },
  seed: CoreSeed,
  more: (l: Lifeboat) => Promise<unknown> = async () => {},
): Promise<void> {
  // Loaded here, as in seed.ts: only tests that seed depend on the core's internals.
  const { createLifeboat } = await import('../../core/api/lifeboat');
  const repoDir = join(work, 'repo');
  mkdirSync(repoDir);
  const l = createLifeboat({ dataDir, mode: 'cli', actor: 'e2e' });
  try {
    await l.call('vault.init', { passphrase: passphrases.vault });
    await l.call('server.add', {
      name: seed.server,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: { kind: 'key', privateKey: sshd.clientKey },
      acceptHostKey: sshd.hostKeyFingerprint,
    });
    await l.call('repo.add', { name: 'usb', location: { kind: 'local', path: repoDir } });
    await l.call('repo.init', { name: 'usb', passphrase: passphrases.repository });
    await l.call('system.add', {
      name: seed.system,
      ownerTeam: seed.team,
      ownerContact: seed.contact,
      criticality: 'high',
      rpo: '1h',
      rto: '30m',
      ...(seed.drillEvery ? { drillEvery: seed.drillEvery } : {}),
      repository: 'usb',
      scopes: [seed.scope],
      description: seed.description,
    });
    await more(l);
    const { jobs } = await l.call('backup.start', { system: seed.system });
    for (const j of jobs) {
      const done = await l.jobs.wait(j.id);
      if (done.state !== 'Succeeded')
        throw new Error(`seed backup ${done.state}: ${JSON.stringify(done.error)}`);
    }
  } finally {
    await l.close();
  }
}

export async function seedEstate(
  dataDir: string,
  work: string,
  sshd: SshdInfo,
  passphrases: { vault: string; repository: string },
): Promise<RecoverSeed> {
  const site = makeSite(work);
  const seed = {
    system: 'orders',
    server: 'web-1',
    team: 'Orders team',
    contact: 'orders-oncall@example.com',
    scope: `server:web-1:${site.tree}`,
    ...site,
  };
  await seedThroughCore(dataDir, work, sshd, passphrases, {
    ...seed,
    description: 'Takes the orders of the web shop.',
  });
  return seed;
}

export async function recoverShot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1270, 790); // no hover state left on what was just clicked
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(150);
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  await page.screenshot({ path: `${shots}/recover-${name}.png`, fullPage: !dialogOpen });
}

/** The id of the element that has keyboard focus. */
export function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

/** Leaves whatever field has focus, as a click on the page would (shortcuts skip fields). */
export async function leaveField(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Presses keys one after the other. */
export async function keys(page: Page, ...list: string[]): Promise<void> {
  for (const k of list) await page.keyboard.press(k);
}

/** Waits until the confirmation's name field has focus, then types the name and presses Enter. */
export async function typeToConfirm(page: Page, name: string): Promise<void> {
  const label = `Type ${name} to confirm`;
  await page.getByRole('dialog').getByLabel(label).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
  for (let i = 0; i < 50 && (await focused()) !== label; i++) await page.waitForTimeout(20);
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
}

/** The preview of a plan (its data attributes say which plan and whether it is empty). */
export function preview(page: Page): Locator {
  return page.locator('section[data-step="preview"] [data-plan]');
}
