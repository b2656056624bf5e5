// Leaving a prompt of the built CLI at a real terminal (a pseudo-terminal from util-linux
// `script`, since the CLI asks only when stdin and stderr are terminals): Ctrl-D (end of input)
// and Ctrl-C at "New vault passphrase:" and at the restore's "Type "yes"" stop the command with
// one line saying so and that nothing was written, exit 1 as a "no" does, and leave the terminal
// as it was (canonical mode, echo on) — not exit 13 ("unsettled top-level await") in silence. At a
// step of a runbook run, the run stops there and keeps waiting, as when the step is declined.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createLifeboat } from '../../core/api/lifeboat';
import { requireService } from '../harness/services';
import { cliBin, cliFor } from './cli-run';
import { seedApp } from './restore-seed';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
// CI installs util-linux's `script` (.ci/run): there, a missing one fails rather than skips.
if (!hasScript && process.env.CI === 'true')
  throw new Error('`script` (util-linux) is needed for the prompt tests');
const sshd = requireService(inject('services'), 'sshd');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface TtyRun {
  code: number | null;
  /** Everything the terminal showed, "\r\n" as "\n", before the `stty` report. */
  screen: string;
  /** The terminal's settings after the command ended (`stty -a`). */
  stty: string;
}

/**
 * Runs the CLI at a pseudo-terminal; each time the screen shows the next step's prompt, types its
 * keys. Resolves when it ended, with its exit code and the terminal's settings after it.
 */
function atTerminal(args: string[], steps: [prompt: string, keys: string][], env: NodeJS.ProcessEnv) {
  const marker = '--- stty after lifeboat ---';
  const command = `${[process.execPath, cliBin, ...args].map(quote).join(' ')}; code=$?; echo; echo '${marker}'; stty -a; exit $code`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: { ...process.env, ...env, SHELL: '/bin/sh', TERM: process.env.TERM || 'xterm' },
  });
  let screen = '';
  let seen = 0; // where the screen is read from for the next prompt
  let step = 0;
  return new Promise<TtyRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; the terminal showed: ${screen}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      const next = steps[step];
      const at = next ? screen.indexOf(next[0], seen) : -1;
      if (next && at >= 0) {
        seen = at + next[0].length;
        step++;
        child.stdin.write(next[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      const text = screen.replace(/\r\n/g, '\n');
      const at = text.indexOf(marker);
      resolve({
        code,
        screen: at < 0 ? text : text.slice(0, at),
        stty: at < 0 ? '' : text.slice(at + marker.length),
      });
    });
  });
}

/** Canonical mode and echo are on again (readline's raw mode is off). */
function expectSaneTerminal(stty: string) {
  expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
  expect(stty).toMatch(/(^|\s)echo(\s|$)/);
}

const noPassphrase = { LIFEBOAT_PASSPHRASE: '' };

describe.skipIf(!hasScript)('leaving the vault passphrase prompt', () => {
  const first = 'New vault passphrase: ';
  it.each<[string, [string, string][], string]>([
    ['Ctrl-D', [[first, '\x04']], 'end of input'],
    ['Ctrl-C', [[first, 'half typ\x03']], 'Ctrl-C'],
    // Leaving the second prompt, "Repeat it:", after typing the first.
    [
      'Ctrl-D at the second',
      [
        [first, 'secret passphrase\r'],
        ['Repeat it: ', '\x04'],
      ],
      'end of input',
    ],
    [
      'Ctrl-C at the second',
      [
        [first, 'secret passphrase\r'],
        ['Repeat it: ', 'sec\x03'],
      ],
      'Ctrl-C',
    ],
  ])('%s stops the command: one line, exit 1, no vault, the terminal sane', async (_name, steps, how) => {
    const data = join(mkdtempSync(join(tmpdir(), 'lifeboat-cli-prompt-')), 'data');
    const r = await atTerminal(['--data-dir', data, 'vault', 'init'], steps, noPassphrase);
    expect(r.screen).toContain(`Cancelled at the prompt (${how}): nothing was written.`);
    expect(r.screen).not.toContain('secret'); // still not echoed
    expect(r.screen).not.toMatch(/top-level await|error:/);
    expect(r.code, r.screen).toBe(1);
    expectSaneTerminal(r.stty);
    const status = await cliFor(data, '')(['--json', 'vault', 'status']);
    expect(JSON.parse(status.out)).toMatchObject({ initialized: false });
  });
});

describe.skipIf(!hasScript || sshd.skip)('leaving the restore confirmation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-prompt-restore-'));
  const data = join(dir, 'data');
  const app = join(dir, 'app');
  const scope = `server:web-1:${app}`;
  const conf = join(app, 'nginx.conf');
  const env = { LIFEBOAT_PASSPHRASE: 'laptop vault passphrase' };
  const question = 'Type "yes" to go on: ';

  beforeAll(async () => {
    mkdirSync(app, { recursive: true });
    writeFileSync(conf, 'worker_processes 4;\n');
    const l = createLifeboat({ dataDir: data, mode: 'cli' });
    try {
      await seedApp(l, sshd.get(), dir, scope);
    } finally {
      await l.close();
    }
    writeFileSync(conf, 'worker_processes oops\n');
  }, 60_000);

  const restores = async () => {
    const r = await cliFor(data, env.LIFEBOAT_PASSPHRASE)(['--json', 'restores']);
    expect(r.code, r.err).toBe(0);
    return (JSON.parse(r.out) as unknown[]).length;
  };

  it.each([
    ['Ctrl-D', '\x04', 'end of input'],
    ['Ctrl-C', 'ye\x03', 'Ctrl-C'],
  ])(
    '%s writes nothing and exits 1, as "no" does',
    async (_name, keys, how) => {
      const r = await atTerminal(
        ['--data-dir', data, 'restore', scope, '--path', conf],
        [[question, keys]],
        env,
      );
      expect(r.screen).toContain('Write this 1 change to');
      expect(r.screen).toContain(`Cancelled at the prompt (${how}): nothing was written.`);
      expect(r.screen).not.toMatch(/top-level await|error:/);
      expect(r.code, r.screen).toBe(1);
      expectSaneTerminal(r.stty);
      expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n');
      expect(await restores()).toBe(0);
    },
    60_000,
  );

  it('"no" writes nothing and exits 1 too', async () => {
    const r = await atTerminal(
      ['--data-dir', data, 'restore', scope, '--path', conf],
      [[question, 'no\r']],
      env,
    );
    expect(r.screen).toContain('Nothing written.');
    expect(r.code, r.screen).toBe(1);
    expectSaneTerminal(r.stty);
    expect(readFileSync(conf, 'utf8')).toBe('worker_processes oops\n');
    expect(await restores()).toBe(0);
  }, 60_000);

  it('Ctrl-D at a step of a run leaves the run waiting at that step, exit 1', async () => {
    const r = await atTerminal(
      ['--data-dir', data, 'run', 'app', '--mode', 'incident'],
      [['or nothing to stop: ', '\x04']],
      env,
    );
    expect(r.screen).toMatch(/Run \S+ waits: cancelled at the prompt \(end of input\)\. It keeps waiting/);
    expect(r.screen).not.toMatch(/top-level await|error:/);
    expect(r.code, r.screen).toBe(1);
    expectSaneTerminal(r.stty);
    const runs = await cliFor(data, env.LIFEBOAT_PASSPHRASE)(['--json', 'runs', 'app']);
    expect(JSON.parse(runs.out)).toMatchObject([{ state: 'Waiting' }]);
  }, 60_000);
});
