// A connected, authenticated SSH session: the public SshSession over an ssh2 Client. The client
// stays reachable for this folder only (a jump host's session is a transport for the next hop).

import type { Client } from 'ssh2';
import { execCollect, execStream } from './exec';
import type { HostKeyInfo, SshSession, SshTarget } from './target';

const clients = new WeakMap<SshSession, Client>();

/** The ssh2 client behind a session created here (for tunnelling through a jump host). */
export function clientOf(session: SshSession): Client {
  const client = clients.get(session);
  if (!client) throw new Error('not an SSH session created by core/connect/ssh');
  return client;
}

const CLOSE_GRACE_MS = 2_000;

export function createSession(
  client: Client,
  target: SshTarget,
  hostKey: HostKeyInfo,
  jump?: SshSession,
): SshSession {
  let closed = false;
  // The jump host is closed after this connection (whose goodbye travels through its tunnel),
  // whether we closed it or it dropped.
  client.once('close', () => {
    closed = true;
    jump?.close();
  });
  const session: SshSession = {
    hostKey,
    exec: (command, opts) => execCollect(client, target, command, opts),
    execStream: (command, opts) => execStream(client, target, command, opts),
    close() {
      if (closed) return;
      closed = true;
      client.end();
      // A peer that never answers our disconnect must not keep the socket open.
      setTimeout(() => client.destroy(), CLOSE_GRACE_MS).unref();
    },
    get closed() {
      return closed;
    },
  };
  clients.set(session, client);
  return session;
}
