// Calls `fn` at most once per `intervalMs`; a call inside the interval is deferred, not lost,
// so the last change before a pause is always delivered. `flush()` delivers now.
export interface Throttled {
  (): void;
  flush(): void;
  cancel(): void;
}

export function throttle(fn: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = now();
    fn();
  };
  const t = (() => {
    if (timer) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  t.flush = () => {
    if (timer) clearTimeout(timer);
    run();
  };
  t.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return t;
}
