// How protected a system is now, by one set of rules for the console, the CLI and the evidence
// report: a scope is fresh while its newest backup is no older than the RPO, stale once older,
// and "none" without any; a system is as protected as its worst scope. Only backups count — a
// safety point holds just what one restore overwrote, not the scope. What the newest point is
// worth (verified, damaged, partial) is said beside it, never folded into freshness.
import type { Evidence, PointView, Protection, ScopeStatus, SystemStatus, SystemView } from '../api/contract';
import type { PointStore } from './point-store';

export type { Evidence, Protection };

export function protectionOf(newest: string | undefined, rpoSeconds: number, now: Date): Protection {
  if (!newest) return 'none';
  return ageSeconds(newest, now) > rpoSeconds ? 'stale' : 'fresh';
}

export function ageSeconds(time: string, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - Date.parse(time)) / 1000));
}

/** The worst of several: none, then stale, then fresh (a system is as protected as its worst scope). */
export function worstProtection(all: Protection[]): Protection {
  if (all.length === 0 || all.includes('none')) return 'none';
  return all.includes('stale') ? 'stale' : 'fresh';
}

export function evidenceOf(p: Pick<PointView, 'verifiedAt' | 'verification'>): Evidence {
  if (p.verification && !p.verification.ok) return 'damaged';
  if (p.verifiedAt) return 'verified';
  return p.verification ? 'checked' : 'unverified';
}

/** One scope: its newest backup against the RPO, and the newest point a full read verified. */
export function scopeStatus(points: PointStore, scope: string, rpoSeconds: number, now: Date): ScopeStatus {
  const [newest] = points.list({ scope, kind: 'backup', limit: 1 });
  const [verified] = points.list({ scope, kind: 'backup', verified: true, limit: 1 });
  return {
    scope,
    protection: protectionOf(newest?.time, rpoSeconds, now),
    ...(newest
      ? {
          newest: {
            id: newest.id,
            shortId: newest.shortId,
            time: newest.time,
            ageSeconds: ageSeconds(newest.time, now),
            evidence: evidenceOf(newest),
            ...(newest.unreadable ? { unreadable: newest.unreadable.count } : {}),
          },
          staleAt: new Date(Date.parse(newest.time) + rpoSeconds * 1000).toISOString(),
        }
      : {}),
    ...(verified?.verifiedAt
      ? { lastVerified: { id: verified.id, shortId: verified.shortId, verifiedAt: verified.verifiedAt } }
      : {}),
  };
}

export function systemStatus(points: PointStore, system: SystemView, now: Date): SystemStatus {
  const scopes = system.scopes.map((sc) => scopeStatus(points, sc.text, system.rpo.seconds, now));
  return {
    system: system.name,
    criticality: system.criticality,
    rpo: system.rpo,
    protection: worstProtection(scopes.map((sc) => sc.protection)),
    scopes,
  };
}
