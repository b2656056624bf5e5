import { ApiException, FetchError } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeFailure, type FailureContext } from './failure-notes';
import { redactorFor } from './redact';

const ctx: FailureContext = {
  server: 'https://k8s.example:6443',
  user: 'admin',
  authKind: 'token',
  doing: 'listing namespaces',
  redact: redactorFor({ token: 'sekret-token-value' }),
};

const systemError = (code: string) =>
  new FetchError(`request to https://k8s.example:6443/version failed, reason: ${code}`, 'system', {
    code,
    errno: code,
  } as unknown as Error & { code: string });

describe('describeFailure', () => {
  it('maps HTTP statuses', () => {
    expect(describeFailure(new ApiException(401, 'Unauthorized', undefined, {}), ctx)).toEqual({
      kind: 'unauthorized',
      status: 401,
      note: 'The cluster rejected the credentials of user "admin" (HTTP 401 Unauthorized) while listing namespaces: wrong or expired token.',
    });
    const body = JSON.stringify({
      kind: 'Status',
      message: 'namespaces is forbidden: User "admin" cannot list',
    });
    expect(describeFailure(new ApiException(403, 'x', body, {}), ctx)).toMatchObject({
      kind: 'forbidden',
      note: 'Forbidden (HTTP 403) while listing namespaces: namespaces is forbidden: User "admin" cannot list.',
    });
    expect(describeFailure(new ApiException(404, 'x', undefined, {}), ctx).kind).toBe('unsupported');
    expect(describeFailure(new ApiException(500, 'x', '{"message":"etcd down"}', {}), ctx).note).toBe(
      'HTTP 500 while listing namespaces: etcd down.',
    );
  });

  it('maps network and TLS errors', () => {
    expect(describeFailure(systemError('ECONNREFUSED'), ctx).note).toMatch(
      /^Connection refused by k8s.example:6443/,
    );
    expect(describeFailure(systemError('ENOTFOUND'), ctx).note).toMatch(
      /^DNS lookup failed for k8s.example:/,
    );
    expect(describeFailure(systemError('DEPTH_ZERO_SELF_SIGNED_CERT'), ctx).note).toMatch(
      /TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT/,
    );
    expect(describeFailure(systemError('SELF_SIGNED_CERT_IN_CHAIN'), ctx).note).toMatch(/not trusted/);
    expect(describeFailure(systemError('CERT_HAS_EXPIRED'), ctx).note).toMatch(/has expired/);
    expect(describeFailure(systemError('ERR_TLS_CERT_ALTNAME_INVALID'), ctx).note).toMatch(
      /not valid for this host/,
    );
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'CERT_HAS_EXPIRED']) {
      expect(describeFailure(systemError(code), ctx).kind).toBe('unreachable');
    }
  });

  it('finds the code inside an AggregateError', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:6443'), { code: 'ECONNREFUSED' });
    const agg = new AggregateError([inner], '');
    expect(describeFailure(agg, ctx).note).toMatch(/^Connection refused/);
  });

  it('explains plain http without insecure-skip-tls-verify', () => {
    const e = new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
    expect(describeFailure(e, { ...ctx, server: 'http://k8s:8080' }).note).toMatch(
      /plain http:\/\/ but the cluster does not set insecure-skip-tls-verify/,
    );
  });

  it('names a failing exec plugin and redacts what it printed', () => {
    const exec = { ...ctx, authKind: 'exec' as const, execCommand: 'aws' };
    const spawn = Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', syscall: 'spawn aws' });
    expect(describeFailure(spawn, exec)).toEqual({
      kind: 'credentials',
      note: 'Getting credentials from the exec plugin "aws" failed: the command was not found or cannot be run.',
    });
    const stderr = new Error('error: token sekret-token-value expired\nmore');
    expect(describeFailure(stderr, exec).note).toBe(
      'Getting credentials from the exec plugin "aws" failed: error: token [redacted] expired.',
    );
  });

  it('redacts secrets from a Status message', () => {
    const body = JSON.stringify({ message: 'bad token sekret-token-value' });
    expect(describeFailure(new ApiException(400, 'x', body, {}), ctx).note).not.toContain('sekret');
  });
});

describe('redactorFor', () => {
  it('redacts tokens, passwords, inline key lines and plugin env values, not names', () => {
    const key =
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbCdEfGhIjKlMnOpQrStUvWxYz\n-----END EC PRIVATE KEY-----\n';
    const r = redactorFor({
      username: 'root',
      password: 'hunter22',
      'client-key-data': Buffer.from(key).toString('base64'),
      exec: { command: 'aws', env: [{ name: 'SECRET', value: 'envsecret' }] },
    });
    expect(r('root hunter22 MHcCAQEEIAbCdEfGhIjKlMnOpQrStUvWxYz envsecret aws')).toBe(
      'root [redacted] [redacted] [redacted] aws',
    );
  });
});
