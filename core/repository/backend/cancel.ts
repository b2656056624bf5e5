// Cancellation of a storage call: never an error to retry, always `repo.cancelled` (or the
// LifeboatError the caller aborted with).

import { LifeboatError } from '../../api/errors';

/** The error for an aborted call: the signal's reason when it is a LifeboatError. */
export function cancelled(signal: AbortSignal | undefined, what: string): LifeboatError {
  const reason: unknown = signal?.reason;
  if (reason instanceof LifeboatError) return reason;
  return new LifeboatError('repo.cancelled', `${what} was cancelled.`);
}

/** Throws `repo.cancelled` when `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelled(signal, what);
}
