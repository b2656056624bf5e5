// `restore.execute`: carries out a plan as a job, in the order the architecture requires —
// re-check the live target against the preview (stop if it moved), take the safety point of
// what will be overwritten, then write through the engine, recording every item's outcome in
// the catalog as it is known and the whole restore in the journal.
import { randomBytes } from 'node:crypto';
import type { JobView, PlanView, Preview, RestoreItemResult, RestoreView } from '../api/contract';
import { LifeboatError, toApiError } from '../api/errors';
import type { Services } from '../api/handlers/types';
import { openRepo } from '../backup/open-repository';
import type { Progress } from '../jobs/progress';
import type { JobContext } from '../jobs/runner';
import { backupKubeScope } from '../providers/native/kube';
import { backupServerPath } from '../providers/native/server-backup';
import type { Repository } from '../repository/repository';
import { safetyItems } from './files';
import { safetyResources } from './kube';
import { samePreview } from './same-preview';
import type { RestoreStore } from './restore-store';
import {
  applyWith,
  openTarget,
  planWith,
  resolveScopes,
  type Choice,
  type Opened,
  type Scopes,
} from './target';
import { undoChoice } from './undo';

/** Every item the plan lists, not done yet. */
export function plannedItems(p: Preview): RestoreItemResult[] {
  const item = (action: RestoreItemResult['action']) => (label: string) => ({
    item: label,
    action,
    result: 'not done' as const,
  });
  if (p.kind === 'files')
    return [
      ...p.create.map((c) => item('create')(c.path)),
      ...p.replace.map((c) => item('replace')(c.path)),
      ...p.delete.map((c) => item('delete')(c.path)),
    ];
  const label = (c: { ref: { kind: string; name: string } }) => `${c.ref.kind}/${c.ref.name}`;
  return [
    ...p.create.map((c) => item('create')(label(c))),
    ...p.update.map((c) => item('update')(label(c))),
    ...p.delete.map((c) => item('delete')(label(c))),
  ];
}

export function choiceOf(s: Services, restores: RestoreStore, plan: PlanView): Choice {
  const base: Choice = {
    ...(plan.subset.paths ? { paths: plan.subset.paths } : {}),
    ...(plan.subset.resources ? { resources: plan.subset.resources } : {}),
    ...(plan.subset.selector ? { selector: plan.subset.selector } : {}),
    deleteExtra: plan.options.deleteExtra,
    conflict: plan.options.conflict,
  };
  return plan.undoOf ? { ...base, ...undoChoice(restores, restores.get(plan.undoOf)) } : base;
}

export function startRestore(
  s: Services,
  restores: RestoreStore,
  planId: string,
): { job: JobView; restore: RestoreView } {
  // The check that the plan is unused and the record that uses it, in one transaction: two
  // clients (the console and the CLI) executing one plan at once start one restore.
  return restores.atomically(() => startOnce(s, restores, planId));
}

function startOnce(
  s: Services,
  restores: RestoreStore,
  planId: string,
): { job: JobView; restore: RestoreView } {
  const plan = restores.getPlan(planId);
  const used = restores.forPlan(planId);
  if (used)
    throw new LifeboatError(
      'restore.plan_used',
      `Plan ${planId} was already carried out by restore ${used}; plan again to restore again.`,
    );
  if (plan.empty)
    throw new LifeboatError(
      'restore.nothing_to_do',
      'Everything already matches the restore point: nothing to write.',
    );
  s.vault.requireUnlocked();
  const id = randomBytes(8).toString('hex');
  let ready!: () => void;
  const inserted = new Promise<void>((r) => (ready = r));
  const job = s.jobs.start({
    kind: 'restore',
    title: `${plan.undoOf ? 'Undo restore' : 'Restore'} ${plan.destination.scope} from ${plan.point.shortId}`,
    actor: s.actor,
    run: async (ctx) => {
      await inserted;
      return runRestore(s, restores, id, plan, ctx);
    },
  });
  const restore = restores.start({
    id,
    plan,
    jobId: job.id,
    actor: s.actor,
    items: plannedItems(plan.preview),
  });
  ready();
  return { job, restore };
}

async function takeSafetyPoint(
  s: Services,
  opened: Opened,
  scopes: Scopes,
  repo: Repository,
  plan: PlanView,
  restoreId: string,
  ctx: JobContext,
): Promise<string> {
  const tags = ['safety', `restore:${restoreId}`];
  const system = scopes.system?.name;
  const common = { repo, tags, ...(system ? { system } : {}) };
  // The backup engine's own phases, said to be the safety point's.
  const progress: Progress = {
    phase: (t, opts) => ctx.progress.phase(`safety point: ${t}`, opts),
    total: (t) => ctx.progress.total(t),
    add: (d) => ctx.progress.add(d),
  };
  // Whatever the safety point could not hold, an undo could not put back: the restore stops before
  // its first write rather than overwrite it without a way back.
  const missed: string[] = [];
  const fail = (item: string, message: string) => {
    missed.push(`${item}: ${message}`);
    ctx.fail(item, `safety point: ${message}`);
  };
  const sub = { signal: ctx.signal, progress, fail };
  let result;
  if (opened.kind === 'files' && plan.preview.kind === 'files') {
    const t = opened.target;
    result = await backupServerPath(
      {
        ...common,
        session: t.session,
        server: t.server,
        path: t.destPath,
        sudo: t.sudo,
        items: safetyItems(t, plan.preview),
      },
      sub,
    );
  } else if (opened.kind === 'objects' && plan.preview.kind === 'objects') {
    const t = opened.target;
    result = await backupKubeScope(
      {
        ...common,
        kubeconfig: t.kubeconfig,
        cluster: t.cluster,
        namespace: t.destNamespace,
        resources: safetyResources(plan.preview),
      },
      sub,
    );
  } else throw new LifeboatError('restore.bad_plan', 'The plan does not match its destination; plan again.');
  if (missed.length)
    throw new LifeboatError(
      'restore.safety_incomplete',
      `The safety point could not keep ${missed.length === 1 ? 'one item' : `${missed.length} items`} the restore would overwrite or delete (${missed.slice(0, 3).join('; ')}${missed.length > 3 ? '; …' : ''}), so it could not be undone: nothing was written. Make them readable (or use sudo for the server), or restore alongside instead.`,
    );
  const snapshot = await repo.loadSnapshot(result.snapshotId);
  s.points.record({
    id: result.snapshotId,
    repository: plan.point.repository,
    repositoryId: repo.id,
    snapshot,
  });
  return result.snapshotId;
}

async function runRestore(s: Services, restores: RestoreStore, id: string, plan: PlanView, ctx: JobContext) {
  const started = Date.now();
  const items = plannedItems(plan.preview);
  const index = new Map(items.map((it, i) => [`${it.action} ${it.item}`, i]));
  let bytes = 0;
  let safetyPointId: string | undefined;
  const scopes = resolveScopes(s, plan.source.scope, plan.destination.scope);
  const journalDetails = { plan: plan.id, point: plan.point.id, destination: plan.destination.scope };
  s.journal.append({ actor: s.actor, action: 'restore.started', subject: id, details: journalDetails });
  let lastSave = 0;
  const save = (force = false) => {
    if (!force && Date.now() - lastSave < 500) return;
    lastSave = Date.now();
    restores.update(id, { items, ...(safetyPointId ? { safetyPointId } : {}), bytes });
  };
  let opened: Opened | undefined;
  try {
    ctx.progress.phase('opening the repository');
    const repo = await openRepo(s.estate.ctx, plan.point.repository, ctx.signal);
    const snapshot = await repo.loadSnapshot(plan.point.id, { signal: ctx.signal });
    const choice = choiceOf(s, restores, plan);
    ctx.progress.phase('checking the live target against the preview');
    // One connection for the re-plan, the safety point and the write.
    opened = await openTarget(s, scopes, repo, snapshot, choice.conflict, ctx.signal);
    const now = await planWith(opened, scopes, choice, ctx.signal);
    const moved = samePreview(plan.preview, now);
    if (moved.length)
      throw new LifeboatError(
        'restore.target_changed',
        `The live target changed since the preview (${moved.slice(0, 5).join('; ')}${
          moved.length > 5 ? `; and ${moved.length - 5} more` : ''
        }). Nothing was written: plan again and confirm the new preview.`,
        { changed: moved.slice(0, 100) },
      );
    if (plan.safety.items > 0) {
      ctx.progress.phase('taking the safety point', { restart: true });
      safetyPointId = await takeSafetyPoint(s, opened, scopes, repo, plan, id, ctx);
      save(true);
      s.journal.append({
        actor: s.actor,
        action: 'restore.safety_point',
        subject: id,
        details: { point: safetyPointId, items: plan.safety.items },
      });
    }
    // The write counts its own items and bytes: the safety point's are not part of its totals.
    ctx.progress.phase('writing', { restart: true });
    const out = await applyWith(opened, plan.preview, {
      signal: ctx.signal,
      progress: ctx.progress,
      onItem: (r) => {
        const i = index.get(`${r.action} ${r.item}`);
        if (i !== undefined) items[i] = r;
        if (r.result === 'failed') ctx.fail(r.item, r.message ?? `${r.action} failed`);
        save();
      },
    });
    bytes = out.bytes;
  } catch (e) {
    const cancelled = ctx.signal.aborted;
    const error = toApiError(e);
    restores.finish(id, {
      state: cancelled ? 'Cancelled' : 'Failed',
      items,
      bytes,
      durationMs: Date.now() - started,
      ...(cancelled ? {} : { error: { code: error.code, message: error.message } }),
    });
    s.journal.append({
      actor: s.actor,
      action: cancelled ? 'restore.cancelled' : 'restore.failed',
      subject: id,
      details: {
        ...journalDetails,
        ...(cancelled ? {} : { error: error.code }),
        done: items.filter((i) => i.result === 'done').length,
      },
    });
    throw e;
  } finally {
    opened?.close();
  }
  const failed = items.filter((i) => i.result !== 'done').length;
  const done = items.length - failed;
  const state = failed ? 'PartiallyFailed' : 'Succeeded';
  // An item the engine never reported is not done: say so, so the job is not reported clean.
  for (const it of items) if (it.result === 'not done') ctx.fail(it.item, 'not done');
  restores.finish(id, { state, items, bytes, durationMs: Date.now() - started });
  s.journal.append({
    actor: s.actor,
    action: plan.undoOf ? 'restore.undone' : 'restore.finished',
    subject: plan.undoOf ?? id,
    details: {
      ...journalDetails,
      restore: id,
      state,
      done,
      failed,
      ...(safetyPointId ? { safetyPoint: safetyPointId } : {}),
    },
  });
  return {
    summary: { restoreId: id, state, done, failed, bytes, ...(safetyPointId ? { safetyPointId } : {}) },
  };
}
