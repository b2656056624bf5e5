// Restore points, backups and verification.
import { z } from 'zod';

export const PointView = z.object({
  id: z.string(),
  shortId: z.string(),
  repository: z.string(),
  system: z.string().optional(),
  scope: z.string(),
  time: z.string(),
  provider: z.enum(['native', 'restic', 'velero']),
  /** A backup, or the safety point a restore took of what it overwrote. */
  kind: z.enum(['backup', 'safety']),
  host: z.string().optional(),
  cluster: z.string().optional(),
  files: z.number(),
  dirs: z.number(),
  bytes: z.number(),
  bytesNew: z.number(),
  durationMs: z.number(),
  /** Bytes read per second during the backup. */
  bytesPerSecond: z.number(),
  /** Versus the previous point of the same scope (absent for the first one). */
  changes: z.object({ added: z.number(), changed: z.number(), removed: z.number() }).optional(),
  /** When a verification last found no damage — evidence, never assumed. */
  verifiedAt: z.string().optional(),
  verification: z
    .object({
      at: z.string(),
      mode: z.string(),
      ok: z.boolean(),
      damage: z.number(),
      checkedBlobs: z.number(),
      bytesRead: z.number(),
    })
    .optional(),
  /**
   * A partial point: what its backup could not read (tar's or find's reason) and left out;
   * everything else in it is whole. `items` lists at most 1000 of `count`.
   */
  unreadable: z
    .object({
      count: z.number(),
      items: z.array(z.object({ path: z.string(), reason: z.string() })),
    })
    .optional(),
});
export type PointView = z.infer<typeof PointView>;

export const PointEntry = z.object({
  name: z.string(),
  /** The name's bytes in base64, when they are not UTF-8 (name is then shown with \xNN escapes). */
  nameBase64: z.string().optional(),
  type: z.enum(['file', 'dir', 'symlink', 'hardlink', 'fifo', 'socket', 'chardev', 'blockdev']),
  size: z.number(),
  mode: z.number(),
  uid: z.number(),
  gid: z.number(),
  user: z.string().optional(),
  group: z.string().optional(),
  mtime: z.string(),
  linkTarget: z.string().optional(),
  note: z.string().optional(),
});
export type PointEntry = z.infer<typeof PointEntry>;
