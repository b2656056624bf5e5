// Runs of runbooks: the state machine over a runbook's steps in one of three modes, and drills.
// core/runbooks/run/README.md explains the engine.
import { z } from 'zod';
import { EntryName } from './common';

export const runModes = ['incident', 'drill', 'rehearsal'] as const;
export const RunMode = z.enum(runModes);

export const stepStates = [
  'Pending',
  'Running',
  /** An approve step waiting for its approver(s). */
  'WaitingForApproval',
  /** A check, a restore plan or a command waiting for the operator to confirm. */
  'WaitingForConfirmation',
  'Succeeded',
  'Failed',
  'Skipped',
] as const;
export const StepState = z.enum(stepStates);

export const runStates = [
  'Running',
  'Paused',
  'Waiting',
  'Succeeded',
  'Failed',
  'Cancelled',
  'Interrupted',
] as const;
export const RunState = z.enum(runStates);

export const CheckResult = z.object({
  /** "GET https://shop/health → 200", "ssh web-1: systemctl is-active nginx", "rollout Deployment/web". */
  label: z.string(),
  ok: z.boolean(),
  message: z.string(),
  durationMs: z.number(),
});

export const StepRun = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['check', 'approve', 'restore', 'verify', 'command', 'note']),
  state: StepState,
  /** What the step does, in words (the check text, the command, the restore's scope → destination). */
  detail: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  durationMs: z.number().optional(),
  /** Rehearsal: the estimated time of the step, and its basis. */
  estimate: z.object({ seconds: z.number().optional(), basis: z.string() }).optional(),
  skippedReason: z.string().optional(),
  approvals: z.array(z.object({ name: z.string(), reason: z.string(), at: z.string() })).optional(),
  checks: z.array(CheckResult).optional(),
  /** restore steps: the plan shown, the restore carried out. */
  restore: z
    .object({
      planId: z.string().optional(),
      restoreId: z.string().optional(),
      jobId: z.string().optional(),
      destination: z.string(),
    })
    .optional(),
  /** command steps: the tail of its output. */
  output: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type StepRun = z.infer<typeof StepRun>;

export const RunView = z.object({
  id: z.string(),
  system: z.string(),
  runbook: z.object({ name: z.string(), version: z.number().optional(), origin: z.string() }),
  mode: RunMode,
  /** Shown on every screen of the run: "REHEARSAL — nothing is written, nothing is connected". */
  label: z.string(),
  state: RunState,
  actor: z.string(),
  owner: z.object({ team: z.string(), contact: z.string().optional() }),
  incidentStart: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  steps: z.array(StepRun),
  /** Drills: the sandbox the restores went to (an alongside path or a scratch namespace). */
  sandbox: z.string().optional(),
  /** Restore steps' measured time (drill, incident) or estimate (rehearsal), against the RTO. */
  restoreSeconds: z.number().optional(),
  rtoSeconds: z.number(),
});
export type RunView = z.infer<typeof RunView>;

export const RunStartInput = z
  .object({
    system: EntryName,
    /** A runbook by name; absent: the system's own, else the default for its scopes. */
    runbook: EntryName.optional(),
    mode: RunMode,
    /** When the incident started (restore steps use the newest point before it). Default: now. */
    incidentStart: z.iso.datetime({ offset: true }).optional(),
    /** Values for the runbook's parameters (a template's `file`, `healthUrl` …), as runbook.resolve. */
    parameters: z.record(z.string().min(1).max(63), z.string().max(4200)).optional(),
  })
  .strict();

export const RunAdvanceInput = z
  .object({
    id: z.string().min(1).max(64),
    stepId: z.string().min(1).max(100),
    action: z.enum(['confirm', 'approve', 'skip', 'retry']),
    /** approve: who approves (required). */
    name: z.string().trim().min(1).max(200).optional(),
    /** approve and skip: why (required). */
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

export const DrillStatus = z.object({
  system: z.string(),
  drillEvery: z.object({ text: z.string(), seconds: z.number() }).optional(),
  rtoSeconds: z.number(),
  last: z
    .object({
      runId: z.string(),
      at: z.string(),
      state: RunState,
      restoreSeconds: z.number().optional(),
      withinRto: z.boolean().optional(),
    })
    .optional(),
  /** The drill interval has passed since the last drill (or never drilled while an interval is set). */
  overdue: z.boolean(),
  dueAt: z.string().optional(),
});
export type DrillStatus = z.infer<typeof DrillStatus>;
