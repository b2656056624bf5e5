// One overall time budget for a series of client-node calls, plus the caller's AbortSignal.
// client-node 1.x has no per-call timeout: each call gets the budget's signal through a request
// middleware (so node-fetch aborts the request and closes its socket), and is raced against the
// budget too (credential plugins run before the request and do not see the signal).

import { Observable, type ConfigurationOptions, type ObservableMiddleware } from '@kubernetes/client-node';

export type StopReason = 'timeout' | 'cancelled';

/** Thrown by `run` once the budget is spent or the caller cancelled. */
export class BudgetStop extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'timeout' ? 'timed out' : 'cancelled');
    this.name = 'BudgetStop';
  }
}

export class CallBudget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly stopped: Promise<never>;
  private readonly onOuterAbort = () => this.stop('cancelled');
  private reason: StopReason | undefined;

  constructor(
    timeoutMs: number,
    private readonly outer?: AbortSignal,
  ) {
    this.stopped = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(new BudgetStop(this.reason!)), {
        once: true,
      });
    });
    this.stopped.catch(() => undefined);
    this.timer = setTimeout(() => this.stop('timeout'), Math.max(0, timeoutMs));
    if (outer?.aborted) this.stop('cancelled');
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get stopReason(): StopReason | undefined {
    return this.reason;
  }

  /** Per-call options for an ObjectParamAPI method: they attach the budget's signal to the request. */
  readonly options: ConfigurationOptions = {
    middleware: [signalMiddleware(this.controller.signal)],
    middlewareMergeStrategy: 'append',
  };

  /** Runs one call within the budget; rejects with BudgetStop when the budget ends first. */
  run<T>(call: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    if (this.reason) return Promise.reject(new BudgetStop(this.reason));
    return Promise.race([call(this.options), this.stopped]);
  }

  /** Clears the timer and the listener on the caller's signal; aborts whatever is still running. */
  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    clearTimeout(this.timer);
    this.controller.abort();
  }
}

function signalMiddleware(signal: AbortSignal): ObservableMiddleware {
  return {
    pre: (request) => {
      request.setSignal(signal);
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}
