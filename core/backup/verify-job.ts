// `points.verify`: re-read a restore point from its repository and record the evidence (or the
// damage: which files are affected) in the catalog and the journal.
import type { PointView } from '../api/contract';
import type { Services } from '../api/handlers/types';
import type { JobContext } from '../jobs/runner';
import { verifySnapshot } from '../repository/verify';
import { openRepo } from './open-repository';

export type VerifyMode = 'structure' | 'read-data' | { sample: number };

export async function verifyPoint(s: Services, point: PointView, mode: VerifyMode, ctx: JobContext) {
  ctx.progress.phase('opening the repository');
  const repo = await openRepo(s.estate.ctx, point.repository, ctx.signal);
  ctx.progress.phase('checking');
  const report = await verifySnapshot(repo, point.id, { mode, signal: ctx.signal, progress: ctx.progress });
  const checkedBlobs = report.checked.dataBlobs;
  s.points.recordVerification(point.id, {
    at: report.finishedAt,
    mode: report.mode,
    ok: report.ok,
    damage: report.damage.length,
    checkedBlobs,
    bytesRead: report.checked.bytesRead,
  });
  for (const d of report.damage.slice(0, 1000))
    ctx.fail(d.path || '(repository)', `${d.message} [${d.code}]`);
  s.journal.append({
    actor: s.actor,
    action: report.ok ? 'point.verified' : 'point.damaged',
    subject: point.id,
    details: {
      mode: report.mode,
      scope: point.scope,
      checkedBlobs,
      bytesRead: report.checked.bytesRead,
      damage: report.damage.length,
    },
  });
  return { summary: { ok: report.ok, mode: report.mode, ...report.checked, damage: report.damage.length } };
}
