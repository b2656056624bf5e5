// Errors cross every boundary as data: { code: 'area.reason', message }. Thrown inside core as
// LifeboatError so the code survives; anything else becomes `internal.error` at the boundary.

export interface ApiError {
  /** Dotted code, `area.reason` (e.g. `catalog.too_new`, `ssh.host_key_changed`). */
  code: string;
  /** One or two sentences a tired person can act on. Never holds a secret. */
  message: string;
  /** Optional structured facts (e.g. the fields that failed validation). */
  details?: unknown;
}

export class LifeboatError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'LifeboatError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isLifeboatError(e: unknown): e is LifeboatError {
  return e instanceof LifeboatError;
}

/** Turns anything thrown into an ApiError. Unknown errors keep their message but no stack. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof LifeboatError) return e.toApiError();
  if (e instanceof Error) return { code: 'internal.error', message: e.message };
  return { code: 'internal.error', message: String(e) };
}

/** The envelope every transport returns: a result or an error, never a throw. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiError };
