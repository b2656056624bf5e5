// A rehearsal walks the runbook with what the catalog alone knows — no writes, no connections,
// so it works on a plane. Each step gets an estimate and the basis of it: a restore step the
// point `choosePoint` would pick (catalog only), its size, and the speed measured by earlier
// restores of that destination (else by the scope's backups); checks, approvals and commands
// are walked through and said to be rehearsed, never carried out.
import type { Services } from '../../api/handlers/types';
import { parseScope } from '../../estate/scope';
import { choosePoint } from '../../restore/choose-point';
import { estimateWork, size } from '../../restore/plan-facts';
import type { StepSpec } from '../model';
import type { StepOutcome } from './restore-step';
import { verifyDetail } from './verify';
import type { RunRecord } from './types';

export const rehearsalLabel = 'REHEARSAL — nothing is written, nothing is connected';

type RestoreSpec = Extract<StepSpec, { kind: 'restore' }>;

function rehearseRestore(s: Services, rec: RunRecord, spec: RestoreSpec): StepOutcome {
  const source = parseScope(spec.scope);
  const system = s.estate.systems.list().find((x) => x.name === rec.view.system);
  const before = spec.before === 'incident' ? (rec.view.incidentStart ?? rec.view.startedAt) : undefined;
  const chosen = choosePoint(s.points, source.text, {
    ...(before ? { before } : {}),
    ...(system ? { rpoSeconds: system.rpo.seconds } : {}),
  });
  const p = chosen.point;
  const dest =
    spec.to ??
    (source.kind === 'cluster-resource'
      ? `cluster:${source.cluster}:namespace/${source.namespace}`
      : spec.scope);
  const files = source.kind === 'server-path';
  // Without the live target there is no preview: the whole point is the upper bound of the work.
  const subset = spec.paths?.length || spec.resources?.length || spec.selector;
  const work = files ? p.bytes : Math.max(1, p.files);
  const workText = files ? size(p.bytes) : `${p.files} objects`;
  // As a plan estimates (plan-facts.ts): by earlier restores and drills from this scope.
  const backups = s.points.list({ scope: source.text, kind: 'backup', limit: 5 });
  const m = s.restores.measuredFrom(source.text);
  const est = estimateWork({ files, bytes: p.bytes, items: work }, m, backups);
  const estimate = { ...est, basis: `${workText}: ${est.basis}` };
  if (subset)
    estimate.basis += ' (the whole point: the subset is smaller, but needs the live target to size)';
  return {
    state: 'Succeeded',
    patch: {
      detail: `Rehearsed: would restore ${spec.scope}${subset ? ' (a subset)' : ''} → ${dest}${
        spec.to ? ' (alongside)' : ' (in place)'
      } from point ${p.shortId} of ${p.time} (${chosen.why}); ${workText}, ${p.files} ${files ? (p.files === 1 ? 'file' : 'files') : p.files === 1 ? 'object' : 'objects'}.`,
      estimate,
      restore: { destination: dest },
    },
  };
}

/** The rehearsal of one step: never waits, never connects. */
export function rehearseStep(s: Services, rec: RunRecord, spec: StepSpec): StepOutcome {
  switch (spec.kind) {
    case 'note':
      return { state: 'Succeeded', patch: { detail: spec.text, estimate: { seconds: 0, basis: 'a note' } } };
    case 'check':
      return {
        state: 'Succeeded',
        patch: {
          detail: `Rehearsed: the operator confirms — ${spec.text}`,
          estimate: { basis: 'the operator’s time: not estimated' },
        },
      };
    case 'approve':
      return {
        state: 'Succeeded',
        patch: {
          detail: `Rehearsed: ${spec.approvers === 2 ? 'two different people' : 'one person'} approve${spec.approvers === 2 ? '' : 's'}, by name and with a reason — ${spec.text}`,
          estimate: { basis: 'the approvers’ time: not estimated' },
        },
      };
    case 'command':
      return {
        state: 'Skipped',
        patch: {
          skippedReason: `a rehearsal runs nothing: in an incident, \`${spec.command}\` runs on ${spec.server} after confirmation`,
          estimate: spec.timeoutSeconds
            ? { seconds: spec.timeoutSeconds, basis: 'at most its time limit' }
            : { basis: 'not estimated: the step has no time limit' },
        },
      };
    case 'verify': {
      const limits = spec.checks.map((c) => ('timeoutSeconds' in c ? c.timeoutSeconds : 300));
      return {
        state: 'Skipped',
        patch: {
          skippedReason: `a rehearsal connects to nothing: these checks would run — ${verifyDetail(spec)}`,
          estimate: {
            seconds: limits.reduce((a, b) => a + b, 0),
            basis: 'at most the checks’ time limits, one after the other',
          },
        },
      };
    }
    case 'restore':
      return rehearseRestore(s, rec, spec);
  }
}
