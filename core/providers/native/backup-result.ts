// What every native backup takes and gives back, whatever the scope (server path, namespace).
import type { Progress } from '../../jobs/progress';

export interface BackupContext {
  signal?: AbortSignal;
  progress?: Progress;
  /** An item (file, object, resource type) that could not be read: the backup goes on and ends PartiallyFailed. */
  fail?(item: string, message: string): void;
}

export interface BackupResult {
  snapshotId: string;
  stats: {
    /** Files, or Kubernetes objects. */
    files: number;
    dirs: number;
    /** Bytes of content (file data, object JSON). */
    bytes: number;
    /** Of those, bytes not already in the repository. */
    newBytes: number;
    /** Content bytes actually read (a server backup reuses unchanged files of its parent unread). */
    bytesRead?: number;
    /** Blobs and (compressed, sealed) bytes this backup stored. */
    blobsNew: number;
    bytesNew: number;
    durationMs: number;
  };
  /** Recorded and skipped (sockets, files that changed while read …). */
  notes: { item: string; message: string }[];
}
