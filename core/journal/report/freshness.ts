// Freshness rules, the same as the console's: a scope is fresh while its newest restore point is
// no older than the RPO, stale once older, and "none" without any point. Only backups count —
// a safety point holds just what one restore overwrote, not the scope.
export type Protection = 'fresh' | 'stale' | 'none';

export function protectionOf(newest: string | undefined, rpoSeconds: number, now: Date): Protection {
  if (!newest) return 'none';
  return ageSeconds(newest, now) > rpoSeconds ? 'stale' : 'fresh';
}

export function ageSeconds(time: string, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - Date.parse(time)) / 1000));
}

/** The worst of several: none, then stale, then fresh (a system is as protected as its worst scope). */
export function worstProtection(all: Protection[]): Protection {
  if (all.length === 0 || all.includes('none')) return 'none';
  return all.includes('stale') ? 'stale' : 'fresh';
}

export interface Gap {
  /** The earlier point's time. */
  from: string;
  /** The next point's time, or the report's time for the gap after the newest point. */
  to: string;
  seconds: number;
  overRpo: boolean;
}

/**
 * The longest stretch without a restore point between `times` (newest first, as listed) and up
 * to `now`: how far the RPO was really kept over the period, not only today.
 */
export function longestGap(times: string[], rpoSeconds: number, now: Date): Gap | undefined {
  let best: Gap | undefined;
  let later = now.toISOString();
  for (const t of times) {
    const seconds = Math.max(0, Math.round((Date.parse(later) - Date.parse(t)) / 1000));
    if (!best || seconds > best.seconds)
      best = { from: t, to: later, seconds, overRpo: seconds > rpoSeconds };
    later = t;
  }
  return best;
}
