// connectSsh and probeHostKey: the entry points. A jump host is connected first (its own host key
// verified, its own timeout), then the target is reached through a tunnel on it.

import { LifeboatError } from '../../api/errors';
import { authMethods } from './auth';
import { cancelledError, jumpError } from './errors';
import { handshake } from './handshake';
import { assertFingerprintFormat } from './host-key';
import { clientOf, createSession } from './session';
import type { HostKeyInfo, SshSession, SshTarget } from './target';

function assertTarget(target: SshTarget): void {
  const bad = (what: string) =>
    new LifeboatError('ssh.invalid_target', `Server "${target.name}": ${what}.`, { server: target.name });
  if (!target.host) throw bad('the host is empty');
  if (!target.user) throw bad('the user is empty');
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw bad(`the port ${target.port} is not a TCP port (1-65535)`);
  }
  if (!(target.timeoutMs > 0)) throw bad('the connect timeout must be more than 0 ms');
  assertFingerprintFormat(target);
}

/** Validates the whole chain of hops before any traffic, so a typo fails fast and clearly. */
function assertChain(target: SshTarget): void {
  const seen = new Set<SshTarget>();
  for (let t: SshTarget | undefined = target; t; t = t.jump) {
    if (seen.has(t))
      throw new LifeboatError('ssh.invalid_target', `Server "${target.name}": its jump hosts form a loop.`);
    seen.add(t);
    assertTarget(t);
  }
}

async function connectJump(target: SshTarget, jump: SshTarget, signal?: AbortSignal): Promise<SshSession> {
  try {
    return await connectSsh(jump, { signal });
  } catch (err) {
    // Cancelling is never a jump host's failure.
    if (err instanceof LifeboatError && err.code !== 'ssh.cancelled') throw jumpError(target, jump, err);
    if (err instanceof LifeboatError) throw cancelledError(target);
    throw err;
  }
}

/**
 * Connects, verifies the host key (refusing unknown or changed keys), authenticates. The signal
 * cancels the connection attempt only; close the session to end it.
 */
export async function connectSsh(
  target: SshTarget,
  opts: { signal?: AbortSignal } = {},
): Promise<SshSession> {
  assertChain(target);
  const methods = authMethods(target); // local key / agent problems before any traffic
  if (opts.signal?.aborted) throw cancelledError(target);
  const jump = target.jump ? await connectJump(target, target.jump, opts.signal) : undefined;
  try {
    const { client, hostKey } = await handshake({
      target,
      mode: 'session',
      methods,
      via: jump ? clientOf(jump) : undefined,
      signal: opts.signal,
    });
    return createSession(client, target, hostKey, jump);
  } catch (err) {
    jump?.close();
    throw err;
  }
}

/**
 * Connects only far enough to see the host key (no auth is attempted), for first-use confirmation.
 * A jump host, if any, is connected in full: its own key must already be accepted.
 */
export async function probeHostKey(
  target: SshTarget,
  opts: { signal?: AbortSignal } = {},
): Promise<HostKeyInfo> {
  const { acceptedFingerprint: _ignored, ...rest } = target;
  assertChain(rest);
  if (opts.signal?.aborted) throw cancelledError(target);
  const jump = target.jump ? await connectJump(target, target.jump, opts.signal) : undefined;
  try {
    const { hostKey } = await handshake({
      target,
      mode: 'probe',
      methods: [],
      via: jump ? clientOf(jump) : undefined,
      signal: opts.signal,
    });
    return hostKey;
  } finally {
    jump?.close();
  }
}
