// `restore.plan`: scope + subset + point + destination + options → the plan the operator reads
// before anything is written. The preview is exact: the engine compares the point with the live
// target (hashes of only the candidate files, or the cleaned live objects). Nothing is written;
// the plan is kept in the catalog so that `restore.execute` carries out exactly this.
import { randomBytes } from 'node:crypto';
import type { ParsedInput, PlanView, Preview } from '../api/contract';
import type { Services } from '../api/handlers/types';
import { openRepo } from '../backup/open-repository';
import type { Repository } from '../repository/repository';
import type { Snapshot } from '../repository/snapshot';
import { choosePoint } from './choose-point';
import { dataLoss, estimate, isEmpty, safety } from './plan-facts';
import type { RestoreStore } from './restore-store';
import { checkSubset, openTarget, planWith, resolveScopes, type Choice, type Scopes } from './target';

export interface PlanRequest {
  scope: string;
  to?: string;
  point?: string;
  before?: string;
  choice: Choice;
  undoOf?: string;
}

export function requestOf(input: ParsedInput<'restore.plan'>): PlanRequest {
  return {
    scope: input.scope,
    ...(input.to ? { to: input.to } : {}),
    ...(input.point ? { point: input.point } : {}),
    ...(input.before ? { before: input.before } : {}),
    choice: {
      ...(input.paths ? { paths: input.paths } : {}),
      ...(input.resources ? { resources: input.resources } : {}),
      ...(input.selector ? { selector: input.selector } : {}),
      deleteExtra: input.deleteExtra,
      conflict: input.conflict,
    },
  };
}

/** Opens the destination, asks the engine for the preview, closes. */
export async function previewOf(
  s: Services,
  scopes: Scopes,
  repo: Repository,
  snapshot: Snapshot,
  choice: Choice,
  signal?: AbortSignal,
): Promise<Preview> {
  const opened = await openTarget(s, scopes, repo, snapshot, choice.conflict, signal);
  try {
    return await planWith(opened, scopes, choice, signal);
  } finally {
    opened.close();
  }
}

export async function makePlan(
  s: Services,
  restores: RestoreStore,
  req: PlanRequest,
  signal?: AbortSignal,
): Promise<PlanView> {
  const scopes = resolveScopes(s, req.scope, req.to);
  checkSubset(scopes, req.choice);
  const chosen = choosePoint(s.points, scopes.source.text, {
    ...(req.point ? { point: req.point } : {}),
    ...(req.before ? { before: req.before } : {}),
    ...(scopes.system ? { rpoSeconds: scopes.system.rpo.seconds } : {}),
  });
  s.vault.requireUnlocked();
  const repo = await openRepo(s.estate.ctx, chosen.point.repository, signal);
  const snapshot = await repo.loadSnapshot(chosen.point.id, signal ? { signal } : {});
  const preview = await previewOf(s, scopes, repo, snapshot, req.choice, signal);
  const now = new Date().toISOString();
  const { point } = chosen;
  const plan: PlanView = {
    id: randomBytes(8).toString('hex'),
    createdAt: now,
    actor: s.actor,
    ...(req.undoOf ? { undoOf: req.undoOf } : {}),
    source: { scope: scopes.source.text, ...(scopes.system ? { system: scopes.system.name } : {}) },
    point: {
      id: point.id,
      shortId: point.shortId,
      time: point.time,
      repository: point.repository,
      kind: point.kind,
      ...(point.verifiedAt ? { verifiedAt: point.verifiedAt } : {}),
      why: chosen.why,
    },
    destination: { scope: scopes.dest.text, inPlace: scopes.inPlace },
    subset: {
      ...(req.choice.paths ? { paths: req.choice.paths } : {}),
      ...(req.choice.resources ? { resources: req.choice.resources } : {}),
      ...(req.choice.selector ? { selector: req.choice.selector } : {}),
    },
    options: { deleteExtra: req.choice.deleteExtra, conflict: req.choice.conflict },
    preview,
    dataLoss: dataLoss(point, preview, now),
    estimate: estimate(
      preview,
      scopes.source.text,
      restores,
      s.points.list({ scope: scopes.source.text, kind: 'backup', limit: 5 }),
    ),
    safety: safety(preview, point.repository),
    empty: isEmpty(preview),
  };
  restores.savePlan(plan);
  return plan;
}
