// Snapshot files (FORMAT.md, "Snapshots"): one restore point, `snapshots/<id>`, sealed JSON,
// id = SHA-256 of the stored bytes. Written last — after every pack and index file it needs — so
// a snapshot file that exists describes a complete restore point.
import { z } from 'zod';
import { idSchema } from './ids';

export const snapshotVersion = 1;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const snapshotStatsSchema = z.object({
  files: count,
  dirs: count,
  /** Bytes of file content in the snapshot. */
  bytes: count,
  /** Blobs this backup stored (not deduplicated) and their stored (compressed, sealed) bytes. */
  blobsNew: count,
  bytesNew: count,
  durationMs: count,
});

const shortText = z.string().min(1).max(1000);

/** Unreadable items listed in a snapshot at most; the rest are counted. */
export const maxUnreadableListed = 1000;

export const snapshotInputSchema = z.object({
  /** When the data was read (RFC 3339); defaults to the time of saving. */
  time: z.iso.datetime({ offset: true }).optional(),
  /** The scope, as text: "server:web-1:/etc/nginx", "cluster:prod:namespace/billing". */
  scope: shortText,
  system: shortText.optional(),
  host: shortText.optional(),
  cluster: shortText.optional(),
  /** The paths (or resource selectors) the scope covered. */
  paths: z.array(z.string().max(64 * 1024)).max(100_000),
  /** Root tree id. */
  tree: idSchema,
  /** Extra counters are allowed (numbers only). */
  stats: snapshotStatsSchema.catchall(count),
  /** The snapshot this one was made against (for "what changed"). */
  parent: idSchema.optional(),
  tags: z.array(z.string().min(1).max(200)).max(100).optional(),
  /**
   * What the backup could not read and left out of the tree: a partial restore point (everything
   * else in it is whole). How many, and the first `maxUnreadableListed` with the reason given.
   */
  unreadable: z
    .object({
      count: count.min(1),
      items: z
        .array(
          z.object({
            path: z
              .string()
              .min(1)
              .max(64 * 1024),
            reason: z.string().max(2000),
          }),
        )
        .min(1)
        .max(maxUnreadableListed),
    })
    .optional(),
});

export const snapshotSchema = snapshotInputSchema.extend({
  version: z.literal(snapshotVersion),
  time: z.iso.datetime({ offset: true }),
  /** The program that wrote it ("lifeboat 0.1.0"). */
  program: z.string().max(200).optional(),
  complete: z.literal(true),
});

export type SnapshotStats = z.infer<typeof snapshotStatsSchema> & Record<string, number>;
export type SnapshotInput = z.input<typeof snapshotInputSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;
