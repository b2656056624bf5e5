import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testKeyPair } from '../../core/connect/ssh/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LifeboatError } from '../../core/api/errors';
import {
  connectSsh,
  probeHostKey,
  shQuote,
  testServer,
  type SshSession,
  type SshTarget,
} from '../../core/connect/ssh';
import { freePort } from '../harness/free-port';
import { requireService, type SshdInfo } from '../harness/services';
import { ensurePasswordUser, startSshd, type PasswordUser, type SshdService } from '../harness/sshd';

const run = promisify(execFile);
const sshd = requireService(inject('services'), 'sshd');

/** Everything the product showed us (error messages, details, reports): scanned for secrets at the end. */
const shown: string[] = [];
/** Every secret the tests handed to the product. */
const secrets: string[] = [];

function keyTarget(info: SshdInfo, overrides: Partial<SshTarget> = {}): SshTarget {
  secrets.push(info.clientKey);
  return {
    name: 'web-1',
    host: info.host,
    port: info.port,
    user: info.user,
    auth: { kind: 'key', privateKey: info.clientKey },
    acceptedFingerprint: info.hostKeyFingerprint,
    timeoutMs: 10_000,
    ...overrides,
  };
}

/** Awaits a rejection, checks it is a LifeboatError with `code`, and records what it shows. */
async function failure(promise: Promise<unknown>, code: string): Promise<LifeboatError> {
  let caught: unknown;
  try {
    const value = await promise;
    if (value && typeof (value as SshSession).close === 'function') (value as SshSession).close();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(LifeboatError);
  const err = caught as LifeboatError;
  shown.push(err.message, JSON.stringify(err.details ?? null));
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  return err;
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  let closedCount = 0;
  const server = net.createServer((s) => {
    sockets.add(s);
    s.resume(); // read (and drop) the client's banner, so its FIN is seen
    s.on('error', () => undefined);
    s.on('close', () => closedCount++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted: () => sockets.size,
    closed: () => closedCount,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

/**
 * Who holds the TCP socket whose local port is `port` (on this machine): does the socket exist,
 * and is it one of this process's file descriptors?
 */
function socketOwner(port: number): { exists: boolean; ours: boolean } {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1]?.split(':')[1];
      if (local && parseInt(local, 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  let ours = false;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1] && inodes.has(m[1])) ours = true;
    } catch {
      // fd closed meanwhile
    }
  }
  return { exists: inodes.size > 0, ours };
}

/** The client port the server saw, from $SSH_CONNECTION ("client_ip client_port server_ip server_port"). */
async function clientPortSeenBy(session: SshSession): Promise<number> {
  const { stdout } = await session.exec('echo "$SSH_CONNECTION"');
  const port = Number(stdout.trim().split(/\s+/)[1]);
  expect(port).toBeGreaterThan(0);
  return port;
}

describe.skipIf(sshd.skip)('core/connect/ssh against a real sshd', () => {
  beforeAll(() => {
    const info = sshd.get();
    secrets.push(info.clientKey, info.encryptedKeyPassphrase, readFileSync(info.encryptedKeyPath, 'utf8'));
  });

  describe('key auth and exec', () => {
    let session: SshSession;
    beforeAll(async () => {
      session = await connectSsh(keyTarget(sshd.get()));
    });
    afterAll(() => session?.close());

    it('connects with an accepted host key and runs commands', async () => {
      const info = sshd.get();
      expect(session.hostKey.fingerprint).toBe(info.hostKeyFingerprint);
      expect(session.hostKey.keyType).toBe('ssh-ed25519');
      expect(session.hostKey.publicKey).toBe(info.hostPublicKey.split(' ')[1]);
      const r = await session.exec('echo hello; echo oops >&2; exit 3');
      expect(r).toEqual({ code: 3, stdout: 'hello\n', stderr: 'oops\n' });
      expect((await session.exec('whoami')).stdout.trim()).toBe(info.user);
    });

    it('passes stdin, reports a signal death, quotes arguments safely', async () => {
      expect((await session.exec('cat', { stdin: 'from stdin\n' })).stdout).toBe('from stdin\n');
      expect((await session.exec('wc -c', { stdin: Buffer.alloc(100_000, 1) })).stdout.trim()).toBe('100000');
      const killed = await session.exec('kill -TERM $$');
      expect(killed.code).toBeNull();
      expect(killed.signal).toBe('SIGTERM');
      const weird = `it's a "test" $HOME \`id\` \\ ; * \n ✓`;
      expect((await session.exec(`printf '%s' ${shQuote(weird)}`)).stdout).toBe(weird);
      expect(shQuote("a'b")).toBe(`'a'\\''b'`);
    });

    it('bounds commands: timeout, output size, cancel — and the session stays usable', async () => {
      let t0 = Date.now();
      await failure(session.exec('sleep 20', { timeoutMs: 300 }), 'ssh.command_timeout');
      expect(Date.now() - t0).toBeLessThan(3_000);
      await failure(
        session.exec('head -c 100000 /dev/zero', { maxOutputBytes: 1_000 }),
        'ssh.output_too_large',
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      t0 = Date.now();
      await failure(session.exec('sleep 20', { signal: controller.signal }), 'ssh.cancelled');
      expect(Date.now() - t0).toBeLessThan(3_000);
      await failure(session.exec('true', { signal: AbortSignal.abort() }), 'ssh.cancelled');
      expect((await session.exec('echo still here')).stdout).toBe('still here\n');
    });

    it('streams a big output through execStream', async () => {
      const channel = await session.execStream('head -c 3000000 /dev/zero');
      let bytes = 0;
      for await (const chunk of channel) bytes += (chunk as Buffer).length;
      expect(bytes).toBe(3_000_000);
    });
  });

  describe('keys', () => {
    it('logs in with a passphrase-protected key and the right passphrase', async () => {
      const info = sshd.get();
      const privateKey = readFileSync(info.encryptedKeyPath, 'utf8');
      const session = await connectSsh(
        keyTarget(info, { auth: { kind: 'key', privateKey, passphrase: info.encryptedKeyPassphrase } }),
      );
      try {
        expect((await session.exec('echo ok')).stdout).toBe('ok\n');
      } finally {
        session.close();
      }
    });

    it('refuses a wrong passphrase, a missing passphrase and a damaged key before connecting', async () => {
      const info = sshd.get();
      const privateKey = readFileSync(info.encryptedKeyPath, 'utf8');
      secrets.push('not the passphrase');
      const wrong = await failure(
        connectSsh(keyTarget(info, { auth: { kind: 'key', privateKey, passphrase: 'not the passphrase' } })),
        'ssh.key_passphrase_wrong',
      );
      expect(wrong.message).toContain('"web-1"');
      expect(wrong.message).toMatch(/passphrase .* is wrong/);
      await failure(connectSsh(keyTarget(info, { auth: { kind: 'key', privateKey } })), 'ssh.key_unreadable');
      const damaged = privateKey.slice(0, 200) + privateKey.slice(260);
      secrets.push(damaged);
      await failure(
        connectSsh(keyTarget(info, { auth: { kind: 'key', privateKey: damaged, passphrase: 'x' } })),
        'ssh.key_unreadable',
      );
      const plainDamaged = info.clientKey.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
      await failure(
        connectSsh(keyTarget(info, { auth: { kind: 'key', privateKey: plainDamaged } })),
        'ssh.key_unreadable',
      );
      await failure(
        connectSsh(keyTarget(info, { auth: { kind: 'key', privateKey: info.hostPublicKey } })),
        'ssh.key_unreadable',
      );
    });

    it('a key the server does not know → ssh.auth_failed saying what was tried', async () => {
      const stranger = testKeyPair().private;
      secrets.push(stranger);
      const err = await failure(
        connectSsh(keyTarget(sshd.get(), { auth: { kind: 'key', privateKey: stranger } })),
        'ssh.auth_failed',
      );
      const { user, host, port } = sshd.get();
      expect(err.message).toContain(`"web-1" (${user}@${host}:${port})`);
      expect(err.message).toContain('publickey');
    });
  });

  describe('password auth', () => {
    let account: PasswordUser | undefined;
    let why = '';
    beforeAll(async () => {
      try {
        account = await ensurePasswordUser();
        secrets.push(account.password);
      } catch (err) {
        why = (err as Error).message;
        if (process.env.CI === 'true') throw err;
      }
    });
    afterAll(async () => account?.lock());

    it('logs in with the right password; a wrong one → ssh.auth_failed', async (ctx) => {
      if (!account) return ctx.skip(why);
      const info = sshd.get();
      const session = await connectSsh(
        keyTarget(info, { user: account.user, auth: { kind: 'password', password: account.password } }),
      );
      try {
        expect((await session.exec('id -un')).stdout.trim()).toBe(account.user);
      } finally {
        session.close();
      }
      const wrongPassword = `${account.password}-wrong`;
      secrets.push(wrongPassword);
      const err = await failure(
        connectSsh(
          keyTarget(info, { user: account.user, auth: { kind: 'password', password: wrongPassword } }),
        ),
        'ssh.auth_failed',
      );
      expect(err.message).toContain('password');
      expect(err.message).toContain(`${account.user}@`);
    });
  });

  describe('agent auth', () => {
    let agent: ChildProcess | undefined;
    let dir = '';
    let socket = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lifeboat-agent-'));
      socket = path.join(dir, 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
      agent.on('error', () => undefined);
      if (!(await waitFor(() => existsSync(socket), 5_000))) throw new Error('ssh-agent did not start');
      await run('ssh-add', ['-q', sshd.get().clientKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
      });
    });
    afterAll(async () => {
      agent?.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    });

    it('logs in with a key held by ssh-agent', async () => {
      const session = await connectSsh(keyTarget(sshd.get(), { auth: { kind: 'agent', socket } }));
      try {
        expect((await session.exec('echo agent')).stdout).toBe('agent\n');
      } finally {
        session.close();
      }
    });

    it('no agent → ssh.agent_unavailable', async () => {
      const saved = process.env.SSH_AUTH_SOCK;
      delete process.env.SSH_AUTH_SOCK;
      try {
        await failure(
          connectSsh(keyTarget(sshd.get(), { auth: { kind: 'agent' } })),
          'ssh.agent_unavailable',
        );
      } finally {
        if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
      }
      await failure(
        connectSsh(keyTarget(sshd.get(), { auth: { kind: 'agent', socket: path.join(dir, 'gone.sock') } })),
        'ssh.agent_unavailable',
      );
    });
  });

  describe('host keys', () => {
    it('a never-accepted host key → ssh.host_key_unknown with the fingerprint; probeHostKey shows it', async () => {
      const info = sshd.get();
      const err = await failure(
        connectSsh(keyTarget(info, { acceptedFingerprint: undefined })),
        'ssh.host_key_unknown',
      );
      expect(err.message).toContain('"web-1"');
      expect(err.message).toContain(info.hostKeyFingerprint);
      expect(err.details).toEqual({
        server: 'web-1',
        fingerprint: info.hostKeyFingerprint,
        keyType: 'ssh-ed25519',
        publicKey: info.hostPublicKey.split(' ')[1],
      });
      const probed = await probeHostKey(keyTarget(info, { acceptedFingerprint: undefined }));
      expect(probed).toEqual({
        fingerprint: info.hostKeyFingerprint,
        keyType: 'ssh-ed25519',
        publicKey: info.hostPublicKey.split(' ')[1],
      });
      // No credentials needed to probe.
      const noAuth = await probeHostKey(keyTarget(info, { auth: { kind: 'password', password: '' } }));
      expect(noAuth.fingerprint).toBe(info.hostKeyFingerprint);
    });

    it('a host key that changed (same port, reinstalled) → ssh.host_key_changed naming both', async () => {
      const first = await startSshd();
      const oldFingerprint = first.hostKeyFingerprint;
      const port = first.port;
      await first.stop();
      const second = await startSshd({ port });
      try {
        const err = await failure(
          connectSsh(keyTarget(second, { name: 'db-1', acceptedFingerprint: oldFingerprint })),
          'ssh.host_key_changed',
        );
        expect(err.message).toContain('"db-1"');
        expect(err.message).toContain(oldFingerprint);
        expect(err.message).toContain(second.hostKeyFingerprint);
        expect(err.message).toMatch(/attack/);
        expect(err.message).toMatch(/reinstalled/);
        expect(err.details).toMatchObject({
          server: 'db-1',
          expected: oldFingerprint,
          presented: second.hostKeyFingerprint,
          keyType: 'ssh-ed25519',
        });
        // No login was attempted with a refused key.
        expect(readFileSync(second.logPath, 'utf8')).not.toMatch(/Accepted|Failed publickey/);
      } finally {
        await second.stop();
      }
    });

    it('refuses a malformed accepted fingerprint', async () => {
      await failure(
        connectSsh(keyTarget(sshd.get(), { acceptedFingerprint: 'MD5:aa:bb' })),
        'ssh.host_key_invalid',
      );
    });
  });

  describe('unreachable servers', () => {
    it('closed port → ssh.connection_refused, quickly', async () => {
      const port = await freePort();
      const t0 = Date.now();
      const err = await failure(connectSsh(keyTarget(sshd.get(), { port })), 'ssh.connection_refused');
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(err.message).toContain(`:${port}`);
      await failure(probeHostKey(keyTarget(sshd.get(), { port })), 'ssh.connection_refused');
    });

    it('a peer that accepts and never speaks → ssh.timeout within timeoutMs, socket closed', async () => {
      const silent = await silentServer();
      try {
        const t0 = Date.now();
        const err = await failure(
          connectSsh(keyTarget(sshd.get(), { port: silent.port, timeoutMs: 800 })),
          'ssh.timeout',
        );
        const elapsed = Date.now() - t0;
        expect(elapsed).toBeGreaterThanOrEqual(750);
        expect(elapsed).toBeLessThan(800 + 700);
        expect(err.message).toMatch(/timed out after 0\.8 s while waiting for the SSH handshake/);
        expect(silent.accepted()).toBe(1);
        expect(await waitFor(() => silent.closed() === 1, 2_000)).toBe(true);
        // probeHostKey is bounded the same way.
        await failure(
          probeHostKey(keyTarget(sshd.get(), { port: silent.port, timeoutMs: 300 })),
          'ssh.timeout',
        );
      } finally {
        await silent.stop();
      }
    });

    it('an AbortSignal cancels → ssh.cancelled, socket closed', async () => {
      const silent = await silentServer();
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 150);
        const t0 = Date.now();
        await failure(
          connectSsh(keyTarget(sshd.get(), { port: silent.port }), { signal: controller.signal }),
          'ssh.cancelled',
        );
        expect(Date.now() - t0).toBeLessThan(1_500);
        expect(await waitFor(() => silent.closed() === 1, 2_000)).toBe(true);
        await failure(connectSsh(keyTarget(sshd.get()), { signal: AbortSignal.abort() }), 'ssh.cancelled');
      } finally {
        await silent.stop();
      }
    });
  });

  describe('jump host', () => {
    let jump: SshdService;
    beforeAll(async () => {
      jump = await startSshd();
    });
    afterAll(async () => jump?.stop());

    const jumpTarget = (overrides: Partial<SshTarget> = {}): SshTarget =>
      keyTarget(jump, { name: 'bastion', ...overrides });

    it('reaches the target through a tunnel on the jump host, both host keys verified', async () => {
      const info = sshd.get();
      const direct = await connectSsh(keyTarget(info));
      try {
        // The method works: a direct session's client socket is ours.
        expect(socketOwner(await clientPortSeenBy(direct)).ours).toBe(true);
      } finally {
        direct.close();
      }
      const session = await connectSsh(keyTarget(info, { jump: jumpTarget() }));
      try {
        expect(session.hostKey.fingerprint).toBe(info.hostKeyFingerprint);
        const owner = socketOwner(await clientPortSeenBy(session));
        expect(owner).toEqual({ exists: true, ours: false }); // held by the jump host's sshd
      } finally {
        session.close();
      }
      // Closing the session closes the jump host's connection too.
      expect(
        await waitFor(() => /Disconnected from user/.test(readFileSync(jump.logPath, 'utf8')), 5_000),
      ).toBe(true);
    });

    it('a bad jump host key → ssh.jump_failed naming the jump host, inner code kept', async () => {
      const info = sshd.get();
      const wrong = info.hostKeyFingerprint; // the target's key is not the jump host's
      const err = await failure(
        connectSsh(keyTarget(info, { jump: jumpTarget({ acceptedFingerprint: wrong }) })),
        'ssh.jump_failed',
      );
      expect(err.message).toContain('"bastion"');
      expect(err.message).toContain('"web-1"');
      expect(err.message).toContain('ssh.host_key_changed');
      expect(err.details).toMatchObject({
        server: 'web-1',
        jump: 'bastion',
        innerCode: 'ssh.host_key_changed',
        innerDetails: { server: 'bastion', expected: wrong, presented: jump.hostKeyFingerprint },
      });
      const unknown = await failure(
        connectSsh(keyTarget(info, { jump: jumpTarget({ acceptedFingerprint: undefined }) })),
        'ssh.jump_failed',
      );
      expect(unknown.details).toMatchObject({ innerCode: 'ssh.host_key_unknown' });
    });

    it("the target's own key is verified through the tunnel; probe works through it", async () => {
      const info = sshd.get();
      const err = await failure(
        connectSsh(keyTarget(info, { acceptedFingerprint: undefined, jump: jumpTarget() })),
        'ssh.host_key_unknown',
      );
      expect(err.details).toMatchObject({ server: 'web-1', fingerprint: info.hostKeyFingerprint });
      expect((await probeHostKey(keyTarget(info, { jump: jumpTarget() }))).fingerprint).toBe(
        info.hostKeyFingerprint,
      );
    });

    it('unreachable jump host → ssh.jump_failed; unreachable target behind it → refused', async () => {
      const info = sshd.get();
      const closed = await freePort();
      const err = await failure(
        connectSsh(keyTarget(info, { jump: jumpTarget({ port: closed }) })),
        'ssh.jump_failed',
      );
      expect(err.details).toMatchObject({ innerCode: 'ssh.connection_refused' });
      await failure(
        connectSsh(keyTarget(info, { port: closed, jump: jumpTarget() })),
        'ssh.connection_refused',
      );
    });

    it('cancelling while the jump host connects → ssh.cancelled (not jump_failed)', async () => {
      const silent = await silentServer();
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 150);
        await failure(
          connectSsh(keyTarget(sshd.get(), { jump: jumpTarget({ port: silent.port }) }), {
            signal: controller.signal,
          }),
          'ssh.cancelled',
        );
      } finally {
        await silent.stop();
      }
    });
  });

  describe('testServer', () => {
    it('reports latency, round trip, OS, tools and the host key', async () => {
      const info = sshd.get();
      const report = await testServer(keyTarget(info));
      shown.push(JSON.stringify(report));
      expect(report.ok).toBe(true);
      expect(report.problems).toBeUndefined();
      expect(report.latencyMs).toBeGreaterThan(0);
      expect(report.roundTripMs).toBeGreaterThan(0);
      expect(report.os).toMatch(/\S/);
      expect(report.os).toContain('Linux');
      expect(report.hostKey.fingerprint).toBe(info.hostKeyFingerprint);
      expect(report.tools.map((t) => t.name)).toEqual([
        'sh',
        'tar',
        'sha256sum',
        'stat',
        'sudo -n',
        'restic',
        'pg_dump',
      ]);
      for (const name of ['sh', 'tar', 'sha256sum', 'stat']) {
        const tool = report.tools.find((t) => t.name === name);
        expect(tool?.present, name).toBe(true);
        expect(tool?.detail, name).toMatch(/^\//);
      }
      expect(report.tools.find((t) => t.name === 'tar')?.detail).toMatch(/tar/);
      const sudo = report.tools.find((t) => t.name === 'sudo -n');
      expect(sudo?.detail).toBeTruthy();
      const restic = report.tools.find((t) => t.name === 'restic');
      if (restic?.present) expect(restic.detail).toMatch(/restic \d/);
    });
  });

  // Runs last (tests in a file run in order): everything shown above is free of secrets.
  it('no message, detail or report contains a password, passphrase or key text', () => {
    expect(shown.length).toBeGreaterThan(20);
    const all = shown.join('\n');
    const fragments = secrets.flatMap((s) => [
      s,
      ...s
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= 16 && !l.startsWith('-----')),
    ]);
    for (const secret of fragments) {
      if (secret.length < 3) continue;
      expect(all.includes(secret), `leaked: ${secret.slice(0, 8)}…`).toBe(false);
    }
  });
});
