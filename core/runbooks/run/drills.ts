// drills.status: for every system, its newest drill, the drill's measured restore time against
// the RTO, and whether the next drill is overdue. "Due" counts from the last drill that
// succeeded — a failed drill proves nothing — and a system with an interval that was never
// drilled is overdue.
import type { DrillStatus } from '../../api/schemas/runs';
import type { Services } from '../../api/handlers/types';
import type { RunStore } from './store';

export function drillStatus(s: Services, store: RunStore, now = new Date()): DrillStatus[] {
  return s.estate.systems.list().map((system) => {
    const last = store.latest(system.name, 'drill');
    const lastOk = store.latest(system.name, 'drill', 'Succeeded');
    const every = system.drillEvery;
    const dueAt =
      every && lastOk
        ? new Date(Date.parse(lastOk.startedAt) + every.seconds * 1000).toISOString()
        : undefined;
    return {
      system: system.name,
      ...(every ? { drillEvery: every } : {}),
      rtoSeconds: system.rto.seconds,
      ...(last
        ? {
            last: {
              runId: last.id,
              at: last.startedAt,
              state: last.state,
              ...(last.restoreSeconds !== undefined
                ? {
                    restoreSeconds: last.restoreSeconds,
                    withinRto: last.restoreSeconds <= system.rto.seconds,
                  }
                : {}),
            },
          }
        : {}),
      overdue: every ? !dueAt || Date.parse(dueAt) <= now.getTime() : false,
      ...(dueAt ? { dueAt } : {}),
    };
  });
}
