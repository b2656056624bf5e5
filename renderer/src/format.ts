// Pure formatting helpers for the console: sizes, rates, durations, times. No React, no DOM.
// Sizes use binary units (KiB, MiB …) like restic and most backup tools.

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const numberFormat = new Intl.NumberFormat('en-US');

/** Fewer decimals as the number grows: 1.5, 15.3, 153. Trailing ".0" is dropped. */
function compact(value: number): string {
  const fixed = value.toFixed(value < 100 ? 1 : 0);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** 0 → "0 B", 1536 → "1.5 KiB", 5 * 2**30 → "5 GiB". Negative or non-finite → "—". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KiB would print as "1024 KiB": carry into the next unit instead.
  if (Number(compact(value)) >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${compact(value)} ${byteUnits[unit]}`;
}

/** Bytes per second → "12.5 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  const bytes = formatBytes(bytesPerSecond);
  return bytes === '—' ? '—' : `${bytes}/s`;
}

/** Items per second → "3.2 items/s", "1 item/s". */
export function formatItemRate(itemsPerSecond: number): string {
  if (!Number.isFinite(itemsPerSecond) || itemsPerSecond < 0) return '—';
  const text = compact(itemsPerSecond);
  return `${text} ${text === '1' ? 'item' : 'items'}/s`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? numberFormat.format(n) : '—';
}

/** "1,234 of 5,000 items", or "1,234 items" when the total is unknown. */
export function formatItems(done: number, total?: number): string {
  const noun = (total ?? done) === 1 ? 'item' : 'items';
  return total === undefined
    ? `${formatCount(done)} ${noun}`
    : `${formatCount(done)} of ${formatCount(total)} ${noun}`;
}

/** "1.5 KiB of 10 MiB", or "1.5 KiB" when the total is unknown. */
export function formatBytesProgress(done: number, total?: number): string {
  return total === undefined ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`;
}

/**
 * A duration in seconds, at most two units: "0s", "45s", "3m 05s", "1h 02m", "2d 3h".
 * Negative or non-finite → "—".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m ${pad(s % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  const days = Math.floor(hours / 24);
  return `${days}d ${hours % 24}h`;
}

/** Time left as a phrase: "about 3m 05s left", "almost done", "time left unknown". */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'time left unknown';
  if (seconds < 1) return 'almost done';
  return `about ${formatDuration(seconds)} left`;
}

/** Fraction 0..100 for a progress bar, or undefined when there is no known total. */
export function progressPercent(done: number, total?: number): number | undefined {
  if (total === undefined || !Number.isFinite(total) || total <= 0) return undefined;
  return Math.min(100, Math.max(0, (done / total) * 100));
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const relativeSteps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/**
 * "just now", "5 minutes ago", "in 2 hours", "yesterday", "3 weeks ago". Invalid → "—".
 * `now` is a parameter so the result is testable.
 */
export function formatRelativeTime(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  let value = (then - now.getTime()) / 1000;
  if (Math.abs(value) < 45) return 'just now';
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return '—';
}

/**
 * A time in UTC, said so, sortable: "2025-03-04 09:05:07 UTC". One zone everywhere in the console,
 * the same as the plan's words (data-loss window, why this point), the CLI and the journal — an
 * incident spans people in several zones. Invalid → "—".
 */
export function formatDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A long hash cut for display: "3f9a1c…b27e" (first 6, last 4). Short strings unchanged. */
export function shortHash(hash: string): string {
  return hash.length <= 12 ? hash : `${hash.slice(0, 6)}…${hash.slice(-4)}`;
}

/** Who did something, in words: Lifeboat records the surface ("serve", "cli", "desktop") when it
 * knows no person. */
export function actorText(actor: string): string {
  return (
    (
      {
        serve: 'the browser console',
        cli: 'the command line',
        desktop: 'the desktop app',
        lifeboat: 'Lifeboat',
      } as Record<string, string>
    )[actor] ?? actor
  );
}
