// Times on the command line (`--before`, `--incident-start`, the time form of `--since`): RFC 3339
// date-times with an explicit zone, and nothing else. Date.parse would take "12" or "Dec 1" (as
// 2001-12-01), roll 2026-02-30 over into March, and read a time without a zone in the laptop's
// local time — each a quietly wrong restore point in an incident.
import { UsageError } from './usage-error';

export const timeExample = '2026-11-26T14:05:00Z';

const form = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Why `text` is not a possible RFC 3339 date-time with a zone, or its instant as an ISO string (UTC). */
export function rfc3339(text: string): { iso: string } | { problem: string } {
  const m = form.exec(text);
  if (!m) return { problem: 'it is not an RFC 3339 date-time with a zone (Z or ±hh:mm)' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) return { problem: `there is no month ${m[2]}` };
  if (day < 1 || day > daysIn(year, month))
    return { problem: `${monthNames[month - 1]} ${year} has no day ${m[3]}` };
  if (hour > 23) return { problem: `there is no hour ${m[4]}` };
  if (minute > 59) return { problem: `there is no minute ${m[5]}` };
  if (second > 59) return { problem: `there is no second ${m[6]}` };
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return { problem: `the zone offset ${m[8]} is not a real one` };
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return { iso: new Date(d.getTime() - offset * 60_000).toISOString() };
}

/** The value of a time flag as an ISO string (UTC), or a usage error naming the flag, the value and
 * an example. */
export function parseTimeFlag(text: string, flag: string): string {
  const r = rfc3339(text);
  if ('iso' in r) return r.iso;
  throw new UsageError(
    `${flag} takes an RFC 3339 time with a zone, e.g. ${timeExample} or 2026-11-26T15:05:00+01:00, not "${text}": ${r.problem}.`,
  );
}
