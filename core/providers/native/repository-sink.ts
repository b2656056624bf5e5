// The tree builder's sink over a repository: file content is chunked (content-defined),
// each chunk deduplicated and stored as a data blob; trees are stored as tree blobs.
import type { Progress } from '../../jobs/progress';
import type { Repository, SavedBlob } from '../../repository/repository';
import type { TreeSink } from './tree-builder';

/** Chunks of one file encoded at once (compression runs on libuv's thread pool). */
const chunksInFlight = 4;

export function repositorySink(
  repo: Repository,
  opts: { signal?: AbortSignal; progress: Progress },
): TreeSink {
  const signal = opts.signal ? { signal: opts.signal } : {};
  return {
    async saveFile(body) {
      const saves: Promise<SavedBlob & { length: number }>[] = [];
      const inFlight = new Set<Promise<unknown>>();
      for await (const chunk of repo.chunk(body, signal)) {
        const save = repo.saveBlob('data', chunk, signal).then((saved) => {
          opts.progress.add({ bytes: chunk.length });
          return { ...saved, length: chunk.length };
        });
        // If the file fails early, the chunks still in flight must not become unhandled rejections.
        save.catch(() => {});
        saves.push(save);
        const tracked: Promise<unknown> = save.then(
          () => inFlight.delete(tracked),
          () => inFlight.delete(tracked),
        );
        inFlight.add(tracked);
        if (inFlight.size >= chunksInFlight) await Promise.race(inFlight); // never rejects: failures surface below
      }
      // Every chunk of this file is settled before the file counts as saved (flushes never race).
      const saved = await Promise.all(saves);
      return {
        content: saved.map((s) => s.id),
        newBytes: saved.reduce((n, s) => n + (s.stored ? s.length : 0), 0),
      };
    },
    saveTree: (tree) => repo.saveTree(tree, signal),
  };
}
