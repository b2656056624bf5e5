// Words for system.status: how protected a system is now. The core rates each scope when asked
// and says when its newest backup passes the RPO (staleAt); the console re-reads that against
// its own clock so a page left open turns "RPO exceeded" on time. No React (tests:
// test/unit/renderer-points.test.ts).
import type { Protection, ScopeStatus, SystemStatus } from '../../../core/api/contract';
import type { Tone } from '../components/status-text';
import { formatCount } from '../format';
import { objectiveText } from './objective-text';

/** A scope's protection at `now`: none without a backup, stale once past its staleAt. */
export function protectionAt(sc: ScopeStatus, now: Date): Protection {
  if (!sc.newest || !sc.staleAt) return 'none';
  return now.getTime() > Date.parse(sc.staleAt) ? 'stale' : 'fresh';
}

/** The worst of the system's scopes (none, then stale, then fresh). */
export function systemProtectionAt(s: SystemStatus, now: Date): Protection {
  const all = s.scopes.map((sc) => protectionAt(sc, now));
  if (all.length === 0 || all.includes('none')) return 'none';
  return all.includes('stale') ? 'stale' : 'fresh';
}

export const protectionTone: Record<Protection, Tone> = { fresh: 'ok', stale: 'warning', none: 'error' };

/** Worst first: not protected, then past the RPO, then protected. */
const protectionRank: Record<Protection, number> = { none: 0, stale: 1, fresh: 2 };

/** The part of a scope a person tells it by: the path, or the namespace (and object). */
export function scopeShortName(scope: string): string {
  const parts = scope.split(':');
  return parts.slice(2).join(':') || scope;
}

export interface ProtectionText {
  protection: Protection;
  tone: Tone;
  /** "3 hours ago · RPO 1d", or why there is no protection. */
  text: string;
  /** What the newest points lack: damage found by a verification, files a backup could not read. */
  notes: { tone: Tone; text: string }[];
}

/**
 * The system's line: its oldest "newest backup" against the RPO (the scope that goes stale first
 * decides), or which scopes have none; then notes on newest points that are damaged or partial.
 */
export function protectionText(
  s: SystemStatus,
  now: Date,
  relative: (iso: string, now: Date) => string,
): ProtectionText {
  const protection = systemProtectionAt(s, now);
  const tone = protectionTone[protection];
  const several = s.scopes.length > 1;
  const of = (sc: ScopeStatus) => (several ? ` of ${scopeShortName(sc.scope)}` : '');
  const notes: ProtectionText['notes'] = [];
  for (const sc of s.scopes) {
    const n = sc.newest;
    if (n?.evidence === 'damaged')
      notes.push({ tone: 'error', text: `The newest restore point${of(sc)} is damaged` });
    if (n?.unreadable)
      notes.push({
        tone: 'warning',
        text: `The newest restore point${of(sc)} lacks ${formatCount(n.unreadable)} unreadable ${n.unreadable === 1 ? 'item' : 'items'}`,
      });
  }
  if (protection === 'none') {
    const missing = s.scopes.filter((sc) => !sc.newest);
    const text =
      missing.length === s.scopes.length
        ? 'No restore point yet: not protected'
        : `No restore point of ${missing.map((sc) => scopeShortName(sc.scope)).join(', ')}: not protected`;
    return { protection, tone, text, notes };
  }
  // Every scope has a point: the oldest newest one is the first to pass the RPO.
  const oldest = s.scopes.reduce((a, b) => (Date.parse(b.newest!.time) < Date.parse(a.newest!.time) ? b : a));
  const text = `${several ? `${scopeShortName(oldest.scope)}: ` : ''}${relative(oldest.newest!.time, now)} · RPO ${objectiveText(s.rpo)}${protection === 'stale' ? ' exceeded' : ''}`;
  return { protection, tone, text, notes };
}

/** What verification found of a newest point, in a few words. */
export const evidenceLook: Record<
  NonNullable<ScopeStatus['newest']>['evidence'],
  { tone: Tone; text: string }
> = {
  verified: { tone: 'ok', text: 'verified' },
  checked: { tone: 'info', text: 'checked, not fully read' },
  unverified: { tone: 'none', text: 'not verified' },
  damaged: { tone: 'error', text: 'damaged' },
};

const criticalityRank: Record<SystemStatus['criticality'], number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** Worst protected first, then the most critical, then by name. */
export function byConcern(systems: readonly SystemStatus[], now: Date): SystemStatus[] {
  const rank = (s: SystemStatus) => protectionRank[systemProtectionAt(s, now)];
  return [...systems].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      criticalityRank[a.criticality] - criticalityRank[b.criticality] ||
      a.system.localeCompare(b.system),
  );
}

/** "2 of 3 systems protected", with the tone of the worst. */
export function protectionSummary(systems: readonly SystemStatus[], now: Date): { tone: Tone; text: string } {
  const all = systems.map((s) => systemProtectionAt(s, now));
  const ok = all.filter((p) => p === 'fresh').length;
  const tone: Tone = all.includes('none') ? 'error' : all.includes('stale') ? 'warning' : 'ok';
  const text =
    ok === systems.length
      ? `${systems.length === 1 ? 'The system is' : `All ${systems.length} systems are`} protected`
      : `${ok} of ${systems.length} ${systems.length === 1 ? 'system' : 'systems'} protected`;
  return { tone, text };
}
