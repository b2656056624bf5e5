// Undo of a restore: put back what its safety point holds (exactly what the restore overwrote
// or deleted) and delete what the restore created — planned like any restore, so the operator
// sees its own preview first, and carried out by the same executor.
import type { FileChange, ObjectChange, PlanView, RestoreView } from '../api/contract';
import { LifeboatError } from '../api/errors';
import type { Services } from '../api/handlers/types';
import { makePlan } from './plan';
import type { RestoreStore } from './restore-store';
import type { Choice } from './target';

/** What the undo of `r` deletes, and — without a safety point — that nothing comes from a point. */
export function undoChoice(restores: RestoreStore, r: RestoreView): Partial<Choice> {
  const plan = restores.getPlan(r.planId);
  // Only what the restore itself created: a create that found the object there left it someone else's.
  const created = new Set(
    r.items.filter((i) => i.action === 'create' && i.result === 'done' && !i.existed).map((i) => i.item),
  );
  const p = plan.preview;
  const alsoDelete =
    p.kind === 'files'
      ? p.create.filter((c: FileChange) => created.has(c.path))
      : p.create.filter((c: ObjectChange) => created.has(`${c.ref.kind}/${c.ref.name}`));
  // Without a safety point the original point stands in, with an empty subset: nothing from it.
  const nothing = r.safetyPointId ? {} : p.kind === 'files' ? { paths: [] } : { resources: [] };
  return { ...nothing, ...(alsoDelete.length ? { alsoDelete } : {}) };
}

export async function planUndo(s: Services, restores: RestoreStore, restoreId: string): Promise<PlanView> {
  const r = restores.get(restoreId);
  if (r.state === 'Running')
    throw new LifeboatError(
      'restore.still_running',
      `Restore ${r.id} is still running; cancel it or wait for it.`,
    );
  if (r.undoneBy)
    throw new LifeboatError(
      'restore.already_undone',
      `Restore ${r.id} was already undone by restore ${r.undoneBy}.`,
    );
  const original = restores.getPlan(r.planId);
  const choice = undoChoice(restores, r);
  if (!r.safetyPointId && !choice.alsoDelete)
    throw new LifeboatError(
      'restore.nothing_to_undo',
      `Restore ${r.id} overwrote nothing and created nothing that is done: there is nothing to undo.`,
    );
  return makePlan(s, restores, {
    scope: r.safetyPointId ? r.destination : original.source.scope,
    to: r.destination,
    point: r.safetyPointId ?? r.pointId,
    choice: { deleteExtra: false, conflict: 'update', ...choice },
    undoOf: r.id,
  });
}
