import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { serveConsole } from './serve';

/** The Electron binary, if the optional `electron` package installed one. */
function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined; // not installed, or installed without its binary
  }
}

export function registerStart(program: Command, ctx: () => CliContext): void {
  program
    .command('start')
    .description('open the desktop console, or serve it to a browser where Electron is not installed')
    .action(async () => {
      const c = ctx();
      const electron = electronBinary();
      if (!electron) {
        c.io.out('Electron is not installed here; serving the same console for your browser instead.');
        await serveConsole(c, 0);
        return;
      }
      const appRoot = fileURLToPath(new URL('../../', import.meta.url));
      const child = spawn(electron, [appRoot], {
        stdio: 'inherit',
        env: { ...process.env, LIFEBOAT_HOME: c.dataDir },
      });
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => {
          c.exitCode = code ?? 1;
          resolve();
        });
      });
    });
}
