import { startRestore } from '../../restore/execute';
import { makePlan, requestOf } from '../../restore/plan';
import { planUndo } from '../../restore/undo';
import type { Handlers, Services } from './types';

type M =
  | 'restore.plan'
  | 'restore.getPlan'
  | 'restore.execute'
  | 'restore.list'
  | 'restore.get'
  | 'restore.planUndo';

export const restoreHandlers = (s: Services): Handlers<M> => ({
  'restore.plan': async (input) => ({ plan: await makePlan(s, s.restores, requestOf(input)) }),
  'restore.getPlan': ({ id }) => ({ plan: s.restores.getPlan(id) }),
  'restore.execute': ({ planId }) => startRestore(s, s.restores, planId),
  'restore.list': ({ limit }) => ({ restores: s.restores.list(limit) }),
  'restore.get': ({ id }) => ({ restore: s.restores.get(id) }),
  'restore.planUndo': async ({ id }) => ({ plan: await planUndo(s, s.restores, id) }),
});
