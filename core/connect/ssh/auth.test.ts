import { testKeyPair } from './testing';
import { describe, expect, it } from 'vitest';
import { authMethods, AuthLog, parsePrivateKey } from './auth';
import type { SshTarget } from './target';

const base: SshTarget = {
  name: 'web-1',
  host: '10.0.0.5',
  port: 22,
  user: 'root',
  auth: { kind: 'password', password: 'pw' },
  timeoutMs: 1000,
};

const plain = testKeyPair().private;
const encrypted = testKeyPair({
  passphrase: 'right one',
  cipher: 'aes256-ctr',
  rounds: 2,
}).private;

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('ssh auth preparation', () => {
  it('parses plain and encrypted keys', () => {
    expect(parsePrivateKey(base, plain).isPrivateKey()).toBe(true);
    expect(parsePrivateKey(base, encrypted, 'right one').isPrivateKey()).toBe(true);
  });

  it('tells a wrong passphrase from a missing one and from a damaged key', () => {
    expect(code(() => parsePrivateKey(base, encrypted, 'wrong'))).toBe('ssh.key_passphrase_wrong');
    expect(code(() => parsePrivateKey(base, encrypted))).toBe('ssh.key_unreadable');
    expect(code(() => parsePrivateKey(base, 'not a key'))).toBe('ssh.key_unreadable');
    const pub = testKeyPair().public;
    expect(code(() => parsePrivateKey(base, pub))).toBe('ssh.key_unreadable');
  });

  it('never quotes key bytes in its messages', () => {
    const damaged = plain.replace(/\n[A-Za-z0-9+/]{12}/, '\nAAAAAAAAAAAA');
    try {
      parsePrivateKey(base, damaged);
    } catch (err) {
      expect((err as Error).message).toMatch(/damaged or incomplete|not recognised/);
    }
  });

  it('agent: no socket → ssh.agent_unavailable', () => {
    const saved = process.env.SSH_AUTH_SOCK;
    delete process.env.SSH_AUTH_SOCK;
    try {
      expect(code(() => authMethods({ ...base, auth: { kind: 'agent' } }))).toBe('ssh.agent_unavailable');
      expect(
        code(() => authMethods({ ...base, auth: { kind: 'agent', socket: '/nonexistent/agent' } })),
      ).toBe('ssh.agent_unavailable');
    } finally {
      if (saved !== undefined) process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('offers only methods the server accepts and says so on failure', () => {
    const log = new AuthLog();
    const handler = log.handler(authMethods(base));
    const offered: unknown[] = [];
    handler(null, null, (m) => offered.push(m));
    handler(['publickey'], false, (m) => offered.push(m));
    expect(offered).toEqual([expect.objectContaining({ type: 'password' }), false]);
    const err = log.error(base);
    expect(err.code).toBe('ssh.auth_failed');
    expect(err.message).toContain('the password');
    expect(err.message).toContain('The server accepts: publickey');
    expect(err.message).not.toContain('pw@');
  });
});
