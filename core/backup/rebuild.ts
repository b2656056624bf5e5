// `catalog rebuild`: the catalog is a cache; the repositories are the truth. Reads every
// snapshot of every repository whose passphrase is in the vault and records it as a restore
// point (what changed is recomputed from each snapshot's parent).
import type { Services } from '../api/handlers/types';
import type { JobContext } from '../jobs/runner';
import { openRepo } from './open-repository';
import { diffTrees } from './tree-diff';

export async function rebuildCatalog(s: Services, ctx: JobContext) {
  const repositories = s.estate.ctx.repositories.list().map((r) => r.spec);
  ctx.progress.total({ items: repositories.length });
  let points = 0;
  let removed = 0;
  for (const spec of repositories) {
    ctx.signal.throwIfAborted();
    if (!spec.passphraseRef) {
      ctx.fail(`repository ${spec.name}`, 'no passphrase in the vault; add it to read this repository');
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
    const found = new Set<string>();
    for await (const listing of repo.listSnapshots({ signal: ctx.signal })) {
      if (listing.error) {
        ctx.fail(`repository ${spec.name}: snapshot ${listing.id.slice(0, 8)}`, listing.error.message);
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
    for (const p of s.points.list({ repository: spec.name, limit: 1_000_000 })) {
      if (!found.has(p.id)) {
        s.points.remove(p.id);
        removed++;
      }
    }
    ctx.progress.add({ items: 1 });
  }
  s.journal.append({
    actor: s.actor,
    action: 'catalog.rebuilt',
    subject: 'catalog',
    details: { points, removed },
  });
  return { summary: { points, removed, repositories: repositories.length } };
}
