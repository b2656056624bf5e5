// Restores: the plan (what will change, the data-loss window, the estimate, the safety point),
// and the restore record (what was done). core/restore/README.md explains the flow.
import { z } from 'zod';

const ScopeText = z.string().min(1).max(4200);

export const PlanInput = z
  .object({
    /** The scope to restore from (server:NAME:/abs/path, cluster:NAME:namespace/NS). */
    scope: ScopeText,
    /** Server scopes: absolute paths inside the scope, or globs (*, ?, **). Absent = everything;
     * an empty list = nothing. */
    paths: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
    /** Cluster scopes: KIND/NAME (e.g. Deployment/web). */
    resources: z.array(z.string().min(3).max(400)).max(10_000).optional(),
    /** Cluster scopes: a label selector (app=web,tier in (a,b),!legacy). */
    selector: z.string().min(1).max(1000).optional(),
    /** The restore point, by id or unique prefix. */
    point: z.string().min(6).max(64).optional(),
    /** Or: the newest usable point before this time (the incident start, RFC 3339). */
    before: z.iso.datetime({ offset: true }).optional(),
    /** Where to restore: a scope string; absent = in place. */
    to: ScopeText.optional(),
    /** Delete what exists live (inside the subset) but not in the point. Default: no. */
    deleteExtra: z.boolean().default(false),
    /** Cluster objects that exist already: update them to the point, or leave them. */
    conflict: z.enum(['update', 'skip']).default('update'),
  })
  .strict();
export type PlanInput = z.input<typeof PlanInput>;

/** What a file or a directory is (live, or in the point). */
export const FileFacts = z.object({
  type: z.enum(['file', 'dir', 'symlink', 'hardlink', 'fifo', 'socket', 'chardev', 'blockdev']),
  size: z.number(),
  mode: z.number(),
  uid: z.number(),
  gid: z.number(),
  user: z.string().optional(),
  group: z.string().optional(),
  mtime: z.string(),
  /** Files: SHA-256 of the content (hex). */
  sha256: z.string().optional(),
  linkTarget: z.string().optional(),
});
export type FileFacts = z.infer<typeof FileFacts>;

export const FileChange = z.object({
  /** Absolute path at the destination (non-UTF-8 bytes shown as \xNN). */
  path: z.string(),
  /** The path's bytes, base64, when it is not UTF-8. */
  pathBase64: z.string().optional(),
  /** Live, now (replace, delete). */
  old: FileFacts.optional(),
  /** From the point (create, replace). */
  new: FileFacts.optional(),
  /** The live item changed after the point was taken (its mtime is newer): that change is lost. */
  changedSincePoint: z.boolean().optional(),
});
export type FileChange = z.infer<typeof FileChange>;

export const ObjectRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  /** Absent for cluster-scoped objects. */
  namespace: z.string().optional(),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

export const FieldDiff = z.object({
  /** Dotted path into the object: spec.replicas, data.app.conf, spec.containers[0].image. */
  path: z.string(),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
});

export const ObjectChange = z.object({
  ref: ObjectRef,
  /** Update: the field-level difference of the cleaned objects (live → point). */
  diff: z.array(FieldDiff).optional(),
  /** Update: SHA-256 of the live object as compared (cleaned), so that the executor notices any
   * change since the preview, also one the diff cannot show (a hidden Secret value, long text). */
  liveSha256: z.string().optional(),
  note: z.string().optional(),
});
export type ObjectChange = z.infer<typeof ObjectChange>;

export const Skipped = z.object({ item: z.string(), reason: z.string() });

export const FilesPreview = z.object({
  kind: z.literal('files'),
  create: z.array(FileChange),
  replace: z.array(FileChange),
  delete: z.array(FileChange),
  /** Items that already match the point (left alone). */
  unchanged: z.number(),
  /** In the point but not restorable as such (sockets, devices …), with the reason. */
  skipped: z.array(Skipped),
  /** Content bytes that will be written. */
  bytes: z.number(),
});
export type FilesPreview = z.infer<typeof FilesPreview>;

export const ObjectsPreview = z.object({
  kind: z.literal('objects'),
  create: z.array(ObjectChange),
  update: z.array(ObjectChange),
  /** Only undo: objects the restore being undone created. */
  delete: z.array(ObjectChange),
  unchanged: z.number(),
  skipped: z.array(Skipped),
  /** JSON bytes that will be applied. */
  bytes: z.number(),
});
export type ObjectsPreview = z.infer<typeof ObjectsPreview>;

export const Preview = z.discriminatedUnion('kind', [FilesPreview, ObjectsPreview]);
export type Preview = z.infer<typeof Preview>;

export const PlanView = z.object({
  id: z.string(),
  createdAt: z.string(),
  actor: z.string(),
  /** Set when this plan undoes a restore. */
  undoOf: z.string().optional(),
  source: z.object({ scope: z.string(), system: z.string().optional() }),
  point: z.object({
    id: z.string(),
    shortId: z.string(),
    time: z.string(),
    repository: z.string(),
    kind: z.enum(['backup', 'safety']),
    verifiedAt: z.string().optional(),
    /** Why this point (asked for by id; or the rule that picked it before the incident). */
    why: z.string(),
  }),
  destination: z.object({ scope: z.string(), inPlace: z.boolean() }),
  subset: z.object({
    paths: z.array(z.string()).optional(),
    resources: z.array(z.string()).optional(),
    selector: z.string().optional(),
  }),
  options: z.object({ deleteExtra: z.boolean(), conflict: z.enum(['update', 'skip']) }),
  preview: Preview,
  /** What is lost by going back to the point: from the point's time to now. */
  dataLoss: z.object({
    from: z.string(),
    to: z.string(),
    /** Live items that changed after the point and will be overwritten or deleted. */
    changedSince: z.number(),
    summary: z.string(),
  }),
  estimate: z.object({
    seconds: z.number().optional(),
    /**
     * Where the figure comes from, or why unknown: earlier restores from the source scope, drills
     * included ("3 earlier restores or drills of this scope ran at 41 MiB/s"); else the scope's
     * backups' read rate; else "unknown: …".
     */
    basis: z.string(),
  }),
  safety: z.object({
    /** Items captured before anything is written (those replaced or deleted). */
    items: z.number(),
    bytes: z.number(),
    summary: z.string(),
  }),
  /** Nothing to do: everything already matches the point. */
  empty: z.boolean(),
});
export type PlanView = z.infer<typeof PlanView>;

export const restoreStates = [
  'Running',
  'Succeeded',
  'PartiallyFailed',
  'Failed',
  'Cancelled',
  'Interrupted',
] as const;

export const RestoreItemResult = z.object({
  item: z.string(),
  action: z.enum(['create', 'replace', 'update', 'delete']),
  result: z.enum(['done', 'failed', 'not done']),
  message: z.string().optional(),
  /** A create that found the object already there (made after the plan, by someone else or by
   * the cluster): it was brought to the point instead, and an undo leaves it. */
  existed: z.boolean().optional(),
});
export type RestoreItemResult = z.infer<typeof RestoreItemResult>;

export const RestoreView = z.object({
  id: z.string(),
  planId: z.string(),
  jobId: z.string(),
  state: z.enum(restoreStates),
  actor: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  scope: z.string(),
  destination: z.string(),
  inPlace: z.boolean(),
  pointId: z.string(),
  /** The restore point taken of what was overwritten or deleted (absent when nothing was). */
  safetyPointId: z.string().optional(),
  undoOf: z.string().optional(),
  undoneBy: z.string().optional(),
  counts: z.object({ done: z.number(), failed: z.number(), notDone: z.number() }),
  bytes: z.number(),
  durationMs: z.number().optional(),
  /** Every item the plan listed, with what happened to it. */
  items: z.array(RestoreItemResult),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type RestoreView = z.infer<typeof RestoreView>;
