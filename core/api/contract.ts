// THE contract between the UI (or any client) and the core. One table of methods, each with an
// input schema and a result schema, plus the events the core emits. Both transports (Electron
// IPC and loopback HTTP) carry exactly these; the renderer imports this file and nothing else
// from core. Adding a feature = adding a row here, implementing it in core, calling it from the UI.
import { z } from 'zod';

import type { Envelope } from './errors';
export type { ApiError, Envelope } from './errors';

// ---- shared shapes --------------------------------------------------------------------------

export const jobStates = [
  'Queued',
  'Running',
  'Succeeded',
  'PartiallyFailed',
  'Failed',
  'Cancelled',
  'Interrupted',
] as const;
export const JobState = z.enum(jobStates);
export type JobState = z.infer<typeof JobState>;
export const finishedJobStates: readonly JobState[] = [
  'Succeeded',
  'PartiallyFailed',
  'Failed',
  'Cancelled',
  'Interrupted',
];

export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const JobProgress = z.object({
  /** What the job is doing now, in a few words ("uploading packs"). */
  phase: z.string().optional(),
  itemsDone: z.number().int().nonnegative(),
  itemsTotal: z.number().int().nonnegative().optional(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative().optional(),
  /** Bytes per second over the last few seconds. */
  bytesPerSecond: z.number().nonnegative(),
  /** Items per second over the last few seconds. */
  itemsPerSecond: z.number().nonnegative(),
  /** Seconds left, when a total is known and the rate is measurable. */
  etaSeconds: z.number().nonnegative().optional(),
  /** Seconds since the job started running. */
  elapsedSeconds: z.number().nonnegative(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobItemFailure = z.object({
  item: z.string(),
  message: z.string(),
});
export type JobItemFailure = z.infer<typeof JobItemFailure>;

export const JobView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: JobState,
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: JobProgress,
  /** Job-specific summary once finished (counts, ids of what it made). */
  summary: z.record(z.string(), z.unknown()).optional(),
  /** Per-item failures (PartiallyFailed), collected instead of stopping at the first. */
  failures: z.array(JobItemFailure),
  /** Why it Failed, when it did. */
  error: ApiErrorSchema.optional(),
});
export type JobView = z.infer<typeof JobView>;

export const JournalEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

const NoInput = z.object({}).strict();

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
