// A rehearsal walks the runbook with what the catalog alone knows — no writes, no connections,
// so it works on a plane. Each step gets an estimate and the basis of it: a restore step the
// point `choosePoint` would pick (catalog only), its size, and the speed measured by earlier
// restores of that destination (else by the scope's backups); checks, approvals and commands
// are walked through and said to be rehearsed, never carried out.
import type { Services } from '../../api/handlers/types';
import { parseScope } from '../../estate/scope';
import { choosePoint } from '../../restore/choose-point';
import type { StepSpec } from '../model';
import type { StepOutcome } from './restore-step';
import { verifyDetail } from './verify';
import type { RunRecord } from './types';

export const rehearsalLabel = 'REHEARSAL — nothing is written, nothing is connected';

function size(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

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
  const m = s.restores.measuredFrom(source.text);
  const rate = files ? m.bytesPerSecond : m.itemsPerSecond;
  let estimate: { seconds?: number; basis: string };
  if (m.restores > 0 && rate > 0) {
    estimate = {
      seconds: Math.max(1, Math.ceil(work / rate)),
      basis: `${workText} at the ${files ? `${size(rate)}/s` : `${rate.toFixed(1)} objects/s`} measured by ${m.restores} earlier restore${m.restores > 1 ? 's' : ''} or drill${m.restores > 1 ? 's' : ''} of this scope`,
    };
  } else {
    const backups = s.points
      .list({ scope: source.text, kind: 'backup', limit: 5 })
      .filter((b) => b.bytesPerSecond > 0 && b.durationMs > 0);
    if (files && backups.length) {
      const r =
        (backups.reduce((n, b) => n + b.bytes, 0) * 1000) / backups.reduce((n, b) => n + b.durationMs, 0);
      estimate = {
        seconds: Math.max(1, Math.ceil(work / r)),
        basis: `${workText} at the ${size(r)}/s its last ${backups.length} backup${backups.length > 1 ? 's' : ''} read; no restore or drill of this scope measured yet`,
      };
    } else
      estimate = {
        basis: `unknown: no restore, drill or backup of ${source.text} has been measured yet`,
      };
  }
  if (subset)
    estimate.basis += ' (the whole point: the subset is smaller, but needs the live target to size)';
  return {
    state: 'Succeeded',
    patch: {
      detail: `Rehearsed: would restore ${spec.scope}${subset ? ' (a subset)' : ''} → ${dest}${
        spec.to ? ' (alongside)' : ' (in place)'
      } from point ${p.shortId} of ${p.time} (${chosen.why}); ${workText}, ${p.files} ${files ? 'files' : 'objects'}.`,
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
