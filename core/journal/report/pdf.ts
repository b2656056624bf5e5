// The PDF is the same HTML, printed by headless Chromium (Debian's `chromium`, or Chrome), so
// the two formats never drift apart. Nothing is downloaded: without a browser on the machine the
// PDF fails with `report.pdf_unavailable`, saying what is missing; the HTML needs nothing.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LifeboatError } from '../../api/errors';

/** Where browsers are usually installed; LIFEBOAT_CHROMIUM names another. */
export const chromiumCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

const runnable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.LIFEBOAT_CHROMIUM;
  if (chosen) {
    if (runnable(chosen)) return chosen;
    throw new LifeboatError(
      'report.pdf_unavailable',
      `LIFEBOAT_CHROMIUM names ${chosen}, which is not an executable file; a PDF report needs Chromium or Chrome there. The HTML report needs nothing: use --out FILE.html.`,
    );
  }
  const found = chromiumCandidates.find(runnable);
  if (found) return found;
  throw new LifeboatError(
    'report.pdf_unavailable',
    `A PDF report is printed by Chromium or Chrome, and neither was found (looked in ${chromiumCandidates.slice(0, 4).join(', ')} and the usual macOS and Windows folders). Install chromium, or set LIFEBOAT_CHROMIUM to a browser's path. The HTML report needs nothing: use --out FILE.html.`,
  );
}

export interface PdfOptions {
  chromium?: string;
  timeoutMs?: number;
}

export async function htmlToPdf(page: string, opts: PdfOptions = {}): Promise<Buffer> {
  const chromium = opts.chromium ?? findChromium();
  const work = mkdtempSync(join(tmpdir(), 'lifeboat-report-'));
  try {
    const input = join(work, 'report.html');
    const output = join(work, 'report.pdf');
    writeFileSync(input, page);
    const args = [
      '--headless',
      // The page is our own escaped HTML whose policy forbids scripts and every fetch; the
      // sandbox cannot start as root or in most containers, where this runs headless.
      '--no-sandbox',
      '--disable-gpu',
      '--no-pdf-header-footer',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--no-first-run',
      '--no-default-browser-check',
      // A throwaway profile: the user's own browser profile is neither read nor changed.
      `--user-data-dir=${join(work, 'profile')}`,
      `--print-to-pdf=${output}`,
      pathToFileURL(input).href,
    ];
    const { code, stderr } = await run(chromium, args, opts.timeoutMs ?? 90_000);
    let pdf: Buffer | undefined;
    try {
      pdf = readFileSync(output);
    } catch {
      pdf = undefined;
    }
    if (!pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      const why = code === null ? 'it did not finish in time' : `it exited with code ${code}`;
      throw new LifeboatError(
        'report.pdf_failed',
        `${chromium} printed no PDF (${why})${stderr ? `: ${lastLines(stderr)}` : '.'}`,
      );
    }
    return pdf;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        new LifeboatError('report.pdf_unavailable', `Cannot start ${cmd} to print the PDF: ${e.message}`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stderr });
    });
  });
}

/** The last meaningful lines of a browser's chatter, for an error message. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' / ').slice(0, 600);
}
