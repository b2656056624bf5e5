// `catalog rebuild`: the catalog is a cache; the repositories are the truth. Reads every
// snapshot of every repository whose passphrase is in the vault and records it as a restore
// point (what changed is recomputed from each snapshot's parent).
//
// A snapshot file that can't be read (damaged, or written by a newer Lifeboat) never makes its
// restore point disappear: the catalog keeps the row it has, and a damaged one is marked the way
// a verification marks damage (a failed verification in the catalog, `point.damaged` in the
// journal with the reason). Each such file is a job failure naming the snapshot and the reason,
// so the job ends PartiallyFailed; one the catalog never had is only reported (nothing is known
// about it but its id). A repository that lists no snapshot at all while the catalog holds points
// of it removes nothing (a failure says so): an empty answer is likelier a fault than the truth,
// and the points' verification records live only in the catalog.
import type { LifeboatError } from '../api/errors';
import type { PointView } from '../api/contract';
import type { Services } from '../api/handlers/types';
import type { JobContext } from '../jobs/runner';
import { openRepo } from './open-repository';
import { diffTrees } from './tree-diff';

export async function rebuildCatalog(s: Services, ctx: JobContext) {
  const repositories = s.estate.ctx.repositories.list().map((r) => r.spec);
  ctx.progress.total({ items: repositories.length });
  let points = 0;
  let removed = 0;
  let damaged = 0;
  const read = new Map<string, string>();
  for (const spec of repositories) {
    ctx.signal.throwIfAborted();
    if (!spec.passphraseRef) {
      ctx.fail(
        `repository ${spec.name}`,
        `no passphrase in the vault; connect it to read it: lifeboat repo connect ${spec.name} --passphrase-env VAR`,
      );
      continue;
    }
    ctx.progress.phase(`reading repository ${spec.name}`);
    let repo;
    try {
      repo = await openRepo(s.estate.ctx, spec.name, ctx.signal);
    } catch (e) {
      ctx.fail(`repository ${spec.name}`, (e as Error).message);
      continue;
    }
    // Two entries for one repository (a folder added twice, a copy): its points are listed once.
    const first = read.get(repo.id);
    if (first) {
      ctx.fail(
        `repository ${spec.name}`,
        `the same repository as ${first} (id ${repo.id}); its restore points are listed under ${first}. Remove one of the two entries.`,
      );
      continue;
    }
    read.set(repo.id, spec.name);
    const known = new Map(s.points.list({ repository: spec.name, limit: 1_000_000 }).map((p) => [p.id, p]));
    const found = new Set<string>();
    for await (const listing of repo.listSnapshots({ signal: ctx.signal })) {
      if (listing.error) {
        found.add(listing.id); // its file is still there: the point is not gone
        const point = known.get(listing.id);
        const reason = `${listing.error.message} [${listing.error.code}]`;
        let outcome = `Not in the catalog for ${spec.name}: it cannot be listed until the file is repaired.`;
        if (point && listing.error.code === 'repo.damaged_snapshot') {
          markDamaged(s, point, listing.error);
          damaged++;
          outcome = 'Its restore point stays in the catalog, marked damaged.';
        } else if (point) outcome = 'Its restore point stays in the catalog as it was.';
        ctx.fail(`repository ${spec.name}: snapshot ${listing.id}`, `${reason} ${outcome}`);
        continue;
      }
      const { snapshot } = listing;
      found.add(listing.id);
      let changes;
      if (snapshot.parent) {
        try {
          changes = await diffTrees(
            repo,
            (await repo.loadSnapshot(snapshot.parent)).tree,
            snapshot.tree,
            ctx.signal,
          );
        } catch {
          changes = undefined;
        }
      }
      s.points.record({
        id: listing.id,
        repository: spec.name,
        repositoryId: repo.id,
        snapshot,
        ...(changes ? { changes } : {}),
      });
      points++;
    }
    const gone = s.points.list({ repository: spec.name, limit: 1_000_000 }).filter((p) => !found.has(p.id));
    // A storage that lists no snapshot at all while the catalog knows points of this very
    // repository is more likely answering wrongly (an empty listing) than emptied: removing would
    // also lose their verification records, which only the catalog holds.
    if (found.size === 0 && gone.length > 0 && s.points.entriesOf(repo.id).includes(spec.name)) {
      ctx.fail(
        `repository ${spec.name}`,
        `it lists no snapshot, yet the catalog knows ${gone.length} restore ${gone.length === 1 ? 'point' : 'points'} of it; none was removed. Check the storage, then rebuild again.`,
      );
      ctx.progress.add({ items: 1 });
      continue;
    }
    for (const p of gone) {
      s.points.remove(p.id);
      removed++;
    }
    ctx.progress.add({ items: 1 });
  }
  s.journal.append({
    actor: s.actor,
    action: 'catalog.rebuilt',
    subject: 'catalog',
    details: { points, removed, damaged },
  });
  return { summary: { points, removed, damaged, repositories: repositories.length } };
}

/** Records a snapshot file found damaged as verification records damage, with the reason. */
function markDamaged(s: Services, point: PointView, error: LifeboatError) {
  const verification = { mode: 'structure', ok: false, damage: 1, checkedBlobs: 0, bytesRead: 0 };
  s.points.recordVerification(point.id, { at: new Date().toISOString(), ...verification });
  s.journal.append({
    actor: s.actor,
    action: 'point.damaged',
    subject: point.id,
    details: {
      ...verification,
      scope: point.scope,
      found: 'catalog rebuild',
      reason: `${error.message} [${error.code}]`,
    },
  });
}
