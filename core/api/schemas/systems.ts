// Systems: what the business cares about, with owners, objectives and scopes.
import { z } from 'zod';
import { Duration, DurationText, EntryName } from './common';

export const criticalities = ['low', 'medium', 'high', 'critical'] as const;

/** `server:NAME:/abs/path`, `cluster:NAME:namespace/NS` or `cluster:NAME:namespace/NS/KIND/NAME`. */
export const ScopeText = z.string().min(1).max(4200);

export const SystemInput = z
  .object({
    name: EntryName,
    ownerTeam: z.string().min(1).max(200),
    ownerContact: z.string().min(1).max(200).optional(),
    criticality: z.enum(criticalities).default('medium'),
    rpo: DurationText,
    rto: DurationText,
    drillEvery: DurationText.optional(),
    repository: EntryName,
    scopes: z.array(ScopeText).min(1, 'a system needs at least one scope').max(100),
    description: z.string().max(2000).optional(),
  })
  .strict();
export type SystemInput = z.infer<typeof SystemInput>;

export const ScopeView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('server-path'), text: z.string(), server: z.string(), path: z.string() }),
  z.object({
    kind: z.literal('cluster-namespace'),
    text: z.string(),
    cluster: z.string(),
    namespace: z.string(),
  }),
  z.object({
    kind: z.literal('cluster-resource'),
    text: z.string(),
    cluster: z.string(),
    namespace: z.string(),
    resourceKind: z.string(),
    resourceName: z.string(),
  }),
]);
export type ScopeView = z.infer<typeof ScopeView>;

export const SystemView = z.object({
  name: z.string(),
  owner: z.object({ team: z.string(), contact: z.string().optional() }),
  criticality: z.enum(criticalities),
  rpo: Duration,
  rto: Duration,
  drillEvery: Duration.optional(),
  repository: z.string(),
  scopes: z.array(ScopeView),
  description: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SystemView = z.infer<typeof SystemView>;

// ---- protection: how protected each system is now (core/points/protection.ts) ---------------

/** fresh: the newest backup is within the RPO; stale: older; none: no backup at all. */
export const Protection = z.enum(['fresh', 'stale', 'none']);
export type Protection = z.infer<typeof Protection>;
/** What a point's verification found: verified (a full read), checked (a structure or sample
 * check), damaged, or unverified. */
export const Evidence = z.enum(['verified', 'checked', 'damaged', 'unverified']);
export type Evidence = z.infer<typeof Evidence>;

export const ScopeStatus = z.object({
  scope: z.string(),
  protection: Protection,
  /** The newest backup of the scope (safety points do not count). */
  newest: z
    .object({
      id: z.string(),
      shortId: z.string(),
      time: z.string(),
      ageSeconds: z.number(),
      evidence: Evidence,
      /** A partial point: how many files or folders its backup could not read. */
      unreadable: z.number().optional(),
    })
    .optional(),
  /** When the newest backup passes the RPO: the scope is stale from then on. */
  staleAt: z.string().optional(),
  /** The newest backup a full read verified. */
  lastVerified: z.object({ id: z.string(), shortId: z.string(), verifiedAt: z.string() }).optional(),
});
export type ScopeStatus = z.infer<typeof ScopeStatus>;

export const SystemStatus = z.object({
  system: z.string(),
  criticality: z.enum(criticalities),
  rpo: Duration,
  /** The worst of its scopes. */
  protection: Protection,
  scopes: z.array(ScopeStatus),
});
export type SystemStatus = z.infer<typeof SystemStatus>;
