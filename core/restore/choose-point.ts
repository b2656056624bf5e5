// Which restore point a plan uses: the one asked for, or — given the incident's start — the
// newest usable point before it, preferring a verified one, and saying why in words.
import type { PointView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { PointStore } from '../points/point-store';

export interface ChosenPoint {
  point: PointView;
  why: string;
}

const day = 24 * 3600;

function when(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

function damaged(p: PointView): boolean {
  return p.verification !== undefined && !p.verification.ok;
}

/**
 * The rule for "before TIME": among the scope's backups taken before TIME that no verification
 * found damaged, the newest — unless it is unverified and a verified point exists no more than
 * one RPO (a day without one) older; then that verified point, because trusted data a little
 * older beats untested data during an incident.
 */
export function chooseBefore(candidates: PointView[], before: string, rpoSeconds?: number): ChosenPoint {
  const t = Date.parse(before);
  const earlier = candidates
    .filter((p) => Date.parse(p.time) < t)
    .sort((a, b) => b.time.localeCompare(a.time));
  const usable = earlier.filter((p) => !damaged(p));
  const newest = usable[0];
  if (!newest) {
    const why = earlier.length
      ? `all ${earlier.length} points before it were found damaged by verification`
      : 'the scope has no restore point before it';
    throw new LifeboatError('restore.no_point', `No usable restore point before ${when(before)}: ${why}.`);
  }
  const skipped = earlier.length - usable.length;
  const damage = skipped ? `; ${skipped} newer point${skipped > 1 ? 's' : ''} found damaged skipped` : '';
  if (newest.verifiedAt)
    return {
      point: newest,
      why: `newest point before ${when(before)}, verified ${when(newest.verifiedAt)}${damage}`,
    };
  const window = rpoSeconds ?? day;
  const verified = usable.find(
    (p) => p.verifiedAt && (Date.parse(newest.time) - Date.parse(p.time)) / 1000 <= window,
  );
  if (verified)
    return {
      point: verified,
      why:
        `newest verified point before ${when(before)} (verified ${when(verified.verifiedAt!)}); ` +
        `the newer ${newest.shortId} of ${when(newest.time)} is not verified${damage}`,
    };
  return {
    point: newest,
    why: `newest point before ${when(before)}; not verified, and no verified point within ${
      rpoSeconds ? 'one RPO' : 'a day'
    } of it${damage}`,
  };
}

/** The point for a plan of `scope`: by id, by "before TIME", or the scope's newest. */
export function choosePoint(
  points: PointStore,
  scope: string,
  opts: { point?: string; before?: string; rpoSeconds?: number },
): ChosenPoint {
  if (opts.point && opts.before)
    throw new LifeboatError(
      'restore.bad_input',
      'Give either a restore point or a time to restore before, not both.',
    );
  if (opts.point) {
    const point = points.resolve(opts.point);
    // A point of named objects of a namespace (a safety point) belongs to the namespace's scope.
    if (point.scope !== scope && !point.scope.startsWith(`${scope}/`))
      throw new LifeboatError(
        'restore.point_scope_mismatch',
        `Restore point ${point.shortId} is of ${point.scope}, not of ${scope}.`,
      );
    const trust = point.verifiedAt ? `verified ${when(point.verifiedAt)}` : 'not verified';
    return { point, why: `asked for by id (${trust})` };
  }
  const candidates = points.list({ scope, kind: 'backup', limit: 10_000 });
  if (opts.before) return chooseBefore(candidates, opts.before, opts.rpoSeconds);
  const newest = candidates.find((p) => !damaged(p));
  if (!newest)
    throw new LifeboatError('restore.no_point', `No usable restore point of ${scope} in the catalog.`);
  return {
    point: newest,
    why: `newest point of the scope (${newest.verifiedAt ? `verified ${when(newest.verifiedAt)}` : 'not verified'})`,
  };
}
