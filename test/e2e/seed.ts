// Real jobs in a data directory, made by the core itself (not fake rows): one that succeeds, one
// that partly fails, one that fails, and one that keeps running in this test process until told
// to stop, so the console (another process) sees it as Running and owned elsewhere.
import { LifeboatError } from '../../core/api/errors';

export interface Seeded {
  runningJobId: string;
  runningTitle: string;
  /** Cancels the running job and closes the catalog. */
  stop(): Promise<void>;
}

const MiB = 2 ** 20;

export async function seedJobs(dataDir: string): Promise<Seeded> {
  // Loaded here, not at the top: only the tests that need seeded jobs depend on the core's
  // internals (the rest of the browser test needs nothing but the built `lifeboat serve`).
  const { createLifeboat } = await import('../../core/api/lifeboat');
  const lifeboat = createLifeboat({ dataDir, mode: 'cli', actor: 'e2e' });
  const finished = [
    lifeboat.jobs.start({
      kind: 'backup',
      title: 'Back up web-1:/etc/nginx',
      actor: 'e2e',
      async run({ progress }) {
        progress.phase('uploading packs');
        progress.total({ items: 42, bytes: 6 * MiB });
        progress.add({ items: 42, bytes: 6 * MiB });
        return { summary: { files: 42 } };
      },
    }),
    lifeboat.jobs.start({
      kind: 'verify',
      title: 'Verify restore point of web-1:/etc/nginx',
      actor: 'e2e',
      async run({ progress, fail }) {
        progress.total({ items: 10, bytes: 2 * MiB });
        progress.add({ items: 9, bytes: 2 * MiB });
        fail('pack 7f3a', 'hash mismatch');
      },
    }),
    lifeboat.jobs.start({
      kind: 'restore',
      title: 'Restore web-2:/var/www',
      actor: 'e2e',
      async run() {
        throw new LifeboatError('ssh.unreachable', 'web-2 did not answer on port 22.');
      },
    }),
  ];
  for (const job of finished) await lifeboat.jobs.wait(job.id);

  const runningTitle = 'Drill billing-api into a sandbox';
  const running = lifeboat.jobs.start({
    kind: 'drill',
    title: runningTitle,
    actor: 'e2e',
    async run({ progress, signal }) {
      progress.phase('restoring');
      progress.total({ items: 100, bytes: 100 * MiB });
      progress.add({ items: 30, bytes: 30 * MiB });
      await new Promise<void>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  });
  // Wait until the catalog says Running with its progress, as the console will read it.
  for (let i = 0; i < 100; i++) {
    const job = lifeboat.jobs.get(running.id);
    if (job.state === 'Running' && job.progress.itemsDone > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    runningJobId: running.id,
    runningTitle,
    async stop() {
      lifeboat.jobs.cancel(running.id);
      await lifeboat.jobs.wait(running.id);
      await lifeboat.close();
    },
  };
}
