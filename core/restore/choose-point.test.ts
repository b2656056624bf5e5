import { describe, expect, it } from 'vitest';
import type { PointView } from '../api/contract';
import { chooseBefore } from './choose-point';

function point(id: string, time: string, extra: Partial<PointView> = {}): PointView {
  return {
    id: id.padEnd(64, '0'),
    shortId: id,
    repository: 'r',
    scope: 'server:web:/etc',
    time,
    provider: 'native',
    kind: 'backup',
    files: 1,
    dirs: 1,
    bytes: 1,
    bytesNew: 1,
    durationMs: 1,
    bytesPerSecond: 1,
    ...extra,
  };
}

const ok = {
  at: '2026-11-25T00:00:00Z',
  mode: 'read-data',
  ok: true,
  damage: 0,
  checkedBlobs: 1,
  bytesRead: 1,
};
const bad = { ...ok, ok: false, damage: 3 };

describe('chooseBefore', () => {
  const incident = '2026-11-26T03:00:00Z';

  it('takes the newest point before the incident, never one after it', () => {
    const c = chooseBefore(
      [
        point('aaaa01', '2026-11-26T04:00:00Z'),
        point('aaaa02', '2026-11-26T02:00:00Z'),
        point('aaaa03', '2026-11-25T02:00:00Z'),
      ],
      incident,
    );
    expect(c.point.shortId).toBe('aaaa02');
    expect(c.why).toMatch(/newest point before 2026-11-26 03:00 UTC; not verified/);
  });

  it('prefers a verified point within one RPO of the newest unverified one, and says why', () => {
    const c = chooseBefore(
      [
        point('aaaa01', '2026-11-26T02:00:00Z'),
        point('aaaa02', '2026-11-26T01:30:00Z', { verifiedAt: '2026-11-26T01:40:00Z', verification: ok }),
      ],
      incident,
      3600,
    );
    expect(c.point.shortId).toBe('aaaa02');
    expect(c.why).toMatch(/newest verified point .* the newer aaaa01 .* is not verified/);
  });

  it('does not go back further than one RPO for a verified point', () => {
    const c = chooseBefore(
      [
        point('aaaa01', '2026-11-26T02:00:00Z'),
        point('aaaa02', '2026-11-25T20:00:00Z', { verifiedAt: '2026-11-25T21:00:00Z', verification: ok }),
      ],
      incident,
      3600,
    );
    expect(c.point.shortId).toBe('aaaa01');
    expect(c.why).toMatch(/no verified point within one RPO/);
  });

  it('skips points a verification found damaged, and says so', () => {
    const c = chooseBefore(
      [
        point('aaaa01', '2026-11-26T02:00:00Z', { verification: bad }),
        point('aaaa02', '2026-11-26T01:00:00Z'),
      ],
      incident,
    );
    expect(c.point.shortId).toBe('aaaa02');
    expect(c.why).toMatch(/1 newer point found damaged skipped/);
  });

  it('refuses when nothing usable is before the incident', () => {
    expect(() => chooseBefore([point('aaaa01', '2026-11-26T04:00:00Z')], incident)).toThrow(
      /No usable restore point before 2026-11-26 03:00 UTC: the scope has no restore point before it/,
    );
    expect(() =>
      chooseBefore([point('aaaa01', '2026-11-26T02:00:00Z', { verification: bad })], incident),
    ).toThrow(/found damaged/);
  });
});
