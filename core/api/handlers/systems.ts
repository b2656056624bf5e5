import { exportEstate } from '../../estate/estate-export';
import { importEstate } from '../../estate/estate-import';
import { systemStatus } from '../../points/protection';
import type { Handlers, Services } from './types';

type M =
  | 'system.list'
  | 'system.status'
  | 'system.get'
  | 'system.add'
  | 'system.update'
  | 'system.remove'
  | 'estate.export'
  | 'estate.import';

export const systemHandlers = ({ estate, points }: Services): Handlers<M> => ({
  'system.list': () => ({ systems: estate.systems.list() }),
  'system.status': () => {
    const now = new Date();
    return {
      at: now.toISOString(),
      systems: estate.systems.list().map((s) => systemStatus(points, s, now)),
    };
  },
  'system.get': ({ name }) => ({ system: estate.systems.get(name) }),
  'system.add': (input) => ({ system: estate.systems.add(input) }),
  'system.update': (input) => ({ system: estate.systems.update(input) }),
  'system.remove': ({ name }) => {
    estate.systems.remove(name);
    return { removed: name };
  },
  'estate.export': ({ bundlePassphrase }) => exportEstate(estate.ctx, bundlePassphrase),
  'estate.import': (input) => importEstate(estate.ctx, input),
});
