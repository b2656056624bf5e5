// Starts the real `lifeboat serve` (the built CLI) on a free port with its own data directory,
// and reads the console URL (with its one-time token) from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ServeProcess {
  /** The printed link: http://127.0.0.1:PORT/#token=… */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  stop(): Promise<void>;
}

const cli = resolve('out/cli/lifeboat.js');

export async function startServe(dataDir: string, timeoutMs = 20_000): Promise<ServeProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  // Hermetic: a passphrase in the environment would open the vault before the console asks.
  const { LIFEBOAT_PASSPHRASE: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`serve printed no URL in ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`)),
      timeoutMs,
    );
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(
        new Error(`serve exited (${code}) before printing its URL.\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    });
  });
  return { url, origin: new URL(url).origin, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}
