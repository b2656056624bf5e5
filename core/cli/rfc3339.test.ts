import { describe, expect, it } from 'vitest';
import { parseTimeFlag, rfc3339 } from './rfc3339';
import { UsageError } from './usage-error';

describe('RFC 3339 times on the command line', () => {
  it.each([
    ['2026-11-26T14:05:00Z', '2026-11-26T14:05:00.000Z'],
    ['2026-11-26t14:05:00z', '2026-11-26T14:05:00.000Z'],
    ['2026-11-26T14:05:00.5Z', '2026-11-26T14:05:00.500Z'],
    ['2026-11-26T14:05:00.123456789Z', '2026-11-26T14:05:00.123Z'],
    ['2026-11-26T15:05:00+01:00', '2026-11-26T14:05:00.000Z'],
    ['2026-11-26T09:35:00-04:30', '2026-11-26T14:05:00.000Z'],
    ['2026-11-26T14:05:00-00:00', '2026-11-26T14:05:00.000Z'],
    ['2026-01-01T00:30:00+01:00', '2025-12-31T23:30:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000Z'],
    ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
  ])('takes %s as %s', (text, iso) => {
    expect(rfc3339(text)).toEqual({ iso });
    expect(parseTimeFlag(text, '--before')).toBe(iso);
  });

  it.each([
    ['12', /not an RFC 3339 date-time/],
    ['Dec 1', /not an RFC 3339 date-time/],
    ['2026-11-26', /not an RFC 3339 date-time/],
    ['2026-11-26T14:05:00', /with a zone/], // no zone: it would be read in local time
    ['2026-11-26 14:05:00Z', /not an RFC 3339 date-time/],
    ['2026-11-26T14:05Z', /not an RFC 3339 date-time/],
    ['2026-11-26T14:05:00+0100', /not an RFC 3339 date-time/],
    ['2026-11-26T14:05:00.Z', /not an RFC 3339 date-time/],
    ['Thu, 26 Nov 2026 14:05:00 GMT', /not an RFC 3339 date-time/],
    [' 2026-11-26T14:05:00Z', /not an RFC 3339 date-time/],
    ['2026-02-30T00:00:00Z', /February 2026 has no day 30/],
    ['2026-02-29T00:00:00Z', /February 2026 has no day 29/],
    ['2100-02-29T00:00:00Z', /February 2100 has no day 29/],
    ['2026-04-31T00:00:00Z', /April 2026 has no day 31/],
    ['2026-11-00T00:00:00Z', /has no day 00/],
    ['2026-13-01T00:00:00Z', /no month 13/],
    ['2026-00-01T00:00:00Z', /no month 00/],
    ['2026-11-26T25:00:00Z', /no hour 25/],
    ['2026-11-26T24:00:00Z', /no hour 24/],
    ['2026-11-26T14:60:00Z', /no minute 60/],
    ['2026-11-26T14:05:61Z', /no second 61/],
    ['2026-11-26T14:05:00+24:00', /zone offset \+24:00/],
    ['2026-11-26T14:05:00+01:60', /zone offset \+01:60/],
  ])('refuses %s', (text, why) => {
    const r = rfc3339(text);
    expect('problem' in r && r.problem).toMatch(why);
    let error: unknown;
    try {
      parseTimeFlag(text, '--incident-start');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain('--incident-start');
    expect(message).toContain(`"${text}"`);
    expect(message).toContain('2026-11-26T14:05:00Z');
    expect(message).toMatch(why);
  });
});
