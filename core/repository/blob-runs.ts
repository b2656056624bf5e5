// Grouping of blob reads into runs: one ranged read per stretch of a pack instead of one per
// blob. Every read has a fixed cost of its own (a request to S3, several system calls on a local
// folder), and a restore of many small files asks for thousands of neighbouring blobs, so reading
// a little more (the small gaps between wanted blobs) is cheaper than reading each on its own.
// Pure arithmetic on locations: no I/O here, so the rules are easy to test.

export interface RunLimits {
  /** A run is never longer than this, unless one blob alone is (it then gets its own run). */
  maxRunBytes: number;
  /** Unwanted bytes between two wanted blobs that may be read along to join them. */
  maxGapBytes: number;
}

export const defaultRunLimits: RunLimits = { maxRunBytes: 8 * 1024 * 1024, maxGapBytes: 256 * 1024 };

export interface Span {
  packId: string;
  offset: number;
  length: number;
}

export interface Run {
  packId: string;
  offset: number;
  length: number;
  /** Indices into the spans given, ascending; a blob asked for twice is in the run twice. */
  members: number[];
}

/**
 * Groups `spans` (in the order they are wanted) into runs of one pack each. Within a pack the
 * spans are swept by offset, so neighbours join however the caller ordered them. Runs come back
 * ordered by their first member, the order in which a reader that yields in request order needs
 * them; that keeps the read it waits for at the front.
 */
export function groupRuns(spans: readonly Span[], limits: RunLimits = defaultRunLimits): Run[] {
  const byPack = new Map<string, number[]>();
  spans.forEach((s, i) => {
    const list = byPack.get(s.packId);
    if (list) list.push(i);
    else byPack.set(s.packId, [i]);
  });
  const runs: Run[] = [];
  for (const [packId, indices] of byPack) {
    indices.sort((a, b) => spans[a]!.offset - spans[b]!.offset || a - b);
    let run: Run | undefined;
    for (const i of indices) {
      const s = spans[i]!;
      const end = s.offset + s.length;
      if (run) {
        const runEnd = run.offset + run.length;
        const mergedEnd = Math.max(runEnd, end);
        if (s.offset <= runEnd + limits.maxGapBytes && mergedEnd - run.offset <= limits.maxRunBytes) {
          run.length = mergedEnd - run.offset;
          run.members.push(i);
          continue;
        }
      }
      run = { packId, offset: s.offset, length: s.length, members: [i] };
      runs.push(run);
    }
  }
  for (const r of runs) r.members.sort((a, b) => a - b);
  return runs.sort((a, b) => a.members[0]! - b.members[0]!);
}

/** Bytes the runs read in all (wanted blobs, gaps read along, and a duplicate's bytes once). */
export function spanBytes(runs: readonly Run[]): number {
  return runs.reduce((n, r) => n + r.length, 0);
}
