// THE contract between the UI (or any client) and the core. One table of methods, each with an
// input schema and a result schema, plus the events the core emits. Both transports (Electron
// IPC and loopback HTTP) carry exactly these; the renderer imports this file and nothing else
// from core. Adding a feature = adding a row here, implementing it in core, calling it from the UI.
import { z } from 'zod';

import type { Envelope } from './errors';
export type { ApiError, Envelope } from './errors';

import {
  ApiErrorSchema,
  JobItemFailure,
  JobProgress,
  JobState,
  JobView,
  JournalEntry,
  finishedJobStates,
  jobStates,
} from './schemas/jobs';
import {
  ClusterAddInput,
  ClusterInspectInput,
  ClusterTestReport,
  ClusterView,
  KubeContextSummary,
} from './schemas/clusters';
import { EntryName, Fingerprint } from './schemas/common';
import {
  EstateExportInput,
  EstateImportInput,
  EstateImportResult,
  NewPassphrase,
  Passphrase,
  VaultStatus,
} from './schemas/estate';
import { RepoAddInput, RepoTestReport, RepoView } from './schemas/repositories';
import { ServerAddInput, ServerTestReport, ServerUpdateInput, ServerView } from './schemas/servers';
import { SystemInput, SystemStatus, SystemView } from './schemas/systems';
import { PointEntry, PointView } from './schemas/points';
import { DrillStatus, RunAdvanceInput, RunMode, RunStartInput, RunView } from './schemas/runs';
import {
  FileChange,
  FileFacts,
  FilesPreview,
  ObjectChange,
  ObjectsPreview,
  PlanInput,
  PlanView,
  Preview,
  RestoreItemResult,
  RestoreView,
} from './schemas/restore';
import { JournalVerifyReport, ReportFile, ReportInput } from './schemas/report';
import {
  RunbookImportInput,
  RunbookOrigin,
  RunbookRef,
  RunbookResolveInput,
  RunbookSummary,
  RunbookVersionInfo,
  RunbookView,
} from './schemas/runbooks';

export {
  DrillStatus,
  RunMode,
  RunView,
  FileChange,
  FileFacts,
  FilesPreview,
  ObjectChange,
  ObjectsPreview,
  PlanInput,
  PlanView,
  Preview,
  RestoreItemResult,
  RestoreView,
  PointEntry,
  PointView,
  ApiErrorSchema,
  ClusterTestReport,
  ClusterView,
  JobItemFailure,
  JobProgress,
  JobState,
  JobView,
  JournalEntry,
  KubeContextSummary,
  RepoTestReport,
  RepoView,
  ServerTestReport,
  ServerView,
  SystemStatus,
  SystemView,
  finishedJobStates,
  jobStates,
};
export { criticalities } from './schemas/systems';
export type { ServerAuthInput } from './schemas/servers';
export type { RepoLocationInput } from './schemas/repositories';
export type { Evidence, Protection, ScopeStatus, ScopeView, SystemInput } from './schemas/systems';
export { restoreStates } from './schemas/restore';
export { runModes, runStates, stepStates } from './schemas/runs';
export type { StepRun } from './schemas/runs';
export { JournalVerifyReport, ReportFile, journalProblemKinds, reportFormats } from './schemas/report';
export { RunbookOrigin, RunbookSummary, RunbookView } from './schemas/runbooks';
export type { CheckSpec, RunbookSpec, StepSpec } from './schemas/runbooks';

const NoInput = z.object({}).strict();
/** A plan, restore or run by id (or a unique prefix). */
const ById = z.object({ id: z.string().min(1).max(64) }).strict();

// ---- the method table -----------------------------------------------------------------------

export const methods = {
  'app.info': {
    summary: 'Version, data directory and catalog schema of this Lifeboat.',
    input: NoInput,
    result: z.object({
      name: z.literal('Lifeboat'),
      version: z.string(),
      mode: z.enum(['desktop', 'serve', 'cli']),
      dataDir: z.string(),
      catalogPath: z.string(),
      catalogSchemaVersion: z.number().int(),
      platform: z.string(),
      nodeVersion: z.string(),
    }),
  },
  'jobs.list': {
    summary: 'Jobs, newest first, optionally only those in the given states.',
    input: z
      .object({
        states: z.array(JobState).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: z.object({ jobs: z.array(JobView) }),
  },
  'jobs.get': {
    summary: 'One job by id.',
    input: z.object({ id: z.string().min(1) }).strict(),
    result: z.object({ job: JobView }),
  },
  'jobs.cancel': {
    summary: 'Ask a queued or running job to stop. A finished job is left as it is.',
    input: z.object({ id: z.string().min(1) }).strict(),
    result: z.object({ job: JobView }),
  },
  'journal.list': {
    summary: 'Journal entries, newest first.',
    input: z
      .object({
        limit: z.number().int().min(1).max(1000).default(200),
        beforeSeq: z.number().int().positive().optional(),
      })
      .strict(),
    result: z.object({ entries: z.array(JournalEntry), headHash: z.string() }),
  },
  'journal.verify': {
    summary:
      'Re-check every journal entry (its hash, its link to the one before, no gaps) and that the table ends where the head file beside the catalog says it does.',
    input: NoInput,
    result: JournalVerifyReport,
  },
  'report.build': {
    summary:
      'An evidence report (HTML, or PDF through Chromium) of every system or one: protection against RPO, restore points, verifications, restores, drills, and the journal verified.',
    input: ReportInput,
    result: ReportFile,
  },

  // ---- vault --------------------------------------------------------------------------------
  'vault.status': {
    summary: 'Whether the vault exists, is unlocked, and how it is protected.',
    input: NoInput,
    result: VaultStatus,
  },
  'vault.init': {
    summary: 'Create the vault, protected by a passphrase (at least 8 characters).',
    input: z.object({ passphrase: Passphrase }).strict(),
    result: VaultStatus,
  },
  'vault.unlock': {
    summary: 'Unlock the vault with its passphrase. A wrong passphrase changes nothing.',
    input: z.object({ passphrase: Passphrase }).strict(),
    result: VaultStatus,
  },
  'vault.lock': {
    summary: 'Forget the vault key in this process.',
    input: NoInput,
    result: VaultStatus,
  },

  // ---- servers ------------------------------------------------------------------------------
  'server.list': {
    summary: 'Servers, by name.',
    input: NoInput,
    result: z.object({ servers: z.array(ServerView) }),
  },
  'server.get': {
    summary: 'One server.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ server: ServerView }),
  },
  'server.add': {
    summary: 'Add a server reached over SSH; its credentials go to the vault.',
    input: ServerAddInput,
    result: z.object({ server: ServerView }),
  },
  'server.update': {
    summary: 'Change a server; omitted fields (and credentials) stay as they are.',
    input: ServerUpdateInput,
    result: z.object({ server: ServerView }),
  },
  'server.remove': {
    summary: 'Remove a server and its secrets; refused while a system or another server uses it.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ removed: z.string() }),
  },
  'server.test': {
    summary:
      'Connect and report latency, OS and the tools present. Fails with ssh.host_key_unknown until the host key is accepted.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ report: ServerTestReport }),
  },
  'server.probeHostKey': {
    summary: 'Show the host key the server presents now (to compare before accepting it).',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ fingerprint: z.string(), keyType: z.string(), accepted: z.string().optional() }),
  },
  'server.acceptHostKey': {
    summary:
      'Accept the host key with this fingerprint — only if the server presents exactly it. Replacing an accepted key needs replace: true.',
    input: z
      .object({ name: EntryName, fingerprint: Fingerprint, replace: z.boolean().default(false) })
      .strict(),
    result: z.object({ server: ServerView }),
  },

  // ---- clusters -----------------------------------------------------------------------------
  'cluster.inspectKubeconfig': {
    summary: 'Read a kubeconfig and list its contexts (nothing is stored).',
    input: ClusterInspectInput,
    result: z.object({ contexts: z.array(KubeContextSummary), currentContext: z.string().optional() }),
  },
  'cluster.list': {
    summary: 'Clusters, by name.',
    input: NoInput,
    result: z.object({ clusters: z.array(ClusterView) }),
  },
  'cluster.get': {
    summary: 'One cluster.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ cluster: ClusterView }),
  },
  'cluster.add': {
    summary: 'Import one context of a kubeconfig as a cluster; its credentials go to the vault.',
    input: ClusterAddInput,
    result: z.object({ cluster: ClusterView }),
  },
  'cluster.remove': {
    summary: 'Remove a cluster and its credentials; refused while a system uses it.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ removed: z.string() }),
  },
  'cluster.test': {
    summary:
      'Report the server version, whether namespaces can be listed, and which verbs Lifeboat needs are allowed.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ report: ClusterTestReport }),
  },

  // ---- repositories -------------------------------------------------------------------------
  'repo.list': {
    summary: 'Repositories, by name.',
    input: NoInput,
    result: z.object({ repositories: z.array(RepoView) }),
  },
  'repo.get': {
    summary: 'One repository.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ repository: RepoView }),
  },
  'repo.add': {
    summary:
      'Add a repository location (S3-compatible bucket prefix or local folder); credentials go to the vault.',
    input: RepoAddInput,
    result: z.object({ repository: RepoView }),
  },
  'repo.update': {
    summary:
      'Give a repository entry a new location or credentials (systems and restore points keep its name); with a passphrase, it must open the repository there and replaces the kept one.',
    input: RepoAddInput,
    result: z.object({ repository: RepoView }),
  },
  'repo.remove': {
    summary: 'Forget a repository (its data is not touched); refused while a system uses it.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ removed: z.string() }),
  },
  'repo.test': {
    summary: 'Check list, write, read and delete with a probe object that is removed again.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ report: RepoTestReport }),
  },

  'repo.init': {
    summary:
      "Create Lifeboat's repository format in a repository location; its passphrase goes to the vault.",
    input: z.object({ name: EntryName, passphrase: NewPassphrase }).strict(),
    result: z.object({ repository: RepoView, repositoryId: z.string() }),
  },
  'repo.connect': {
    summary:
      'Connect a repository entry to the repository that exists in its location (after an estate import, or a changed passphrase): the passphrase must open it; it goes to the vault.',
    input: z.object({ name: EntryName, passphrase: Passphrase }).strict(),
    result: z.object({ repository: RepoView, repositoryId: z.string() }),
  },

  // ---- backups and restore points ----------------------------------------------------------
  'backup.start': {
    summary: "Take restore points of a system's scopes (or one scope): one job per scope.",
    input: z
      .object({
        system: EntryName,
        scope: z.string().min(1).max(4200).optional(),
        /** Read every file even when unchanged since the previous point (server scopes). */
        reread: z.boolean().optional(),
      })
      .strict(),
    result: z.object({ jobs: z.array(JobView) }),
  },
  'points.list': {
    summary: 'Restore points, newest first; optionally of one system or one scope.',
    input: z
      .object({
        system: EntryName.optional(),
        scope: z.string().max(4200).optional(),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .strict(),
    result: z.object({ points: z.array(PointView) }),
  },
  'points.get': {
    summary: 'One restore point, by id or a unique prefix (6+ hex digits).',
    input: z.object({ id: z.string().min(6).max(64) }).strict(),
    result: z.object({ point: PointView }),
  },
  'points.browse': {
    summary: 'The entries of one directory of a restore point ("" = its top).',
    input: z.object({ id: z.string().min(6).max(64), path: z.string().max(4096).default('') }).strict(),
    result: z.object({ point: PointView, path: z.string(), entries: z.array(PointEntry) }),
  },
  'points.verify': {
    summary: 'Re-read a restore point from its repository (a job): structure, every data blob, or a sample.',
    input: z
      .object({
        id: z.string().min(6).max(64),
        mode: z.enum(['structure', 'read-data', 'sample']).default('structure'),
        samplePercent: z.number().gt(0).max(100).optional(),
      })
      .strict(),
    result: z.object({ job: JobView }),
  },
  'catalog.rebuild': {
    summary: 'Rebuild every restore point of the catalog from the repositories alone (a job).',
    input: NoInput,
    result: z.object({ job: JobView }),
  },

  // ---- restores ----------------------------------------------------------------------------
  'restore.plan': {
    summary:
      'Plan a restore: the exact preview against the live target, the data-loss window, the estimate and the safety point. Writes nothing.',
    input: PlanInput,
    result: z.object({ plan: PlanView }),
  },
  'restore.getPlan': {
    summary: 'A plan made earlier, by id.',
    input: ById,
    result: z.object({ plan: PlanView }),
  },
  'restore.execute': {
    summary:
      'Carry out a plan (a job): re-check the live target against the preview, take the safety point, then write.',
    input: z.object({ planId: z.string().min(1).max(64) }).strict(),
    result: z.object({ job: JobView, restore: RestoreView }),
  },
  'restore.list': {
    summary: 'Restores, newest first.',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.object({ restores: z.array(RestoreView.omit({ items: true })) }),
  },
  'restore.get': {
    summary: 'One restore with every item and what happened to it.',
    input: ById,
    result: z.object({ restore: RestoreView }),
  },
  'restore.planUndo': {
    summary:
      'Plan the undo of a restore: put back what its safety point holds and delete what it created. Writes nothing.',
    input: ById,
    result: z.object({ plan: PlanView }),
  },

  // ---- runs of runbooks and drills ----------------------------------------------------------
  'run.start': {
    summary:
      "Start a run of a system's runbook: incident (real), drill (restores into a sandbox) or rehearsal (no writes, no connections).",
    input: RunStartInput,
    result: z.object({ run: RunView }),
  },
  'run.get': {
    summary: 'One run with every step, its state, evidence and timings.',
    input: ById,
    result: z.object({ run: RunView }),
  },
  'run.list': {
    summary: 'Runs, newest first; optionally of one system or one mode.',
    input: z
      .object({
        system: EntryName.optional(),
        mode: RunMode.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    result: z.object({ runs: z.array(RunView) }),
  },
  'run.advance': {
    summary:
      'Act on the step a run waits at: confirm (a check, a restore plan, a command), approve (name and reason), skip (reason), retry a failed step.',
    input: RunAdvanceInput,
    result: z.object({ run: RunView }),
  },
  'run.pause': {
    summary: 'Pause a run before its next step (the current step finishes).',
    input: ById,
    result: z.object({ run: RunView }),
  },
  'run.resume': {
    summary: 'Resume a paused or interrupted run from the step it stopped at.',
    input: ById,
    result: z.object({ run: RunView }),
  },
  'run.cancel': {
    summary: 'Stop a run (a restore in progress is cancelled; a drill sandbox is removed).',
    input: ById,
    result: z.object({ run: RunView }),
  },
  'drills.status': {
    summary:
      'Per system: the last drill, its measured restore time against the RTO, and whether one is overdue.',
    input: NoInput,
    result: z.object({ systems: z.array(DrillStatus) }),
  },

  // ---- systems ------------------------------------------------------------------------------
  'system.list': {
    summary: 'Systems, by name.',
    input: NoInput,
    result: z.object({ systems: z.array(SystemView) }),
  },
  'system.status': {
    summary:
      "Per system, now: each scope's newest backup against the RPO (fresh, stale or none) and what verification found; a system is as protected as its worst scope.",
    input: NoInput,
    result: z.object({ at: z.string(), systems: z.array(SystemStatus) }),
  },
  'system.get': {
    summary: 'One system.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ system: SystemView }),
  },
  'system.add': {
    summary: 'Describe a system.',
    input: SystemInput,
    result: z.object({ system: SystemView }),
  },
  'system.update': {
    summary: "Replace a system's description (all fields).",
    input: SystemInput,
    result: z.object({ system: SystemView }),
  },
  'system.remove': {
    summary: 'Remove a system (its restore points stay in the repository).',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ removed: z.string() }),
  },

  // ---- the estate as a whole ----------------------------------------------------------------
  'estate.export': {
    summary: 'The estate as YAML without secrets, or — with a passphrase — an encrypted bundle with them.',
    input: EstateExportInput,
    result: z.object({ format: z.enum(['yaml', 'bundle']), content: z.string() }),
  },
  'estate.import': {
    summary:
      'Import an estate (YAML or bundle). Never overwrites silently: conflicts refuse the import unless told to skip or replace.',
    input: EstateImportInput,
    result: EstateImportResult,
  },

  // ---- runbooks -----------------------------------------------------------------------------
  'runbook.import': {
    summary:
      'Import a runbook (YAML). A changed text of an existing name is a new version; the same text changes nothing. Errors name FILE:LINE:COL.',
    input: RunbookImportInput,
    result: z.object({ runbook: RunbookView, version: z.number().int(), created: z.boolean() }),
  },
  'runbook.list': {
    summary: "Runbooks (each one's newest version), then the built-in templates.",
    input: NoInput,
    result: z.object({ runbooks: z.array(RunbookSummary) }),
  },
  'runbook.get': {
    summary: 'One runbook (the newest version, or the one asked for): its steps, its YAML and its versions.',
    input: RunbookRef,
    result: z.object({ runbook: RunbookView, yaml: z.string(), versions: z.array(RunbookVersionInfo) }),
  },
  'runbook.export': {
    summary: 'The YAML of a runbook exactly as it was imported (or of a built-in template).',
    input: RunbookRef,
    result: z.object({ name: z.string(), version: z.number().int().optional(), yaml: z.string() }),
  },
  'runbook.remove': {
    summary: 'Remove a runbook (its versions stay in the catalog for the record). Built-in templates stay.',
    input: z.object({ name: EntryName }).strict(),
    result: z.object({ removed: z.string(), versions: z.number().int() }),
  },
  'runbook.resolve': {
    summary:
      "The runbook a run of a system uses, filled in: the one named, else the system's own, else the default template for its first scope.",
    input: RunbookResolveInput,
    result: z.object({ runbook: RunbookView, origin: RunbookOrigin, why: z.string() }),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export const methodNames = Object.keys(methods) as MethodName[];
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

// ---- events ---------------------------------------------------------------------------------

export const events = {
  /** A job was queued, started or made progress (throttled to a few per second). */
  'job.progress': z.object({ job: JobView }),
  /** A job reached a final state; always sent, after its last progress. */
  'job.finished': z.object({ job: JobView }),
  /** Something was appended to the journal. */
  'journal.entry': z.object({ entry: JournalEntry }),
  /** A run changed: a step started, waits, finished; the run paused, resumed or ended. */
  'run.updated': z.object({ run: RunView }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type LifeboatEvent = {
  [E in EventName]: { event: E; payload: EventPayload<E> };
}[EventName];
export const eventNames = Object.keys(events) as EventName[];

// ---- transports -----------------------------------------------------------------------------

export {
  httpCallPath,
  httpCallPrefix,
  httpEventsPath,
  ipcChannel,
  ipcEventChannel,
  maxBodyBytes,
  methodNamePattern,
} from './channels';

/**
 * What the Electron preload exposes on `window.lifeboat` through contextBridge — exactly these
 * two functions. `call` resolves to an Envelope (errors as data), never rejects for API errors.
 */
export interface DesktopBridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
