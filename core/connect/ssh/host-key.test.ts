import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertFingerprintFormat, fingerprintOf, hostKeyInfo, hostKeyProblem } from './host-key';
import type { SshTarget } from './target';

const blob = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIDhmAZcWJJWhCLDBMy9FP2MzEUSTjIq8k0asQRadW49H', 'base64');

function target(acceptedFingerprint?: string): SshTarget {
  return {
    name: 'web-1',
    host: '10.0.0.5',
    port: 22,
    user: 'root',
    auth: { kind: 'password', password: 'pw' },
    timeoutMs: 1000,
    acceptedFingerprint,
  };
}

describe('host keys', () => {
  it('fingerprints exactly like ssh-keygen -lf', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-hk-'));
    try {
      const file = path.join(dir, 'k');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
      const [, b64] = readFileSync(`${file}.pub`, 'utf8').split(' ');
      const expected = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];
      expect(fingerprintOf(Buffer.from(b64 ?? '', 'base64'))).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the key type and keeps the blob', () => {
    const info = hostKeyInfo(blob);
    expect(info.keyType).toBe('ssh-ed25519');
    expect(info.publicKey).toBe(blob.toString('base64'));
    expect(info.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(hostKeyInfo(Buffer.from([0, 0, 0, 9, 1])).keyType).toBe('unknown');
  });

  it('unknown → ssh.host_key_unknown; same → ok; different → ssh.host_key_changed', () => {
    const info = hostKeyInfo(blob);
    expect(hostKeyProblem(target(), info)?.code).toBe('ssh.host_key_unknown');
    expect(hostKeyProblem(target(info.fingerprint), info)).toBeUndefined();
    expect(hostKeyProblem(target(` ${info.fingerprint}= `), info)).toBeUndefined(); // padding, spaces
    const other = `SHA256:${'A'.repeat(43)}`;
    const changed = hostKeyProblem(target(other), info);
    expect(changed?.code).toBe('ssh.host_key_changed');
    expect(changed?.message).toContain(other);
    expect(changed?.message).toContain(info.fingerprint);
    expect(changed?.message).toContain('"web-1" (root@10.0.0.5:22)');
  });

  it('refuses a fingerprint that is not SHA256:…', () => {
    expect(() => assertFingerprintFormat(target('MD5:12:34'))).toThrow(
      expect.objectContaining({ code: 'ssh.host_key_invalid' }),
    );
    expect(() => assertFingerprintFormat(target(fingerprintOf(blob)))).not.toThrow();
  });
});
