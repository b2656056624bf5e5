// The built CLI (`out/cli/lifeboat.js`, built by `npm test` first) run as a user runs it, without
// blocking this process (services such as the Kubernetes emulator may run in it).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { SshdInfo } from '../harness/services';

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

/**
 * CLI arguments that add server web-1 (the harness sshd, its host key accepted), a local
 * repository "disk" in `repoDir` created with the passphrase in $RP, then each system on it with
 * its scopes. Run them in order with `RP` in the environment.
 */
export function estateSteps(s: SshdInfo, repoDir: string, systems: [string, ...string[]][]): string[][] {
  const host = ['--host', s.host, '--port', String(s.port), '--user', s.user];
  const key = ['--key', s.clientKeyPath, '--accept-host-key', s.hostKeyFingerprint];
  const system = ['--owner', 'ops', '--rpo', '24h', '--rto', '1h', '--repo', 'disk', '--scope'];
  return [
    ['server', 'add', 'web-1', ...host, ...key],
    ['repo', 'add', 'disk', '--path', repoDir],
    ['repo', 'init', 'disk', '--passphrase-env', 'RP'],
    ...systems.map(([name, ...scopes]) => ['system', 'add', name, ...system, ...scopes]),
  ];
}
