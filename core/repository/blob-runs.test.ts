import { describe, expect, it } from 'vitest';
import { groupRuns, spanBytes, type Span } from './blob-runs';

const limits = { maxRunBytes: 1000, maxGapBytes: 50 };
const at = (packId: string, offset: number, length: number): Span => ({ packId, offset, length });

describe('grouping blob reads into runs', () => {
  it('joins adjacent blobs of a pack into one run', () => {
    const runs = groupRuns([at('p', 0, 100), at('p', 100, 100), at('p', 200, 50)], limits);
    expect(runs).toEqual([{ packId: 'p', offset: 0, length: 250, members: [0, 1, 2] }]);
  });

  it('reads small gaps along, and splits at larger ones', () => {
    const runs = groupRuns([at('p', 0, 100), at('p', 150, 100), at('p', 301, 10)], limits);
    expect(runs).toEqual([
      { packId: 'p', offset: 0, length: 250, members: [0, 1] },
      { packId: 'p', offset: 301, length: 10, members: [2] },
    ]);
    // A gap of exactly maxGapBytes still joins.
    expect(groupRuns([at('p', 0, 10), at('p', 60, 10)], limits)).toHaveLength(1);
    expect(groupRuns([at('p', 0, 10), at('p', 61, 10)], limits)).toHaveLength(2);
  });

  it('caps a run, and gives a blob larger than the cap a run of its own', () => {
    const spans = [
      at('p', 0, 400),
      at('p', 400, 400),
      at('p', 800, 400),
      at('p', 1200, 2500),
      at('p', 3700, 10),
    ];
    const runs = groupRuns(spans, limits);
    expect(runs.map((r) => [r.offset, r.length, r.members])).toEqual([
      [0, 800, [0, 1]],
      [800, 400, [2]],
      [1200, 2500, [3]],
      [3700, 10, [4]],
    ]);
    for (const r of runs) expect(r.length <= limits.maxRunBytes || r.members.length === 1).toBe(true);
  });

  it('never joins blobs of different packs', () => {
    const runs = groupRuns([at('a', 0, 10), at('b', 10, 10), at('a', 10, 10)], limits);
    expect(runs).toEqual([
      { packId: 'a', offset: 0, length: 20, members: [0, 2] },
      { packId: 'b', offset: 10, length: 10, members: [1] },
    ]);
  });

  it('joins neighbours asked for out of order, and orders runs by the first request they serve', () => {
    const spans = [at('p', 5000, 10), at('q', 0, 10), at('p', 200, 10), at('p', 0, 100), at('p', 100, 100)];
    const runs = groupRuns(spans, limits);
    expect(runs.map((r) => [r.packId, r.offset, r.length, r.members])).toEqual([
      ['p', 5000, 10, [0]],
      ['q', 0, 10, [1]],
      ['p', 0, 210, [2, 3, 4]],
    ]);
    // Every request is in exactly one run.
    expect(runs.flatMap((r) => r.members).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps a blob asked for twice in its run twice, reading its bytes once', () => {
    const runs = groupRuns([at('p', 0, 100), at('p', 100, 100), at('p', 0, 100)], limits);
    expect(runs).toEqual([{ packId: 'p', offset: 0, length: 200, members: [0, 1, 2] }]);
    expect(spanBytes(runs)).toBe(200);
  });

  it('has no runs for no requests', () => {
    expect(groupRuns([], limits)).toEqual([]);
  });
});
