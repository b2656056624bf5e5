// The built CLI (`out/cli/lifeboat.js`, built by `npm test` first) run as a user runs it, without
// blocking this process (services such as the Kubernetes emulator may run in it).
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const cliBin = join(process.cwd(), 'out/cli/lifeboat.js');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** A `lifeboat` bound to a data dir and the vault passphrase (LIFEBOAT_PASSPHRASE). */
export function cliFor(dataDir: string, passphrase: string, timeout = 60_000) {
  return (args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<CliRun>((resolve) => {
      execFile(
        process.execPath,
        [cliBin, '--data-dir', dataDir, ...args],
        { env: { ...process.env, LIFEBOAT_PASSPHRASE: passphrase, ...env }, timeout },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, out: stdout, err: stderr });
        },
      );
    });
}
