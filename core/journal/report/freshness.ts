// The longest stretch without a restore point, for the evidence report. The freshness rules
// themselves (fresh, stale, none; the worst scope decides) are core/points/protection.ts, shared
// with the console and the CLI.
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
