// The report of a location test (`repo test`), shared by the S3 and local-folder testers, and the
// small recorder that times each check and skips the checks that depend on a failed one.

import { LifeboatError } from '../../api/errors';

export type LocationOp = 'list' | 'write' | 'read' | 'delete';

export interface LocationCheckError {
  code: string;
  /** Names the location (bucket, endpoint, folder); never holds a secret. */
  message: string;
}

export interface LocationCheck {
  op: LocationOp;
  ok: boolean;
  ms: number;
  error?: LocationCheckError;
}

export interface LocationTestReport {
  /** True only when every check passed. */
  ok: boolean;
  /** The list call's time when it passed, else the median of the checks that passed, else 0. */
  latencyMs: number;
  checks: LocationCheck[];
}

/** A check's failure, and whether it makes every later check pointless (missing bucket, …). */
export interface ClassifiedError extends LocationCheckError {
  fatal: boolean;
}

/** The code of a check that did not run because an earlier one failed. */
export const SKIPPED = 'repo.skipped';

export interface CheckRecorder {
  /**
   * Runs one check and records it with its time. Returns whether it passed. A failure is
   * classified and recorded, never thrown; cancellation through `signal` is thrown.
   */
  run(op: LocationOp, fn: () => Promise<void>): Promise<boolean>;
  /** Records a check that was not run, with the reason. */
  skip(op: LocationOp, reason: string): void;
  /** The first failure that makes every later check pointless, if any. */
  fatal(): ClassifiedError | undefined;
  /** Rewrites the error message of a recorded check (e.g. to say what was left behind). */
  amend(op: LocationOp, extra: string): void;
  report(): LocationTestReport;
}

/** The error thrown when the caller's signal aborts a test: its reason, or `repo.cancelled`. */
export function cancellation(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof LifeboatError) return reason;
  return new LifeboatError('repo.cancelled', 'The location test was cancelled.');
}

export function createCheckRecorder(
  classify: (err: unknown, op: LocationOp) => ClassifiedError,
  signal?: AbortSignal,
): CheckRecorder {
  const checks: LocationCheck[] = [];
  let fatal: ClassifiedError | undefined;
  return {
    async run(op, fn) {
      if (signal?.aborted) throw cancellation(signal);
      const started = performance.now();
      try {
        await fn();
        checks.push({ op, ok: true, ms: elapsed(started) });
        return true;
      } catch (err) {
        if (signal?.aborted) throw cancellation(signal);
        const classified = classify(err, op);
        if (classified.fatal && !fatal) fatal = classified;
        checks.push({
          op,
          ok: false,
          ms: elapsed(started),
          error: { code: classified.code, message: classified.message },
        });
        return false;
      }
    },
    skip(op, reason) {
      checks.push({ op, ok: false, ms: 0, error: { code: SKIPPED, message: `Not checked: ${reason}` } });
    },
    fatal: () => fatal,
    amend(op, extra) {
      const check = checks.find((c) => c.op === op);
      if (check?.error) check.error = { ...check.error, message: `${check.error.message} ${extra}` };
    },
    report() {
      const passed = checks.filter((c) => c.ok);
      const list = passed.find((c) => c.op === 'list');
      return {
        ok: checks.length > 0 && checks.every((c) => c.ok),
        latencyMs: list ? list.ms : median(passed.map((c) => c.ms)),
        checks: checks.map((c) => ({ ...c })),
      };
    },
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return value ?? 0;
}
