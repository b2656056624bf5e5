// dispatch(method, input): the single entry point of every transport. Input is validated by
// the method's schema before anything runs; results and errors come back as an Envelope.
import type { z } from 'zod';
import type { Envelope } from './errors';
import { LifeboatError, toApiError } from './errors';

export interface MethodDef {
  input: z.ZodType;
  handle(input: unknown): unknown;
}

export type Dispatch = (method: string, input: unknown) => Promise<Envelope<unknown>>;

/** `redact` scrubs any secret value that slipped into an error message (defence in depth). */
export function createDispatch(
  table: ReadonlyMap<string, MethodDef>,
  redact: (text: string) => string = (t) => t,
): Dispatch {
  return async (method, input) => {
    const def = typeof method === 'string' ? table.get(method) : undefined;
    if (!def) {
      return fail(
        new LifeboatError('api.unknown_method', `Unknown method "${String(method).slice(0, 100)}".`),
      );
    }
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.'),
        message: i.message,
      }));
      const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return fail(new LifeboatError('api.invalid_input', `Invalid input for ${method}: ${text}`, { issues }));
    }
    try {
      return { ok: true, result: await def.handle(parsed.data) };
    } catch (e) {
      const env = fail(e);
      return env.ok ? env : { ok: false, error: { ...env.error, message: redact(env.error.message) } };
    }
  };
}

function fail(e: unknown): Envelope<never> {
  return { ok: false, error: toApiError(e) };
}
