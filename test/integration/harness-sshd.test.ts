import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, type ConnectConfig } from 'ssh2';
import { testKeyPair } from '../../core/connect/ssh/testing';
import { describe, expect, inject, it } from 'vitest';
import { requireService } from '../harness/services';
import { startSshd } from '../harness/sshd';

const sshd = requireService(inject('services'), 'sshd');

/** OpenSSH-style fingerprint of a raw host key blob: SHA256 + unpadded base64. */
function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

interface Connected {
  client: Client;
  seenHostKey: string;
}

function connect(config: ConnectConfig): Promise<Connected> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let seenHostKey = '';
    client
      .on('ready', () => resolve({ client, seenHostKey }))
      .on('error', (err) => reject(err))
      .connect({
        readyTimeout: 10_000,
        ...config,
        hostVerifier: (key: Buffer) => {
          seenHostKey = fingerprint(key);
          return true;
        },
      });
  });
}

function exec(client: Client, command: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      let stdout = '';
      stream.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      stream.stderr.resume();
      stream.on('close', (code: number | null) => resolve({ code, stdout }));
    });
  });
}

const COMMAND = 'echo hello && tar --version && sha256sum --version';

describe.skipIf(sshd.skip)('harness: sshd', () => {
  it('accepts the plain client key, runs commands, shows the advertised host key', async () => {
    const { host, port, user, clientKey, hostKeyFingerprint } = sshd.get();
    const { client, seenHostKey } = await connect({
      host,
      port,
      username: user,
      privateKey: clientKey,
    });
    try {
      expect(seenHostKey).toBe(hostKeyFingerprint);
      const { code, stdout } = await exec(client, COMMAND);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^hello\n/);
      expect(stdout).toContain('GNU tar');
      expect(stdout).toContain('sha256sum');
    } finally {
      client.end();
    }
  });

  it('accepts the passphrase-protected key with its passphrase', async () => {
    const { host, port, user, encryptedKeyPath, encryptedKeyPassphrase } = sshd.get();
    const { client } = await connect({
      host,
      port,
      username: user,
      privateKey: readFileSync(encryptedKeyPath),
      passphrase: encryptedKeyPassphrase,
    });
    try {
      expect((await exec(client, 'echo hello')).stdout).toBe('hello\n');
    } finally {
      client.end();
    }
  });

  it('rejects a key that is not in authorized_keys with an authentication error', async () => {
    const { host, port, user } = sshd.get();
    const stranger = testKeyPair();
    const failure = connect({
      host,
      port,
      username: user,
      privateKey: stranger.private,
    });
    await expect(failure).rejects.toMatchObject({
      level: 'client-authentication',
    });
  });

  it('restarts on the same port with a fresh host key', async () => {
    const first = await startSshd();
    const { port } = first;
    await first.stop();
    const second = await startSshd({ port });
    try {
      expect(second.port).toBe(port);
      expect(second.hostKeyFingerprint).not.toBe(first.hostKeyFingerprint);
      const { client, seenHostKey } = await connect({
        host: second.host,
        port,
        username: second.user,
        privateKey: second.clientKey,
      });
      client.end();
      expect(seenHostKey).toBe(second.hostKeyFingerprint);
    } finally {
      await second.stop();
    }
  });
});
