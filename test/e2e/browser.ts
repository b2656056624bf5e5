// Chromium (Debian's) through playwright-core, and a watcher that records everything that should
// never happen on a healthy console page: console errors, page errors, failed requests, HTTP errors.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface PageProblems {
  /** Everything seen so far, as readable lines. */
  list(): string[];
  /** Stop counting problems whose text matches (a test that provokes them on purpose). */
  allow(pattern: RegExp): void;
}

export function watchPage(page: Page): PageProblems {
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  const add = (line: string) => {
    if (!allowed.some((p) => p.test(line))) problems.push(line);
  };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') add(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => add(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    // The event stream is a request that never ends: leaving or reloading the page aborts it.
    if (error === 'net::ERR_ABORTED' && new URL(r.url()).pathname === '/api/events') return;
    add(`requestfailed: ${r.method()} ${r.url()} ${error}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) add(`http ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return {
    list: () => [...problems],
    allow: (p) => void allowed.push(p),
  };
}

export async function newConsolePage(
  browser: Browser,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  // Reduced motion: no half-finished transitions in screenshots (the console honours it).
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}
