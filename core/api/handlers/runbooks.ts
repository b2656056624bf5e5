import { resolveRunbook } from '../../runbooks/resolve';
import {
  exportRunbook,
  getRunbook,
  importRunbook,
  listRunbooks,
  removeRunbook,
} from '../../runbooks/service';
import type { Handlers, Services } from './types';

type M =
  'runbook.import' | 'runbook.list' | 'runbook.get' | 'runbook.export' | 'runbook.remove' | 'runbook.resolve';

export const runbookHandlers = (s: Services): Handlers<M> => ({
  'runbook.import': (input) => importRunbook(s, input),
  'runbook.list': () => ({ runbooks: listRunbooks(s) }),
  'runbook.get': ({ name, version }) => getRunbook(s, name, version),
  'runbook.export': ({ name, version }) => exportRunbook(s, name, version),
  'runbook.remove': ({ name }) => removeRunbook(s, name),
  'runbook.resolve': ({ system, name, parameters }) => resolveRunbook(s, system, name, parameters),
});
