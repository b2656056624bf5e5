// The built `lifeboat` binary (out/cli/lifeboat.js, built by `npm test`'s pretest), run as a
// user would: exit codes, --json, the data directory, refusing a bad catalog, and serve.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(process.cwd(), 'out/cli/lifeboat.js');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const tempDir = () => mkdtempSync(join(tmpdir(), 'lifeboat-cli-'));

function lifeboat(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LIFEBOAT_HOME: '', ...env },
    timeout: 20_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts a long-running command and resolves once stdout matches `ready`. */
function startUntil(args: string[], ready: RegExp) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LIFEBOAT_HOME: '' } });
  let out = '';
  const seen = new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; output so far: ${out}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, seen, exited, output: () => out };
}

describe('lifeboat CLI', () => {
  it('is built', () => {
    expect(existsSync(bin), 'run `npm run build` first').toBe(true);
  });

  it('prints its version and help with exit 0', () => {
    expect(lifeboat(['--version'])).toMatchObject({ code: 0, out: `${pkg.version}\n` });
    const help = lifeboat(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'info', 'jobs', 'start', '--data-dir', '--json'])
      expect(help.out).toContain(cmd);
  });

  it('exits 2 on usage errors, naming what is wrong', () => {
    const unknown = lifeboat(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
    const badLimit = lifeboat(['--data-dir', tempDir(), 'jobs', 'list', '--limit', 'many']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.err).toContain('--limit must be a positive whole number');
    const badState = lifeboat(['--data-dir', tempDir(), 'jobs', 'list', '--state', 'Sleeping']);
    expect(badState.code).toBe(2);
    expect(badState.err).toContain('Sleeping');
    const badPort = lifeboat(['serve', '--port', '99999']);
    expect(badPort.code).toBe(2);
  });

  it('takes only RFC 3339 times with a zone for --before and --incident-start (exit 2 naming the flag)', () => {
    const dir = tempDir();
    const scope = 'server:web-1:/etc/nginx';
    const cases: [string[], string, string][] = [
      [['plan', scope, '--before'], '--before', '12'],
      [['plan', scope, '--before'], '--before', 'Dec 1'],
      [['restore', scope, '--yes', '--before'], '--before', '2026-02-30T00:00:00Z'],
      [['plan', scope, '--before'], '--before', '2026-11-26T14:05:00'],
      [['run', 'billing', '--mode', 'incident', '--incident-start'], '--incident-start', 'Dec 1'],
      [['drill', 'billing', '--incident-start'], '--incident-start', '2026-11-26T25:00:00Z'],
    ];
    for (const [args, flag, value] of cases) {
      const r = lifeboat(['--data-dir', dir, ...args, value]);
      expect(r.code, `${args.join(' ')} ${value}: ${r.err}`).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`${flag} takes an RFC 3339 time with a zone, e.g. 2026-11-26T14:05:00Z`);
      expect(r.err).toContain(`"${value}"`);
    }
    expect(lifeboat(['--data-dir', dir, 'plan', scope, '--before', '2026-02-30T00:00:00Z']).err).toContain(
      'February 2026 has no day 30',
    );
    // Nothing was opened for them: the data directory is still empty.
    expect(existsSync(join(dir, 'catalog.sqlite'))).toBe(false);
  });

  it('uses --data-dir, else LIFEBOAT_HOME, and lists as JSON with --json', () => {
    const dir = tempDir();
    const info = lifeboat(['--data-dir', dir, '--json', 'info']);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.out) as { dataDir: string; catalogSchemaVersion: number; version: string };
    expect(parsed.dataDir).toBe(dir);
    expect(parsed.version).toBe(pkg.version);
    expect(parsed.catalogSchemaVersion).toBeGreaterThanOrEqual(1);
    const home = tempDir();
    const viaEnv = lifeboat(['--json', 'info'], { LIFEBOAT_HOME: home });
    expect((JSON.parse(viaEnv.out) as { dataDir: string }).dataDir).toBe(home);
    const jobs = lifeboat(['--data-dir', dir, '--json', 'jobs', 'list']);
    expect(jobs.code).toBe(0);
    expect(JSON.parse(jobs.out)).toEqual([]);
    expect(lifeboat(['--data-dir', dir, 'jobs', 'list']).out).toContain('No jobs yet.');
  });

  it('exits 1 with the reason on a file that is not a catalog, leaving it untouched', () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.sqlite');
    writeFileSync(file, 'not a database at all');
    const r = lifeboat(['--data-dir', dir, 'info']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a Lifeboat catalog');
    expect(r.err).toContain('[catalog.not_a_catalog]');
    expect(readFileSync(file, 'utf8')).toBe('not a database at all');
  });

  it('reports a failing call (unknown job) with exit 1 and its code', () => {
    const r = lifeboat(['--data-dir', tempDir(), 'jobs', 'cancel', 'no-such-job']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[jobs.not_found]');
  });

  it('serves the console, answers with the token, refuses without, and stops on SIGTERM', async () => {
    const s = startUntil(
      ['--data-dir', tempDir(), 'serve', '--port', '0'],
      /(http:\/\/127\.0\.0\.1:(\d+))\/#token=(\S+)/,
    );
    const [, origin, , token] = await s.seen;
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const call = (headers: Record<string, string>) =>
      fetch(`${origin}/api/call/app.info`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await call({})).status).toBe(401);
    const ok = await call({ Authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { mode: string } }).result.mode).toBe('serve');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });

  const electronInstalled = (() => {
    try {
      const p: unknown = createRequire(import.meta.url)('electron');
      return typeof p === 'string' && existsSync(p);
    } catch {
      return false;
    }
  })();

  // Where Electron's binary is present, `start` opens a window instead; that needs a display.
  it.skipIf(electronInstalled)(
    'start says Electron is absent in one line and serves the console instead',
    async () => {
      const s = startUntil(['--data-dir', tempDir(), 'start'], /(http:\/\/127\.0\.0\.1:\d+)\/#token=\S+/);
      const [, origin] = await s.seen;
      expect(s.output().split('\n')[0]).toBe(
        'Electron is not installed here; serving the same console for your browser instead.',
      );
      expect((await fetch(`${origin}/`)).status).toBe(200);
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    },
  );
});
