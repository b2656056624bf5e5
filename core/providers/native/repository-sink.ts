// The tree builder's sink over a repository: file content is chunked (content-defined),
// each chunk deduplicated and stored as a data blob; trees are stored as tree blobs.
import type { Progress } from '../../jobs/progress';
import type { Repository } from '../../repository/repository';
import type { TreeSink } from './tree-builder';

export function repositorySink(
  repo: Repository,
  opts: { signal?: AbortSignal; progress: Progress },
): TreeSink {
  const signal = opts.signal ? { signal: opts.signal } : {};
  return {
    async saveFile(body) {
      const content: string[] = [];
      let newBytes = 0;
      for await (const chunk of repo.chunk(body, signal)) {
        const saved = await repo.saveBlob('data', chunk, signal);
        content.push(saved.id);
        if (saved.stored) newBytes += chunk.length;
        opts.progress.add({ bytes: chunk.length });
      }
      return { content, newBytes };
    },
    saveTree: (tree) => repo.saveTree(tree, signal),
  };
}
