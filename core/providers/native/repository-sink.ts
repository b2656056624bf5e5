// The tree builder's sink over a repository: file content is chunked (content-defined),
// each chunk deduplicated and stored as a data blob; trees are stored as tree blobs.
//
// Chunks are saved in the background, across files: saveFile returns once it has read the body
// and dispatched its chunks, so the stream keeps flowing while hashing, compression and
// encryption run (much of it on the thread pool). A bounded number of chunks and bytes are in
// flight at once; the tree builder waits for a directory's files before saving its tree.
import type { Progress } from '../../jobs/progress';
import type { Repository, SavedBlob } from '../../repository/repository';
import type { SavedFile, TreeSink } from './tree-builder';

export interface SinkLimits {
  /** Chunks being hashed, encoded or packed at once. */
  chunks: number;
  /** Their bytes (chunks are held in memory until encoded). */
  bytes: number;
}

export const defaultSinkLimits: SinkLimits = { chunks: 8, bytes: 16 * 1024 * 1024 };

export function repositorySink(
  repo: Repository,
  opts: { signal?: AbortSignal; progress: Progress; limits?: SinkLimits },
): TreeSink {
  const signal = opts.signal ? { signal: opts.signal } : {};
  const limits = opts.limits ?? defaultSinkLimits;
  let chunks = 0;
  let bytes = 0;
  let wake: (() => void) | undefined;
  const release = (n: number) => {
    chunks--;
    bytes -= n;
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** Waits for room (always lets one chunk through, whatever its size). */
  const acquire = async (n: number) => {
    while (chunks > 0 && (chunks >= limits.chunks || bytes + n > limits.bytes)) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    chunks++;
    bytes += n;
  };

  return {
    async saveFile(body) {
      const saves: Promise<SavedBlob & { length: number }>[] = [];
      for await (const chunk of repo.chunk(body, signal)) {
        await acquire(chunk.length);
        const save = repo.saveBlob('data', chunk, signal).then(
          (saved) => {
            release(chunk.length);
            opts.progress.add({ bytes: chunk.length });
            return { ...saved, length: chunk.length };
          },
          (e: unknown) => {
            release(chunk.length);
            throw e;
          },
        );
        // If the file fails early, the chunks still in flight must not become unhandled rejections.
        save.catch(() => {});
        saves.push(save);
      }
      const saved: Promise<SavedFile> = Promise.all(saves).then((all) => ({
        content: all.map((s) => s.id),
        newBytes: all.reduce((n, s) => n + (s.stored ? s.length : 0), 0),
      }));
      saved.catch(() => {});
      return { saved };
    },
    saveTree: (tree) => repo.saveTree(tree, signal),
  };
}
