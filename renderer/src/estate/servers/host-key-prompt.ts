// What a host key error asks the user to decide, read from the error's details.
import type { ApiError } from '../../../../core/api/errors';

export type HostKeyPrompt =
  | { kind: 'unknown'; server: string; fingerprint: string; keyType: string }
  | { kind: 'changed'; server: string; expected: string; presented: string; keyType?: string };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The decision a `ssh.host_key_unknown` / `ssh.host_key_changed` error asks for, if it is one. */
export function hostKeyPrompt(error: ApiError, server: string): HostKeyPrompt | undefined {
  const d = (error.details ?? {}) as Record<string, unknown>;
  if (error.code === 'ssh.host_key_unknown') {
    const fingerprint = str(d.fingerprint);
    if (!fingerprint) return undefined;
    return {
      kind: 'unknown',
      server: str(d.server) ?? server,
      fingerprint,
      keyType: str(d.keyType) ?? 'unknown type',
    };
  }
  if (error.code === 'ssh.host_key_changed') {
    const expected = str(d.expected);
    const presented = str(d.presented);
    if (!expected || !presented) return undefined;
    return {
      kind: 'changed',
      server: str(d.server) ?? server,
      expected,
      presented,
      ...(str(d.keyType) ? { keyType: str(d.keyType) } : {}),
    };
  }
  return undefined;
}
