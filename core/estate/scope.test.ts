import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';
import { parseScope } from './scope';

describe('scopes', () => {
  it('parses the three forms', () => {
    expect(parseScope('server:web-1:/etc/nginx/')).toEqual({
      kind: 'server-path',
      text: 'server:web-1:/etc/nginx',
      server: 'web-1',
      path: '/etc/nginx',
    });
    expect(parseScope('server:web-1:/')).toMatchObject({ path: '/' });
    expect(parseScope('server:db:/var/lib/my data')).toMatchObject({ path: '/var/lib/my data' });
    expect(parseScope('cluster:prod:namespace/billing')).toEqual({
      kind: 'cluster-namespace',
      text: 'cluster:prod:namespace/billing',
      cluster: 'prod',
      namespace: 'billing',
    });
    expect(parseScope('cluster:prod:namespace/billing/Deployment/api')).toMatchObject({
      kind: 'cluster-resource',
      resourceKind: 'Deployment',
      resourceName: 'api',
    });
  });

  it.each([
    ['server:web-1:etc/nginx', 'absolute'],
    ['server:web-1:/etc/../root', '. or ..'],
    ['server:Web 1:/etc', 'not a valid server name'],
    ['host:web-1:/etc', 'must start with'],
    ['server:web-1', 'three parts'],
    ['cluster:prod:billing', 'namespace/NS'],
    ['cluster:prod:namespace/Billing', 'not a valid namespace'],
    ['cluster:prod:namespace/billing/Deployment', 'namespace/NS/KIND/NAME'],
    ['cluster:prod:namespace/billing/deploy-ment/api', 'not a resource kind'],
  ])('refuses %s (%s)', (text, why) => {
    expect(() => parseScope(text)).toThrow(
      expect.objectContaining({ code: 'estate.bad_scope', message: expect.stringContaining(why) }),
    );
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('30d')).toBe(2_592_000);
    expect(parseDuration('2w')).toBe(1_209_600);
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(30 * 86_400)).toBe('30d');
    expect(formatDuration(parseDuration('2w'))).toBe('14d');
  });

  it.each(['', '15', 'm', '1.5h', '-1h', '0s', '24 h', '1y', '100000w'])('refuses "%s"', (t) => {
    expect(() => parseDuration(t, 'RPO')).toThrow(expect.objectContaining({ code: 'estate.bad_duration' }));
  });
});
