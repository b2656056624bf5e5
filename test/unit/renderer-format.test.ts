import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesProgress,
  formatCount,
  formatDateTime,
  formatDuration,
  formatEta,
  formatItemRate,
  formatItems,
  formatRate,
  formatRelativeTime,
  progressPercent,
  shortHash,
} from '../../renderer/src/format';

describe('formatBytes', () => {
  it('uses binary units with few decimals', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(15.3 * 2 ** 20)).toBe('15.3 MiB');
    expect(formatBytes(153 * 2 ** 30)).toBe('153 GiB');
    expect(formatBytes(5 * 2 ** 40)).toBe('5 TiB');
  });
  it('carries 1023.96 KiB into MiB instead of printing 1024 KiB', () => {
    expect(formatBytes(1024 * 1024 - 10)).toBe('1 MiB');
  });
  it('says "—" for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('rates and counts', () => {
  it('formats byte and item rates', () => {
    expect(formatRate(12.5 * 2 ** 20)).toBe('12.5 MiB/s');
    expect(formatRate(0)).toBe('0 B/s');
    expect(formatRate(-3)).toBe('—');
    expect(formatItemRate(3.24)).toBe('3.2 items/s');
    expect(formatItemRate(1)).toBe('1 item/s');
  });
  it('formats counts and progress', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatItems(1234, 5000)).toBe('1,234 of 5,000 items');
    expect(formatItems(1)).toBe('1 item');
    expect(formatItems(0, 1)).toBe('0 of 1 item');
    expect(formatBytesProgress(1536, 10 * 2 ** 20)).toBe('1.5 KiB of 10 MiB');
    expect(formatBytesProgress(2048)).toBe('2 KiB');
  });
  it('gives a percentage only when a total is known', () => {
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(300, 200)).toBe(100);
    expect(progressPercent(5)).toBeUndefined();
    expect(progressPercent(5, 0)).toBeUndefined();
  });
});

describe('durations', () => {
  it('shows at most two units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45.9)).toBe('45s');
    expect(formatDuration(185)).toBe('3m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
    expect(formatDuration(2 * 86400 + 3 * 3600 + 59)).toBe('2d 3h');
    expect(formatDuration(-1)).toBe('—');
  });
  it('phrases the time left', () => {
    expect(formatEta(125)).toBe('about 2m 05s left');
    expect(formatEta(0.4)).toBe('almost done');
    expect(formatEta(undefined)).toBe('time left unknown');
  });
});

describe('times', () => {
  const now = new Date('2025-03-04T12:00:00Z');
  it('says how long ago, or how soon', () => {
    expect(formatRelativeTime('2025-03-04T11:59:30Z', now)).toBe('just now');
    expect(formatRelativeTime('2025-03-04T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2025-03-04T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-03-03T11:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2025-03-04T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelativeTime('2025-02-11T12:00:00Z', now)).toBe('3 weeks ago');
    expect(formatRelativeTime('2023-03-04T12:00:00Z', now)).toBe('2 years ago');
    expect(formatRelativeTime('not a date', now)).toBe('—');
  });
  it('prints UTC, said so, zero-padded, whatever the zone of the browser', () => {
    expect(formatDateTime('2025-03-04T09:05:07.250Z')).toBe('2025-03-04 09:05:07 UTC');
    expect(formatDateTime('2025-03-04T10:05:07+01:00')).toBe('2025-03-04 09:05:07 UTC');
    expect(formatDateTime('nope')).toBe('—');
  });
  it('shortens long hashes', () => {
    expect(shortHash('3f9a1c0000000000000000000000b27e')).toBe('3f9a1c…b27e');
    expect(shortHash('abc')).toBe('abc');
  });
});
