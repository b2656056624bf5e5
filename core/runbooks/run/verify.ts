// A verify step: its checks, one after the other, each with its own time limit; the step
// succeeds only if all pass. In a drill, checks of what was restored (fileHash, rollout) look at
// the sandbox instead of the live target; http and ssh checks run as written.
import type { Services } from '../../api/handlers/types';
import { parseScope } from '../../estate/scope';
import { choosePoint } from '../../restore/choose-point';
import type { CheckSpec, StepSpec } from '../model';
import { fileHashCheck } from './checks/file-hash';
import { httpCheck } from './checks/http';
import type { CheckResult } from './checks/result';
import { rolloutCheck } from './checks/rollout';
import { sshCheck } from './checks/ssh';
import type { RunRecord } from './types';

type VerifySpec = Extract<StepSpec, { kind: 'verify' }>;

export function checkLabel(c: CheckSpec): string {
  switch (c.type) {
    case 'http':
      return `GET ${c.url} → ${c.expectStatus}`;
    case 'ssh':
      return `ssh ${c.server}: ${c.command}`;
    case 'rollout':
      return `rollout ${c.kind}/${c.name ?? '*'} in ${c.cluster}/${c.namespace}`;
    case 'fileHash':
      return `sha256 of ${c.path ?? c.scope} = the restore point's`;
  }
}

/** What a verify step checks, in words (and which checks were left out, and why). */
export function verifyDetail(spec: VerifySpec): string {
  const checks = spec.checks.map(checkLabel);
  const skipped = spec.skipped.map((k) => `${k.type} left out: ${k.reason}`);
  return [...checks, ...skipped].join('; ') || 'no checks';
}

/** The point a fileHash check compares with: the one this run restored the scope from, else
 * the one a restore from before the incident would use. */
function pointFor(s: Services, rec: RunRecord, scope: string): string {
  for (const step of [...rec.view.steps].reverse()) {
    const spec = rec.runbook.steps.find((x) => x.id === step.id);
    if (spec?.kind === 'restore' && spec.scope === scope && step.restore?.planId)
      return s.restores.getPlan(step.restore.planId).point.id;
  }
  const system = s.estate.systems.list().find((x) => x.name === rec.view.system);
  return choosePoint(s.points, scope, {
    before: rec.view.incidentStart ?? rec.view.startedAt,
    ...(system ? { rpoSeconds: system.rpo.seconds } : {}),
  }).point.id;
}

/** In a drill, the sandbox standing in for a scope's destination. */
function sandboxOf(rec: RunRecord, match: (of: ReturnType<typeof parseScope>) => boolean) {
  if (rec.view.mode !== 'drill') return undefined;
  return rec.sandboxes.find((sb) => match(parseScope(sb.of)));
}

export async function runCheck(
  s: Services,
  rec: RunRecord,
  c: CheckSpec,
  signal: AbortSignal,
): Promise<CheckResult> {
  switch (c.type) {
    case 'http':
      return httpCheck(c, signal);
    case 'ssh':
      return sshCheck(s, c, signal);
    case 'rollout': {
      const sb = sandboxOf(
        rec,
        (of) => of.kind !== 'server-path' && of.cluster === c.cluster && of.namespace === c.namespace,
      );
      return rolloutCheck(s, sb?.kind === 'namespace' ? { ...c, namespace: sb.namespace } : c, signal);
    }
    case 'fileHash': {
      const sb = sandboxOf(rec, (of) => of.text === c.scope);
      const started = performance.now();
      let pointId: string;
      try {
        pointId = pointFor(s, rec, c.scope);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return {
          label: checkLabel(c),
          ok: false,
          message,
          durationMs: Math.round(performance.now() - started),
        };
      }
      return fileHashCheck(s, c, { pointId, ...(sb ? { destination: sb.scope } : {}) }, signal);
    }
  }
}

export async function runVerify(
  s: Services,
  rec: RunRecord,
  spec: VerifySpec,
  signal: AbortSignal,
  onResult: (results: CheckResult[]) => void,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of spec.checks) {
    results.push(await runCheck(s, rec, c, signal));
    onResult([...results]);
  }
  return results;
}
