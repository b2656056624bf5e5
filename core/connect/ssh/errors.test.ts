import { describe, expect, it } from 'vitest';
import { connectError, jumpError, redact, timeoutError } from './errors';
import { LifeboatError } from '../../api/errors';
import type { SshTarget } from './target';

const target: SshTarget = {
  name: 'db-1',
  host: 'db.internal',
  port: 2222,
  user: 'backup',
  auth: { kind: 'password', password: 's3cret-pass' },
  timeoutMs: 5000,
};

const sysError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('ssh error mapping', () => {
  it('maps socket errors to codes that name the server', () => {
    expect(connectError(sysError('ECONNREFUSED'), target, 'connecting').code).toBe('ssh.connection_refused');
    const nf = connectError(sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'), target, 'connecting');
    expect(nf.code).toBe('ssh.host_not_found');
    expect(nf.message).toContain('"db.internal"');
    expect(connectError(sysError('EAI_AGAIN'), target, 'connecting').code).toBe('ssh.host_not_found');
    const reset = connectError(sysError('ECONNRESET', 'read ECONNRESET'), target, 'handshaking');
    expect(reset.code).toBe('ssh.connection_failed');
    expect(reset.message).toContain('"db-1" (backup@db.internal:2222)');
    expect(
      connectError(new Error('(SSH) Channel open failure: Connection refused'), target, 'tunnelling').code,
    ).toBe('ssh.connection_refused');
  });

  it('words timeouts in seconds and phase', () => {
    expect(timeoutError(target, 5000, 'connecting').message).toContain(
      'timed out after 5 s while connecting',
    );
    expect(timeoutError(target, 800, 'handshaking').message).toContain(
      'after 0.8 s while waiting for the SSH',
    );
  });

  it('redacts secrets found in foreign messages', () => {
    expect(redact('bad s3cret-pass here', target)).toBe('bad [redacted] here');
    const err = connectError(new Error('weird s3cret-pass'), target, 'authenticating');
    expect(err.message).not.toContain('s3cret-pass');
  });

  it('wraps a jump host failure keeping its code and message', () => {
    const jump = { ...target, name: 'bastion' };
    const inner = new LifeboatError('ssh.timeout', 'inner message', { server: 'bastion' });
    const err = jumpError(target, jump, inner);
    expect(err.code).toBe('ssh.jump_failed');
    expect(err.message).toContain('inner message');
    expect(err.message).toContain('ssh.timeout');
    expect(err.details).toMatchObject({ jump: 'bastion', innerCode: 'ssh.timeout' });
  });
});
