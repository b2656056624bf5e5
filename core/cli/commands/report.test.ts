import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error';
import { parseSince } from './report';

describe('report --since', () => {
  const now = new Date('2026-11-26T14:05:00Z');

  it('takes a span back from now, a date (midnight UTC) or an RFC 3339 time with its zone', () => {
    expect(parseSince('30d', now)).toBe('2026-10-27T14:05:00.000Z');
    expect(parseSince('2026-01-31', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(parseSince('2026-01-31T08:00:00Z', now)).toBe('2026-01-31T08:00:00.000Z');
    expect(parseSince('2026-01-31T09:00:00+01:00', now)).toBe('2026-01-31T08:00:00.000Z');
  });

  it.each([
    '2026-02-30',
    '2026-02-30T00:00:00Z',
    '2026-01-31T08:00:00',
    '2026-01-31T25:00:00Z',
    'Dec 1',
    '12',
  ])('refuses %s, naming the flag and the value', (text) => {
    expect(() => parseSince(text, now)).toThrow(UsageError);
    expect(() => parseSince(text, now)).toThrow(`--since takes a date (2026-01-31), an RFC 3339 time`);
    expect(() => parseSince(text, now)).toThrow(`"${text}"`);
  });
});
