// One SSH connection attempt, bounded and cancellable: open the transport (TCP, or a tunnel through
// an already connected jump host), verify the host key, authenticate. Every failure path destroys
// the client and its socket before rejecting.

import net from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2, { type AnyAuthMethod, type Client as Ssh2Client, type ClientErrorExtensions } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader only offers its default export (vitest hides this).
const { Client } = ssh2;
type Client = Ssh2Client;
import { type LifeboatError } from '../../api/errors';
import { AuthLog } from './auth';
import { cancelledError, closedError, connectError, timeoutError, type Phase } from './errors';
import { hostKeyInfo, hostKeyProblem } from './host-key';
import type { HostKeyInfo, SshTarget } from './target';

export interface HandshakeInput {
  target: SshTarget;
  /** 'session': verify the host key and log in. 'probe': stop at the host key and return it. */
  mode: 'session' | 'probe';
  /** Auth methods to offer (session mode). */
  methods: AnyAuthMethod[];
  /** A connected jump host's client: the transport becomes a direct-tcpip channel through it. */
  via?: Client;
  signal?: AbortSignal;
}

export interface Handshaken {
  /** Authenticated client (session mode); already closed in probe mode. */
  client: Client;
  hostKey: HostKeyInfo;
}

const KEEPALIVE_MS = 15_000;

export function handshake(input: HandshakeInput): Promise<Handshaken> {
  const { target, mode, signal } = input;
  return new Promise<Handshaken>((resolve, reject) => {
    const client = new Client();
    const auth = new AuthLog();
    let phase: Phase = input.via ? 'tunnelling' : 'connecting';
    let settled = false;
    let sock: Duplex | undefined;
    let hostKey: HostKeyInfo | undefined;
    let refusal: LifeboatError | undefined;

    const teardown = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const destroy = () => {
      try {
        client.end();
      } catch {
        // already gone
      }
      client.destroy();
      sock?.destroy();
    };
    const fail = (err: LifeboatError) => {
      if (settled) return;
      settled = true;
      teardown();
      destroy();
      reject(err);
    };
    const succeed = () => {
      if (settled) return;
      settled = true;
      teardown();
      if (mode === 'probe') destroy();
      resolve({ client, hostKey: hostKey as HostKeyInfo });
    };

    const timer = setTimeout(() => fail(timeoutError(target, target.timeoutMs, phase)), target.timeoutMs);
    const onAbort = () => fail(cancelledError(target));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();

    // ssh2 keeps emitting after a failure (socket errors during teardown): this listener stays for
    // the client's whole life so nothing is ever an unhandled 'error' event.
    client.on('error', (err: Error & ClientErrorExtensions) => {
      if (settled) return;
      if (mode === 'probe' && hostKey) return succeed();
      if (refusal) return fail(refusal);
      if (err.level === 'agent') {
        auth.agentProblem = err.message; // ssh2 goes on with the next method
        return;
      }
      if (err.level === 'client-authentication') return fail(auth.error(target));
      if (err.level === 'client-timeout') return fail(timeoutError(target, target.timeoutMs, phase));
      fail(connectError(err, target, phase));
    });
    client.on('handshake', () => {
      phase = 'authenticating';
    });
    client.on('close', () => {
      if (settled) return;
      if (mode === 'probe' && hostKey) return succeed();
      fail(refusal ?? closedError(target, phase));
    });
    client.on('ready', () => {
      if (settled) {
        client.end(); // cancelled or timed out in the same tick
        return;
      }
      succeed();
    });

    const start = (transport: Duplex) => {
      sock = transport;
      try {
        client.connect({
          sock: transport,
          username: target.user,
          // Backstop only: our own timer above bounds the whole attempt.
          readyTimeout: target.timeoutMs + 1_000,
          keepaliveInterval: KEEPALIVE_MS,
          keepaliveCountMax: 3,
          hostVerifier: (blob: Buffer): boolean => {
            hostKey = hostKeyInfo(blob);
            if (mode === 'probe') return false; // seen it; no auth attempted
            refusal = hostKeyProblem(target, hostKey);
            return refusal === undefined;
          },
          authHandler: auth.handler(mode === 'probe' ? [] : input.methods),
        });
      } catch (err) {
        fail(connectError(err, target, phase));
      }
    };

    if (input.via) {
      try {
        input.via.forwardOut('127.0.0.1', 0, target.host, target.port, (err, channel) => {
          if (settled) {
            channel?.close();
            return;
          }
          if (err) return fail(connectError(err, target, 'tunnelling'));
          phase = 'handshaking';
          start(channel);
        });
      } catch (err) {
        fail(connectError(err, target, 'tunnelling'));
      }
    } else {
      // No Nagle: SSH's small request/reply packets (a channel open, an exec) would otherwise wait
      // for the peer's delayed ACK, about 40 ms for every command.
      const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
      socket.once('connect', () => {
        if (phase === 'connecting') phase = 'handshaking';
      });
      start(socket);
    }
  });
}
