import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = 'ssh-keygen';
const HOST = '127.0.0.1';

/** Serialisable facts about a running sshd (what tests in worker processes receive). */
export interface SshdInfo {
  host: string;
  port: number;
  /** The login user: the user running the tests (root on the CI machines). */
  user: string;
  /** Unencrypted OpenSSH ed25519 private key, listed in authorized_keys. */
  clientKeyPath: string;
  /** Contents of clientKeyPath. */
  clientKey: string;
  /** Passphrase-protected OpenSSH ed25519 private key, also in authorized_keys. */
  encryptedKeyPath: string;
  encryptedKeyPassphrase: string;
  /** As `ssh-keygen -lf` prints it: "SHA256:" + unpadded base64 of sha256(raw key blob). */
  hostKeyFingerprint: string;
  /** "ssh-ed25519 AAAA..." (no comment), usable in a known_hosts line. */
  hostPublicKey: string;
  /** "[127.0.0.1]:PORT ssh-ed25519 AAAA..." — a ready known_hosts line. */
  knownHostsLine: string;
  /** sshd's own log (-e, LogLevel VERBOSE); removed with dir on stop(). */
  logPath: string;
  /** Temp folder holding config, keys and log. */
  dir: string;
}

export interface SshdService extends SshdInfo {
  stop(): Promise<void>;
}

export interface StartSshdOptions {
  /** Listen on this port (e.g. to restart on the same port with a fresh host key). */
  port?: number;
  /** How long to wait for the "SSH-2.0" banner. Default 10 s. */
  readyTimeoutMs?: number;
}

export const ENCRYPTED_KEY_PASSPHRASE = 'correct horse';

/** Starts Debian's sshd as a child process on 127.0.0.1 with its own config and keys. */
export async function startSshd(opts: StartSshdOptions = {}): Promise<SshdService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-sshd-'));
  try {
    await mkdir('/run/sshd', { recursive: true }); // privilege separation directory
    const keys = await generateKeys(dir);
    // A port picked by freePort can be taken before sshd binds it: retry with another one.
    const attempts = opts.port === undefined ? 3 : 1;
    for (let attempt = 1; ; attempt++) {
      const port = opts.port ?? (await freePort(HOST));
      try {
        return await launch(dir, port, keys, opts.readyTimeoutMs ?? 10_000);
      } catch (err) {
        const inUse = err instanceof Error && /Address already in use/i.test(err.message);
        if (!inUse || attempt >= attempts) throw err;
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

interface Keys {
  hostKeyPath: string;
  hostPublicKey: string;
  hostKeyFingerprint: string;
  clientKeyPath: string;
  encryptedKeyPath: string;
}

async function keygen(file: string, passphrase: string, comment: string): Promise<string> {
  await run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', file]);
  const [type, blob] = (await readFile(`${file}.pub`, 'utf8')).trim().split(/\s+/);
  return `${type} ${blob}`;
}

async function generateKeys(dir: string): Promise<Keys> {
  const hostKeyPath = path.join(dir, 'ssh_host_ed25519_key');
  const clientKeyPath = path.join(dir, 'client_ed25519');
  const encryptedKeyPath = path.join(dir, 'client_ed25519_encrypted');
  const [hostPublicKey, clientPub, encryptedPub] = await Promise.all([
    keygen(hostKeyPath, '', 'lifeboat-test-host'),
    keygen(clientKeyPath, '', 'lifeboat-test-client'),
    keygen(encryptedKeyPath, ENCRYPTED_KEY_PASSPHRASE, 'lifeboat-test-client-encrypted'),
  ]);
  await writeFile(path.join(dir, 'authorized_keys'), `${clientPub}\n${encryptedPub}\n`, {
    mode: 0o600,
  });
  // "256 SHA256:xxxx comment (ED25519)"
  const { stdout } = await run(SSH_KEYGEN, ['-lf', `${hostKeyPath}.pub`]);
  const hostKeyFingerprint = stdout.trim().split(/\s+/)[1] ?? '';
  if (!hostKeyFingerprint.startsWith('SHA256:')) {
    throw new Error(`sshd: cannot read host key fingerprint from ssh-keygen -lf: ${stdout}`);
  }
  return {
    hostKeyPath,
    hostPublicKey,
    hostKeyFingerprint,
    clientKeyPath,
    encryptedKeyPath,
  };
}

function sshdConfig(dir: string, port: number, hostKeyPath: string): string {
  return [
    `ListenAddress ${HOST}:${port}`,
    `HostKey ${hostKeyPath}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    'LogLevel VERBOSE',
    'MaxStartups 100',
    'MaxSessions 100',
    'PrintMotd no',
    'PrintLastLog no',
    '',
  ].join('\n');
}

async function launch(dir: string, port: number, keys: Keys, readyTimeoutMs: number) {
  const configPath = path.join(dir, 'sshd_config');
  const logPath = path.join(dir, 'sshd.log');
  await writeFile(configPath, sshdConfig(dir, port, keys.hostKeyPath));
  const logFd = openSync(logPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(SSHD, ['-D', '-e', '-f', configPath], {
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const readLog = () => readFileSafe(logPath);
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  child.on('error', (err) => (exited = `failed to spawn ${SSHD}: ${err.message}`));

  // If the test process dies without teardown, do not leave sshd behind.
  const onExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  try {
    // The log line proves *our* sshd bound the port (a banner alone could come from another
    // server still holding it); the banner proves it answers.
    await waitForBanner(
      port,
      readyTimeoutMs,
      () => exited,
      () => readLog().includes(`Server listening on ${HOST} port ${port}.`),
    );
  } catch (err) {
    process.off('exit', onExit);
    await terminate(child);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`sshd on ${HOST}:${port} did not start: ${reason}\nsshd log:\n${readLog()}`);
  }

  let stopped = false;
  const service: SshdService = {
    host: HOST,
    port,
    user: os.userInfo().username,
    clientKeyPath: keys.clientKeyPath,
    clientKey: await readFile(keys.clientKeyPath, 'utf8'),
    encryptedKeyPath: keys.encryptedKeyPath,
    encryptedKeyPassphrase: ENCRYPTED_KEY_PASSPHRASE,
    hostKeyFingerprint: keys.hostKeyFingerprint,
    hostPublicKey: keys.hostPublicKey,
    knownHostsLine: `[${HOST}]:${port} ${keys.hostPublicKey}`,
    logPath,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      await terminate(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return service;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForBanner(
  port: number,
  timeoutMs: number,
  exited: () => string | undefined,
  listening: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'sshd has not logged "Server listening" yet';
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`sshd ${gone}`);
    if (!listening()) {
      await sleep(50);
      continue;
    }
    try {
      await readBanner(port, Math.min(2_000, Math.max(100, deadline - Date.now())));
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(`no SSH-2.0 banner within ${timeoutMs} ms (last: ${last})`);
}

function readBanner(port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let received = '';
    const done = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.setTimeout(timeoutMs, () => done(new Error('timed out reading the banner')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('SSH-2.0')) done();
    });
    socket.on('error', (err) => done(err));
    socket.on('close', () =>
      done(new Error(`connection closed before banner (got ${JSON.stringify(received)})`)),
    );
  });
}

/** A local account that can log in to the harness sshd with a password (`UsePAM no` checks shadow). */
export interface PasswordUser {
  user: string;
  password: string;
  /** Locks the password again (usermod -L), so the account cannot log in between test runs. */
  lock(): Promise<void>;
}

export const PASSWORD_USER = 'lifeboat-pw';

/**
 * Root only (throws otherwise): creates the local account `lifeboat-pw` once (no home, /bin/sh)
 * and gives it a fresh random password. Idempotent; call `lock()` when done.
 */
export async function ensurePasswordUser(user = PASSWORD_USER): Promise<PasswordUser> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('password login tests need root (to create a local account with a password)');
  }
  const exists = await run('id', ['-u', user]).then(
    () => true,
    () => false,
  );
  if (!exists) {
    try {
      await run('useradd', ['-M', '-s', '/bin/sh', '-c', 'Lifeboat tests (password login)', user]);
    } catch (err) {
      // Another test process may have created it meanwhile (useradd exits 9).
      if ((err as { code?: unknown }).code !== 9) throw err;
    }
  }
  const password = `lb-${randomBytes(12).toString('base64url')}`;
  execFileSync('chpasswd', { input: `${user}:${password}\n` });
  return {
    user,
    password,
    async lock() {
      await run('usermod', ['-L', user]);
    },
  };
}
