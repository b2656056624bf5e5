// The journal's verification and the evidence report (issue 6). core/journal/README.md explains
// how the journal's head is anchored outside the catalog and what a report contains.
import { z } from 'zod';
import { EntryName } from './common';

export const journalProblemKinds = [
  /** An entry's content does not hash to its stored hash: it was edited. */
  'hash-mismatch',
  /** An entry does not link to the hash of the entry before it. */
  'prev-hash-mismatch',
  /** Sequence numbers jump: entries in between were deleted. */
  'gap',
  /** An entry cannot be read (its details are not JSON). */
  'unreadable-entry',
  /** The head file and the end of the table disagree: the last entries were deleted or rewritten. */
  'head-mismatch',
  /** Entries exist but the head file does not, so their end cannot be confirmed. */
  'head-missing',
  /** The head file exists but cannot be read. */
  'head-unreadable',
] as const;

export const JournalVerifyReport = z.object({
  ok: z.boolean(),
  /** Entries read from the table. */
  checked: z.number().int(),
  /** The last entry in the table (0 and the genesis hash when empty). */
  lastSeq: z.number().int(),
  headHash: z.string(),
  /** The head kept outside the catalog, as found. */
  headFile: z.object({
    path: z.string().optional(),
    state: z.enum(['matches', 'lags', 'missing', 'unreadable', 'disagrees', 'not-kept']),
    seq: z.number().int().optional(),
    hash: z.string().optional(),
  }),
  /** The first problem, by sequence number. */
  broken: z
    .object({
      /** The first entry that is wrong or missing (absent when no entry can be named). */
      seq: z.number().int().optional(),
      kind: z.enum(journalProblemKinds),
      message: z.string(),
    })
    .optional(),
  /** Facts worth knowing that do not break the journal (a head file that lags, say). */
  notes: z.array(z.string()),
  verifiedAt: z.string(),
});
export type JournalVerifyReport = z.infer<typeof JournalVerifyReport>;

export const reportFormats = ['html', 'pdf'] as const;

export const ReportInput = z
  .object({
    /** One system; absent = every system. */
    system: EntryName.optional(),
    /** The period's start (RFC 3339); absent = everything recorded. */
    since: z.iso.datetime({ offset: true }).optional(),
    format: z.enum(reportFormats).default('html'),
  })
  .strict();

export const ReportFile = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('html'),
    filename: z.string(),
    contentType: z.literal('text/html; charset=utf-8'),
    text: z.string(),
  }),
  z.object({
    format: z.literal('pdf'),
    filename: z.string(),
    contentType: z.literal('application/pdf'),
    base64: z.string(),
  }),
]);
export type ReportFile = z.infer<typeof ReportFile>;
