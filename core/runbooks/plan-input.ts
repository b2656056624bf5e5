// A filled-in restore step as the restore planner's input (core/api/schemas/restore.ts PlanInput),
// for the run that carries it out: the incident's start becomes `before`, and a drill may send the
// restore somewhere else than the step says (a sandbox) with `to`.
import type { PlanInput } from '../api/contract';
import { LifeboatError } from '../api/errors';
import { hasParameters, type RestoreStepSpec } from './model';

export interface PlanContext {
  /** When the incident started (RFC 3339); needed by steps with `before: incident`. */
  incidentStart?: string;
  /** Overrides the step's destination (a drill's sandbox). */
  to?: string;
}

export function planInputOf(step: RestoreStepSpec, run: PlanContext = {}): PlanInput {
  if (hasParameters(step.scope) || (step.to !== undefined && hasParameters(step.to)))
    throw new LifeboatError(
      'runbook.not_instantiated',
      `Step "${step.id}" still holds parameters; resolve the runbook for a system first.`,
    );
  if (step.before === 'incident' && !run.incidentStart)
    throw new LifeboatError(
      'runbook.no_incident_start',
      `Step "${step.id}" restores from before the incident: say when the incident started.`,
    );
  const to = run.to ?? step.to;
  return {
    scope: step.scope,
    ...(step.paths?.length ? { paths: step.paths } : {}),
    ...(step.resources?.length ? { resources: step.resources } : {}),
    ...(step.selector ? { selector: step.selector } : {}),
    ...(step.before === 'incident' && run.incidentStart ? { before: run.incidentStart } : {}),
    ...(to ? { to } : {}),
    deleteExtra: step.deleteExtra,
    conflict: step.conflict,
  };
}
