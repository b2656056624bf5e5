import { startBackups } from '../../backup/backup-job';
import { connectRepo, initRepo, openRepo } from '../../backup/open-repository';
import { rebuildCatalog } from '../../backup/rebuild';
import { browse } from '../../points/browse';
import { verifyPoint } from '../../backup/verify-job';
import { LifeboatError } from '../errors';
import { refuseSecondEntry } from './repositories';
import type { Handlers, Services } from './types';

type M =
  | 'repo.init'
  | 'repo.connect'
  | 'backup.start'
  | 'points.list'
  | 'points.get'
  | 'points.browse'
  | 'points.verify'
  | 'catalog.rebuild';

export const pointHandlers = (s: Services): Handlers<M> => ({
  'repo.init': async ({ name, passphrase }) => {
    const repo = await initRepo(s.estate.ctx, name, passphrase);
    return { repository: s.estate.repositories.get(name), repositoryId: repo.id };
  },
  'repo.connect': async ({ name, passphrase }) => {
    const repo = await connectRepo(s.estate.ctx, name, passphrase, (id) => refuseSecondEntry(s, name, id));
    return { repository: s.estate.repositories.get(name), repositoryId: repo.id };
  },
  'backup.start': ({ system, scope, reread }) => ({ jobs: startBackups(s, system, scope, { reread }) }),
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
  'points.verify': ({ id, mode, samplePercent }) => {
    const point = s.points.resolve(id);
    s.vault.requireUnlocked();
    if (mode === 'sample' && samplePercent === undefined) {
      throw new LifeboatError(
        'points.sample_needs_percent',
        'A sample verification needs samplePercent (0–100).',
      );
    }
    const how = mode === 'sample' ? { sample: samplePercent ?? 0 } : mode;
    return {
      job: s.jobs.start({
        kind: 'verify',
        title: `Verify ${point.shortId} (${point.scope})`,
        actor: s.actor,
        run: (ctx) => verifyPoint(s, point, how, ctx),
      }),
    };
  },
  'catalog.rebuild': () => {
    s.vault.requireUnlocked();
    return {
      job: s.jobs.start({
        kind: 'rebuild',
        title: 'Rebuild the catalog from the repositories',
        actor: s.actor,
        run: (ctx) => rebuildCatalog(s, ctx),
      }),
    };
  },
});
