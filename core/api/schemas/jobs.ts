// Jobs and the journal.
import { z } from 'zod';

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
