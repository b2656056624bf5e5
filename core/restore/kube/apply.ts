// apply(): writes exactly what a preview lists, in priority order (priority.ts), each rank's
// objects a few at a time. The objects are derived again from the point (desired.ts) — the
// preview holds references only — and every item is checked before the first write: an item
// outside the destination namespace, or one the point does not hold, refuses the whole preview
// (`restore.outside_plan`). One object's failure is reported and the run goes on; an unreachable
// cluster or a 401 stops it (the rest 'not done'); a cancel leaves the rest 'not done' and
// rethrows the abort reason.
import { ObjectsPreview, type ObjectChange, type RestoreItemResult } from '../../api/contract';
import { LifeboatError } from '../../api/errors';
import { kubeConfigFrom } from '../../connect/kube';
import { noopProgress } from '../../jobs/progress';
import { discoverTypes } from '../../providers/native/kube/discovery';
import { KubeHttpError } from '../../providers/native/kube/kube-reader';
import { kubeWriter } from '../../providers/native/kube/kube-writer';
import type { ApplyContext, ObjectsTarget } from '../engine';
import { ServedTypes } from './api-paths';
import { deriveDesired, itemLabel, type Desired } from './desired';
import { asRestoreError, httpMessage, isFatal } from './errors';
import { isOtherNamespace, refKey } from './plan';
import { PointObjects, type StoredEntry } from './point-objects';
import { mapLimit } from './pool';
import { inDeleteOrder, inWriteOrder, ranks, type Ordered } from './priority';
import { crdEstablished, defaultServiceAccount } from './settle';
import { ObjectWrites, type WriteResult } from './writes';

const writeConcurrency = 8;
const loadConcurrency = 16;

interface Work extends Ordered {
  action: 'create' | 'update' | 'delete';
  label: string;
  run(): Promise<WriteResult>;
}

function outsidePlan(problems: string[]): LifeboatError {
  const shown = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return new LifeboatError(
    'restore.outside_plan',
    `The preview lists what this restore may not write, so nothing was written: ${shown}${more}.`,
    { problems },
  );
}

const apiGroupVersion = (apiVersion: string) => {
  const i = apiVersion.lastIndexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
};

/** Finds each create/update item's object in the point; problems for those it does not hold. */
async function resolveWrites(
  point: PointObjects,
  target: ObjectsTarget,
  changes: readonly ObjectChange[],
  problems: string[],
): Promise<Map<ObjectChange, Desired>> {
  const candidates = new Map<ObjectChange, StoredEntry[]>();
  for (const c of changes) {
    const label = itemLabel(c.ref);
    if (c.ref.kind === 'Namespace' && c.ref.apiVersion === 'v1' && c.ref.namespace === undefined) {
      if (c.ref.name !== target.destNamespace) problems.push(`${label} is not the destination namespace`);
      continue;
    }
    if (c.ref.namespace !== undefined && c.ref.namespace !== target.destNamespace) {
      problems.push(`${label} is in namespace ${c.ref.namespace}, not ${target.destNamespace}`);
      continue;
    }
    const { group, version } = apiGroupVersion(c.ref.apiVersion);
    candidates.set(c, point.find(c.ref.namespace !== undefined, group, version, undefined, c.ref.name));
  }
  // Loaded a few at a time (memoised by the point), then matched by kind.
  await mapLimit([...candidates.values()].flat(), loadConcurrency, (e) => point.load(e));
  const entryOf = new Map<ObjectChange, StoredEntry>();
  for (const [c, list] of candidates) {
    let found: StoredEntry | undefined;
    for (const e of list) {
      const r = await point.load(e);
      if ('item' in r && r.item.kind === c.ref.kind) found = e;
    }
    if (found) entryOf.set(c, found);
    else {
      const where = c.ref.namespace !== undefined ? '' : 'cluster-scoped ';
      problems.push(`the restore point holds no ${where}${itemLabel(c.ref)}`);
    }
  }
  const entries = [...new Set(entryOf.values())];
  const { desired, skipped } = await deriveDesired(point, entries, target);
  for (const s of skipped) problems.push(`${s.item} is not restored from this point (${s.reason})`);
  const byEntry = new Map(desired.map((d) => [d.entry, d]));
  const out = new Map<ObjectChange, Desired>();
  for (const [c, e] of entryOf) {
    const d = byEntry.get(e);
    if (d) out.set(c, d);
  }
  return out;
}

/** An undo's deletes: in the destination namespace (or cluster-scoped, not another namespace). */
function deleteWork(
  changes: readonly ObjectChange[],
  served: ServedTypes,
  dest: string,
  writes: ObjectWrites,
  problems: string[],
): Work[] {
  const deletes: Work[] = [];
  for (const c of changes) {
    const t = served.ofRef(c.ref.apiVersion, c.ref.kind);
    const inside = t?.namespaced ? c.ref.namespace === dest : c.ref.namespace === undefined;
    if ((t && !inside) || isOtherNamespace(c.ref, dest)) {
      problems.push(`${itemLabel(c.ref)} is not in namespace ${dest}`);
      continue;
    }
    if (!t && c.ref.namespace !== undefined && c.ref.namespace !== dest) {
      problems.push(`${itemLabel(c.ref)} is in namespace ${c.ref.namespace}, not ${dest}`);
      continue;
    }
    const place = t ?? {
      ...apiGroupVersion(c.ref.apiVersion),
      plural: c.ref.kind.toLowerCase(),
      namespaced: false,
    };
    deletes.push({
      plural: place.plural,
      group: place.group,
      name: c.ref.name,
      action: 'delete',
      label: itemLabel(c.ref),
      run: () => {
        if (!t)
          throw new KubeHttpError(404, '', `the cluster does not serve ${c.ref.apiVersion} ${c.ref.kind}`);
        return writes.remove(t, c.ref.namespace, c.ref.name);
      },
    });
  }
  return deletes;
}

export async function applyObjects(
  target: ObjectsTarget,
  preview: ObjectsPreview,
  ctx: ApplyContext,
): Promise<{ bytes: number }> {
  try {
    return await apply(target, preview, ctx);
  } catch (e) {
    throw asRestoreError(e, target.cluster);
  }
}

async function apply(
  target: ObjectsTarget,
  input: ObjectsPreview,
  ctx: ApplyContext,
): Promise<{ bytes: number }> {
  const parsed = ObjectsPreview.safeParse(input);
  if (!parsed.success)
    throw new LifeboatError('restore.bad_preview', 'The preview is not an objects preview.');
  const preview = parsed.data;
  const { signal } = ctx;
  const progress = ctx.progress ?? noopProgress;
  const onItem = (r: RestoreItemResult) => ctx.onItem?.(r);
  const dest = target.destNamespace;

  progress.phase('reading the restore point');
  const point = await PointObjects.open(target.repo, target.snapshot, target.sourceNamespace, signal);
  const problems: string[] = [];
  const desired = await resolveWrites(point, target, [...preview.create, ...preview.update], problems);
  const client = kubeWriter(kubeConfigFrom(target.kubeconfig), signal ? { signal } : {});
  const served = new ServedTypes((await discoverTypes(client)).types);
  const writes = new ObjectWrites(client, target.conflict);

  const work: Work[] = [];
  const add = (action: Work['action'], c: ObjectChange, place: Ordered, run: Work['run']) =>
    work.push({ ...place, action, label: itemLabel(c.ref), run });
  for (const [action, list] of [
    ['create', preview.create],
    ['update', preview.update],
  ] as const) {
    for (const c of list) {
      const d = desired.get(c);
      if (c.ref.kind === 'Namespace' && !d) {
        if (action === 'create')
          add(action, c, { plural: 'namespaces', group: '', name: c.ref.name }, async () =>
            writes.createNamespace(await point.namespaceBody(dest)),
          );
        else problems.push(`an update of ${itemLabel(c.ref)}: a restore does not change namespaces`);
      } else if (d) {
        const uid = action === 'update' ? releasedUid(c) : undefined;
        add(action, c, { plural: d.entry.plural, group: d.entry.group, name: d.ref.name }, () =>
          uid ? writes.releaseVolume(d, uid) : action === 'create' ? writes.create(d) : writes.update(d),
        );
      }
    }
  }
  const deletes = deleteWork(preview.delete, served, dest, writes, problems);
  if (problems.length > 0) throw outsidePlan(problems);
  const seen = new Set<string>();
  for (const c of [...preview.create, ...preview.update, ...preview.delete]) {
    if (seen.has(refKey(c.ref))) throw outsidePlan([`${itemLabel(c.ref)} is listed twice`]);
    seen.add(refKey(c.ref));
  }

  const ordered = [...ranks(inWriteOrder(work)), ...ranks(inDeleteOrder(deletes))];
  progress.total({ items: work.length + deletes.length, bytes: preview.bytes });
  progress.phase('applying objects');
  const podsToCreate = preview.create.some((c) => c.ref.kind === 'Pod' && c.ref.apiVersion === 'v1');
  let bytes = 0;
  let fatal: unknown;
  const report = (w: Work, r: Omit<RestoreItemResult, 'item' | 'action'>) =>
    onItem({ item: w.label, action: w.action, ...r });

  for (const rank of ordered) {
    const createdHere: Work[] = [];
    await mapLimit(rank, writeConcurrency, async (w) => {
      if (fatal !== undefined || signal?.aborted) {
        report(w, {
          result: 'not done',
          message: signal?.aborted ? 'cancelled before it was written' : 'not attempted: the run stopped',
        });
        progress.add({ items: 1 });
        return;
      }
      try {
        const r = await w.run();
        bytes += r.bytes;
        report(w, {
          result: r.result,
          ...(r.message ? { message: r.message } : {}),
          ...(r.existed ? { existed: true } : {}),
        });
        if (r.result === 'done' && w.action === 'create') createdHere.push(w);
        progress.add({ items: 1, bytes: r.bytes });
      } catch (e) {
        progress.add({ items: 1 });
        if (signal?.aborted) {
          report(w, {
            result: 'not done',
            message: 'cancelled while being written: it may have been applied',
          });
        } else if (e instanceof KubeHttpError) {
          report(w, { result: 'failed', message: httpMessage(e) });
          if (isFatal(e)) fatal ??= e;
        } else {
          report(w, { result: 'failed', message: e instanceof Error ? e.message : String(e) });
          // Unreachable, or not an error about this object (a fault of the program): stop.
          if (isFatal(e) || !(e instanceof LifeboatError)) fatal ??= e;
        }
      }
    });
    if (fatal !== undefined || signal?.aborted) continue;
    try {
      for (const w of createdHere) {
        if (w.plural === 'namespaces' && podsToCreate) await defaultServiceAccount(client, dest, signal);
        if (w.plural === 'customresourcedefinitions') await crdEstablished(client, w.name, signal);
      }
    } catch (e) {
      if (!signal?.aborted) fatal ??= e;
    }
  }
  if (signal?.aborted) throw signal.reason;
  if (fatal !== undefined) throw fatal;
  return { bytes };
}

/** The uid a PersistentVolume update clears from its claimRef (plan.ts, releaseOf), if it is one. */
function releasedUid(c: ObjectChange): string | undefined {
  const [only, ...rest] = c.diff ?? [];
  if (c.ref.apiVersion !== 'v1' || c.ref.kind !== 'PersistentVolume' || rest.length) return undefined;
  return only?.path === 'spec.claimRef.uid' && typeof only.old === 'string' ? only.old : undefined;
}
