// The two restore engines behind the planner and the executor: files on a server over SSH
// (`files/`), and objects in a Kubernetes namespace (`kube/`). Each plans (an exact preview
// against the live target, nothing written) and applies a preview (writes only what it lists).
// The hub (`plan.ts`, `execute.ts`, `undo.ts`) chooses the point, takes the safety point with the
// backup engine, records everything in the catalog, and re-plans before writing to notice a live
// target that changed since the preview.
import type {
  FileChange,
  FilesPreview,
  ObjectChange,
  ObjectsPreview,
  RestoreItemResult,
} from '../api/contract';
import type { SshSession } from '../connect/ssh';
import type { Progress } from '../jobs/progress';
import type { Repository } from '../repository/repository';
import type { Snapshot } from '../repository/snapshot';

export interface ApplyContext {
  signal?: AbortSignal;
  progress?: Progress;
  /** Called once per listed item, as soon as its outcome is known (the restore record). */
  onItem?(r: RestoreItemResult): void;
}

// ---- files on a server ------------------------------------------------------------------------

export interface FilesTarget {
  repo: Repository;
  snapshot: Snapshot;
  /** The absolute path the point was taken of (the source scope's path). */
  sourcePath: string;
  /** Connected to the destination server. */
  session: SshSession;
  /** The destination server entry's name (messages). */
  server: string;
  /** Run the server-side commands through `sudo -n`. */
  sudo: boolean;
  /** Absolute path on the destination server that stands for `sourcePath` (= sourcePath in place). */
  destPath: string;
}

export interface FilesPlanInput extends FilesTarget {
  /** Absolute paths or globs (*, ?, **) inside sourcePath; absent = the whole scope, empty =
   * nothing from the point (as `resources: []` for objects). */
  subset?: string[];
  deleteExtra: boolean;
  /** Undo: items the undone restore created, to delete (when they still are what it wrote). */
  alsoDelete?: FileChange[];
  /** At most this many items (files, folders, links of the subset, with their parents) in one
   * restore; more is refused with the folders to restore one at a time. Default maxRestoreItems. */
  maxItems?: number;
  signal?: AbortSignal;
}

export interface FilesEngine {
  plan(input: FilesPlanInput): Promise<FilesPreview>;
  /** Writes exactly the preview's create/replace/delete items; returns content bytes written. */
  apply(target: FilesTarget, preview: FilesPreview, ctx: ApplyContext): Promise<{ bytes: number }>;
}

// ---- objects in a namespace -------------------------------------------------------------------

export interface ObjectsTarget {
  repo: Repository;
  snapshot: Snapshot;
  /** Single-context kubeconfig of the destination cluster (from the vault). */
  kubeconfig: string;
  /** The destination cluster entry's name (messages). */
  cluster: string;
  /** The namespace the point was taken of. */
  sourceNamespace: string;
  /** The namespace to restore into (= sourceNamespace in place). */
  destNamespace: string;
  conflict: 'update' | 'skip';
}

export interface ObjectsPlanInput extends ObjectsTarget {
  /** KIND/NAME (kind as the object's kind, e.g. Deployment/web). */
  resources?: string[];
  /** A label selector over the stored objects' labels. */
  selector?: string;
  /** Undo: objects the undone restore created, to delete. */
  alsoDelete?: ObjectChange[];
  signal?: AbortSignal;
}

export interface ObjectsEngine {
  plan(input: ObjectsPlanInput): Promise<ObjectsPreview>;
  apply(target: ObjectsTarget, preview: ObjectsPreview, ctx: ApplyContext): Promise<{ bytes: number }>;
}
