// collectReport: everything an evidence report says, read from the catalog in one place: points
// and their verifications, restores, and runbook runs (drills, rehearsals, incidents), as data
// that the renderer shows.
import type { SystemView } from '../../api/contract';
import type { Services } from '../../api/handlers/types';
import type { RestoreSummary } from '../../restore/restore-store';
import { createRunStore } from '../../runbooks/run/store';
import type { RunView } from '../../api/contract';
import { ageSeconds, evidenceOf, protectionOf, worstProtection } from '../../points/protection';
import { longestGap } from './freshness';
import {
  pointsListedMax,
  type ReportData,
  type ReportDrill,
  type ReportPoint,
  type ReportRestore,
  type ReportScope,
  type ReportSystem,
} from './report-data';

export interface CollectOptions {
  system?: string;
  since?: string;
  /** The report's "now" (tests pin it). */
  now?: Date;
}

/** How many restores are read to pick those of the reported systems. */
const restoresRead = 10_000;

const atOrAfter = (time: string, since: string | undefined) =>
  since === undefined || Date.parse(time) >= Date.parse(since);

function collectScope(s: Services, scope: string, rpoSeconds: number, since: string | undefined, now: Date) {
  // Every backup of the scope, newest first: protection needs the newest whatever the period,
  // and the gap before the oldest point of the period reaches back to the one before it.
  const all = s.points.list({ scope, kind: 'backup', limit: 1_000_000 });
  const newest = all[0];
  const inPeriod = all.filter((p) => atOrAfter(p.time, since));
  const points: ReportPoint[] = inPeriod.slice(0, pointsListedMax).map((p) => {
    const older = all[all.indexOf(p) + 1];
    const gapSeconds = older
      ? Math.max(0, Math.round((Date.parse(p.time) - Date.parse(older.time)) / 1000))
      : undefined;
    return {
      id: p.id,
      shortId: p.shortId,
      time: p.time,
      ageSeconds: ageSeconds(p.time, now),
      ...(gapSeconds !== undefined ? { gapSeconds } : {}),
      gapOverRpo: gapSeconds !== undefined && gapSeconds > rpoSeconds,
      bytes: p.bytes,
      files: p.files,
      evidence: evidenceOf(p),
      ...(p.verification ? { verification: p.verification } : {}),
    };
  });
  const beforePeriod = all.find((p) => !atOrAfter(p.time, since));
  const gap = longestGap(
    [...inPeriod, ...(beforePeriod ? [beforePeriod] : [])].map((p) => p.time),
    rpoSeconds,
    now,
  );
  const verified = all.find((p) => p.verifiedAt);
  const report: ReportScope = {
    scope,
    protection: protectionOf(newest?.time, rpoSeconds, now),
    ...(newest
      ? {
          newest: {
            shortId: newest.shortId,
            time: newest.time,
            ageSeconds: ageSeconds(newest.time, now),
            evidence: evidenceOf(newest),
          },
        }
      : {}),
    pointsInPeriod: inPeriod.length,
    points,
    ...(gap ? { longestGap: gap } : {}),
    ...(verified?.verifiedAt
      ? { lastVerified: { shortId: verified.shortId, verifiedAt: verified.verifiedAt } }
      : {}),
  };
  return report;
}

function restoreOf(r: RestoreSummary, rtoSeconds: number): ReportRestore {
  const finished = r.state === 'Succeeded' || r.state === 'PartiallyFailed';
  return {
    id: r.id,
    state: r.state,
    actor: r.actor,
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    scope: r.scope,
    destination: r.destination,
    inPlace: r.inPlace,
    pointShortId: r.pointId.slice(0, 8),
    ...(r.safetyPointId ? { safetyPointShortId: r.safetyPointId.slice(0, 8) } : {}),
    ...(r.undoOf ? { undoOf: r.undoOf } : {}),
    ...(r.undoneBy ? { undoneBy: r.undoneBy } : {}),
    counts: r.counts,
    bytes: r.bytes,
    ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
    ...(finished && r.durationMs !== undefined ? { withinRto: r.durationMs / 1000 <= rtoSeconds } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

const outcomes: Record<RunView['state'], ReportDrill['outcome']> = {
  Succeeded: 'passed',
  Failed: 'failed',
  Interrupted: 'failed',
  Cancelled: 'cancelled',
  Running: 'running',
  Paused: 'running',
  Waiting: 'running',
};

function drillOf(r: RunView): ReportDrill {
  const failed = r.steps.filter((st) => st.state === 'Failed').map((st) => st.title);
  return {
    id: r.id,
    kind: r.mode,
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    outcome: outcomes[r.state],
    ...(r.restoreSeconds !== undefined ? { restoreSeconds: r.restoreSeconds } : {}),
    summary: `runbook ${r.runbook.name}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`,
  };
}

function collectSystem(
  s: Services,
  system: SystemView,
  restores: RestoreSummary[],
  runs: RunView[],
  since: string | undefined,
  now: Date,
): ReportSystem {
  const scopes = system.scopes.map((sc) => collectScope(s, sc.text, system.rpo.seconds, since, now));
  const texts = new Set(system.scopes.map((sc) => sc.text));
  return {
    name: system.name,
    ownerTeam: system.owner.team,
    ...(system.owner.contact ? { ownerContact: system.owner.contact } : {}),
    criticality: system.criticality,
    ...(system.description ? { description: system.description } : {}),
    repository: system.repository,
    rpo: system.rpo,
    rto: system.rto,
    ...(system.drillEvery ? { drillEvery: system.drillEvery } : {}),
    protection: worstProtection(scopes.map((sc) => sc.protection)),
    scopes,
    // A restore belongs to a system when it came from, or wrote to, one of its scopes.
    restores: restores
      .filter((r) => (texts.has(r.scope) || texts.has(r.destination)) && atOrAfter(r.startedAt, since))
      .map((r) => restoreOf(r, system.rto.seconds)),
    drills: runs.filter((r) => r.system === system.name && atOrAfter(r.startedAt, since)).map(drillOf),
  };
}

export function collectReport(s: Services, opts: CollectOptions = {}): ReportData {
  const now = opts.now ?? new Date();
  const systems = opts.system ? [s.estate.systems.get(opts.system)] : s.estate.systems.list();
  const restores = s.restores.list(restoresRead);
  const runs = createRunStore(s.catalog.db).list({ limit: restoresRead });
  return {
    generatedAt: now.toISOString(),
    generatedBy: s.actor,
    lifeboatVersion: s.version,
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.system ? { system: opts.system } : {}),
    systems: systems.map((sys) => collectSystem(s, sys, restores, runs, opts.since, now)),
    journal: s.journal.verify(),
  };
}
