// Durations as people write them in objectives: 90s, 15m, 24h, 30d, 2w, 1h30m.
import { LifeboatError } from '../api/errors';

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
// Weeks are read but not written: "30d" stays "30d", not "4w2d".
const order = ['d', 'h', 'm', 's'] as const;
const maxSeconds = 10 * 365 * 86_400;

export function parseDuration(text: string, what = 'duration'): number {
  const parts = [...text.matchAll(/(\d+)([smhdw])/g)];
  if (!/^(\d+[smhdw])+$/.test(text) || parts.length === 0) {
    throw new LifeboatError(
      'estate.bad_duration',
      `${what} "${text}" is not a duration; use e.g. 15m, 24h, 30d or 1h30m.`,
    );
  }
  const seconds = parts.reduce((sum, [, n, u]) => sum + Number(n) * (unitSeconds[u ?? 's'] ?? 1), 0);
  if (seconds <= 0 || seconds > maxSeconds) {
    throw new LifeboatError(
      'estate.bad_duration',
      `${what} "${text}" must be more than 0 and at most 10 years.`,
    );
  }
  return seconds;
}

/** Canonical text: 5400 → "1h30m". */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const u of order) {
    const size = unitSeconds[u] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out || '0s';
}
