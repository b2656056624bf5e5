import { startBackups } from '../../backup/backup-job';
import { initRepo, openRepo } from '../../backup/open-repository';
import { rebuildCatalog } from '../../backup/rebuild';
import { browse } from '../../points/browse';
import type { Handlers, Services } from './types';

type M = 'repo.init' | 'backup.start' | 'points.list' | 'points.get' | 'points.browse' | 'catalog.rebuild';

export const pointHandlers = (s: Services): Handlers<M> => ({
  'repo.init': async ({ name, passphrase }) => {
    const repo = await initRepo(s.estate.ctx, name, passphrase);
    return { repository: s.estate.repositories.get(name), repositoryId: repo.id };
  },
  'backup.start': ({ system, scope }) => ({ jobs: startBackups(s, system, scope) }),
  'points.list': ({ system, scope, limit }) => ({
    points: s.points.list({ ...(system ? { system } : {}), ...(scope ? { scope } : {}), limit }),
  }),
  'points.get': ({ id }) => ({ point: s.points.resolve(id) }),
  'points.browse': async ({ id, path }) => {
    const point = s.points.resolve(id);
    const repo = await openRepo(s.estate.ctx, point.repository);
    const snapshot = await repo.loadSnapshot(point.id);
    const clean = path.split('/').filter(Boolean).join('/');
    return { point, path: clean, entries: await browse(repo, snapshot.tree, clean) };
  },
  'catalog.rebuild': () => ({
    job: s.jobs.start({
      kind: 'rebuild',
      title: 'Rebuild the catalog from the repositories',
      actor: s.actor,
      run: (ctx) => rebuildCatalog(s, ctx),
    }),
  }),
});
