// Bounded concurrency: `forEachBounded` over a list, `runPool` over a stack that grows as it is
// worked (a tree walk).

// Runs `fn` over `items` with at most `limit` calls at once; resolves when all are done and
// rejects with the first failure (the others still settle first, nothing is left running).
export async function forEachBounded<T>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let next = iterator.next(); !next.done && !failure; next = iterator.next()) {
      try {
        await fn(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure) throw failure.error;
}

/**
 * Runs `visit` over a stack that visits push onto, with at most `limit` at once (depth-first:
 * the newest directory is taken first, so the stack stays about depth × width).
 */
export async function runPool<T>(
  limit: number,
  stack: T[],
  visit: (item: T) => Promise<void>,
  checkCancel: () => void,
): Promise<void> {
  let active = 0;
  let failed = false;
  let wake: (() => void) | undefined;
  let waiting: Promise<void> | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    waiting = undefined;
    w?.();
  };
  const worker = async () => {
    for (;;) {
      if (failed) return;
      checkCancel();
      const item = stack.pop();
      if (item === undefined) {
        if (active === 0) return notify();
        waiting ??= new Promise<void>((resolve) => {
          wake = resolve;
        });
        await waiting;
        continue;
      }
      active++;
      try {
        await visit(item);
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        active--;
        notify();
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: limit }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
