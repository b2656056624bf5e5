// What an evidence report says, as plain data: collectReport() assembles it from the catalog,
// renderReportHtml() turns it into a page. Keeping the two apart lets new evidence (runbook
// runs: drills, incident timelines) join in collectReport without touching the rendering of
// what is already there, and lets tests check each half alone.
import type { JournalVerifyReport, RestoreView } from '../../api/contract';
import type { Evidence, Protection } from '../../points/protection';
export type { Evidence };
import type { Gap } from './freshness';

export interface Objective {
  text: string;
  seconds: number;
}

export interface ReportPoint {
  id: string;
  shortId: string;
  time: string;
  ageSeconds: number;
  /** Since the previous point of the scope (absent for the oldest one listed). */
  gapSeconds?: number;
  /** The gap before this point was longer than the RPO. */
  gapOverRpo: boolean;
  bytes: number;
  files: number;
  evidence: Evidence;
  verification?: {
    at: string;
    mode: string;
    ok: boolean;
    damage: number;
    checkedBlobs: number;
    bytesRead: number;
  };
}

export interface ReportScope {
  scope: string;
  protection: Protection;
  newest?: { shortId: string; time: string; ageSeconds: number; evidence: Evidence };
  /** Backups of this scope taken in the period. */
  pointsInPeriod: number;
  /** The newest of them, at most `pointsListedMax`. */
  points: ReportPoint[];
  longestGap?: Gap;
  /** The newest point with full (read-data) evidence, whenever it was taken. */
  lastVerified?: { shortId: string; verifiedAt: string };
}

export interface ReportRestore {
  id: string;
  state: RestoreView['state'];
  actor: string;
  startedAt: string;
  finishedAt?: string;
  scope: string;
  destination: string;
  inPlace: boolean;
  pointShortId: string;
  safetyPointShortId?: string;
  undoOf?: string;
  undoneBy?: string;
  counts: RestoreView['counts'];
  bytes: number;
  durationMs?: number;
  /** Measured duration against the system's RTO (absent while unknown). */
  withinRto?: boolean;
  error?: { code: string; message: string };
}

/**
 * One runbook run that tested or used recovery. Nothing produces these yet: runbook runs are
 * being built; when they are, collectReport fills `drills` from them.
 */
export interface ReportDrill {
  id: string;
  kind: 'drill' | 'rehearsal' | 'incident';
  startedAt: string;
  finishedAt?: string;
  outcome: 'passed' | 'failed' | 'cancelled' | 'running';
  /** Measured restore time, to set against the RTO. */
  restoreSeconds?: number;
  summary?: string;
}

export interface ReportSystem {
  name: string;
  ownerTeam: string;
  ownerContact?: string;
  criticality: string;
  description?: string;
  repository: string;
  rpo: Objective;
  rto: Objective;
  drillEvery?: Objective;
  protection: Protection;
  scopes: ReportScope[];
  restores: ReportRestore[];
  drills: ReportDrill[];
}

export interface ReportData {
  generatedAt: string;
  generatedBy: string;
  lifeboatVersion: string;
  /** The period the lists cover; protection is always as of generatedAt. */
  since?: string;
  /** Set when the report covers one system. */
  system?: string;
  systems: ReportSystem[];
  journal: JournalVerifyReport;
}

/** Restore points listed per scope; the counts and the longest gap still cover every one. */
export const pointsListedMax = 25;
