// Runs of runbooks and drills (core/runbooks/run/). The engine lives as long as the Lifeboat:
// created here with the handlers (which marks runs orphaned by a dead process Interrupted) and
// stopped by closeRuns when the Lifeboat closes.
import { drillStatus } from '../../runbooks/run/drills';
import { createRunEngine, type RunEngine } from '../../runbooks/run/engine';
import type { Handlers, Services } from './types';

type M =
  | 'run.start'
  | 'run.get'
  | 'run.list'
  | 'run.advance'
  | 'run.pause'
  | 'run.resume'
  | 'run.cancel'
  | 'drills.status';

const engines = new WeakMap<Services, RunEngine>();

export const runHandlers = (s: Services): Handlers<M> => {
  const engine = createRunEngine(s);
  engines.set(s, engine);
  return {
    'run.start': async (input) => ({ run: await engine.start(input) }),
    'run.get': ({ id }) => ({ run: engine.get(id) }),
    'run.list': (input) => ({ runs: engine.list(input) }),
    'run.advance': async (input) => ({ run: await engine.advance(input) }),
    'run.pause': async ({ id }) => ({ run: await engine.pause(id) }),
    'run.resume': async ({ id }) => ({ run: await engine.resume(id) }),
    'run.cancel': async ({ id }) => ({ run: await engine.cancel(id) }),
    'drills.status': () => ({ systems: drillStatus(s, engine.store) }),
  };
};

/** Stops the drivers of this Lifeboat's runs without writing (the Lifeboat is closing). */
export function closeRuns(s: Services): void {
  engines.get(s)?.close();
}
