// Steps of the wizard browser test. Seeded through the core itself (recover-steps' seedThroughCore): the
// vault, the sshd server (local, as root) with its host key accepted, a local repository, a
// system "shop" whose scope is a small folder with a config file, one real backup, and the
// system's own runbook (imported YAML: check → approve → restore the config file → verify with
// the file's hash and an HTTP probe of a health server this test runs → note). The health server
// answers 200 "ok" only while the config file on disk is the good one, so the probe proves the
// restore. Screenshots: test-results/wizard-NN-*.png and drills-*.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SshdInfo } from '../harness/sshd';
import { shots } from './estate-steps';
import { seedThroughCore } from './recover-steps';

export const goodConfig = 'listen 8080\nmode healthy\nworkers 4\n';
export const badConfig = 'listen 8080\nmode brok en\nworkers 0\n';

export interface WizardSeed {
  system: string;
  server: string;
  team: string;
  contact: string;
  runbook: string;
  scope: string;
  tree: string;
  /** The config file the incident breaks. */
  config: string;
  healthUrl: string;
}

/** A health endpoint that is "ok" only while `config` holds the good configuration. */
export async function startHealthServer(config: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let healthy = false;
    try {
      healthy = readFileSync(config, 'utf8').includes('mode healthy');
    } catch {
      healthy = false;
    }
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(healthy ? 'ok\n' : 'config broken\n');
    req.resume();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/health`, server };
}

export function runbookYaml(s: Omit<WizardSeed, 'runbook'>, name: string): string {
  return `name: ${name}
system: ${s.system}
owner: { team: ${s.team}, contact: ${s.contact} }
description: Put the shop's config back after a bad edit, then prove the shop answers again.
steps:
  - id: check-symptoms
    kind: check
    title: Confirm the shop is down
    text: The health page ${s.healthUrl} answers 503 instead of "ok".
  - id: approve-restore
    kind: approve
    title: Approve the restore
    text: conf/app.conf on ${s.server} goes back to the newest point before the incident.
  - id: restore-config
    kind: restore
    title: Put app.conf back
    scope: '${s.scope}'
    paths: ['${s.config}']
    before: incident
  - id: verify-shop
    kind: verify
    title: Prove the shop is back
    checks:
      - fileHash: { scope: '${s.scope}', path: '${s.config}' }
      - http: { url: '${s.healthUrl}', bodyRegex: 'ok', timeoutSeconds: 5 }
  - id: record
    kind: note
    title: Write down what happened
    text: Record the cause, the point restored, and anything that did not go as this runbook says.
`;
}

export async function seedWizard(
  dataDir: string,
  work: string,
  sshd: SshdInfo,
  healthUrl: (config: string) => Promise<string>,
  passphrases: { vault: string; repository: string },
): Promise<WizardSeed> {
  const tree = join(work, 'shop');
  mkdirSync(join(tree, 'conf'), { recursive: true });
  writeFileSync(join(tree, 'index.html'), '<h1>shop</h1>\n');
  const config = join(tree, 'conf', 'app.conf');
  writeFileSync(config, goodConfig);
  const base = {
    system: 'shop',
    server: 'web-1',
    team: 'Shop team',
    contact: 'shop-oncall@example.com',
    scope: `server:web-1:${tree}`,
    tree,
    config,
    healthUrl: await healthUrl(config),
  };
  const seed: WizardSeed = { ...base, runbook: 'shop-recovery' };
  await seedThroughCore(
    dataDir,
    work,
    sshd,
    passphrases,
    { ...seed, drillEvery: '30d', description: 'The web shop.' },
    (l) =>
      l.call('runbook.import', { yaml: runbookYaml(base, seed.runbook), filename: 'shop-recovery.yaml' }),
  );
  return seed;
}

async function shot(page: Page, file: string): Promise<void> {
  await page.mouse.move(1270, 790);
  await page.waitForTimeout(150);
  const dialogOpen = (await page.getByRole('dialog').count()) > 0;
  if (!dialogOpen) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shots}/${file}.png`, fullPage: !dialogOpen });
}

export const wizardShot = (page: Page, name: string) => shot(page, `wizard-${name}`);
export const drillsShot = (page: Page, name: string) => shot(page, `drills-${name}`);

/** The step the run view shows now (its id and state as data attributes). */
export function stepCard(page: Page, stepId: string, state?: string) {
  return page.locator(`section[data-step-id="${stepId}"]${state ? `[data-step-state="${state}"]` : ''}`);
}
