import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { LifeboatError } from '../../api/errors';
import { startServer } from '../../serve/server';
import type { CliContext } from '../context';
import { openVault } from '../secrets';

/** The built renderer sits beside the built CLI: out/cli/lifeboat.js → out/renderer. */
export function consoleDir(): string {
  return fileURLToPath(new URL('../renderer/', import.meta.url));
}

export function registerServe(program: Command, ctx: () => CliContext): void {
  program
    .command('serve')
    .description('serve the console to a browser on 127.0.0.1 (prints the URL with its token)')
    .option('--port <port>', 'port to listen on; 0 picks a free one', parsePort, 0)
    .action(async (o: { port: number }) => {
      await serveConsole(ctx(), o.port);
    });
}

/** Serves until SIGINT/SIGTERM. */
export async function serveConsole(c: CliContext, port: number): Promise<void> {
  const staticDir = consoleDir();
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new LifeboatError(
      'serve.console_not_built',
      `The console is not built (no ${join(staticDir, 'index.html')}). Run \`npm run build\` first.`,
    );
  }
  const lifeboat = c.open('serve');
  // With LIFEBOAT_PASSPHRASE the vault opens now; otherwise the console asks for it.
  if (process.env.LIFEBOAT_PASSPHRASE) await openVault(c);
  const server = await startServer({ lifeboat, staticDir, port });
  c.io.out(`Lifeboat console: ${server.url}`);
  c.io.out(
    `Data: ${c.dataDir}. Only this machine can connect; the link carries a one-time token. Ctrl+C stops.`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, got "${v}".`);
  }
  return n;
}
