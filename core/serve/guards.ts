// The loopback server's gatekeeping: Host (DNS rebinding), Origin (cross-site requests) and the
// per-launch token. Each returns the error to send, or undefined when the request may pass.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApiError } from '../api/errors';

export interface Refusal {
  status: number;
  error: ApiError;
}

export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function checkHost(req: IncomingMessage, port: number): Refusal | undefined {
  const host = req.headers.host;
  if (host && loopbackHosts(port).has(host.toLowerCase())) return undefined;
  return {
    status: 403,
    error: {
      code: 'serve.bad_host',
      message: `Refused: Host header "${String(host ?? '').slice(0, 100)}" is not this console's loopback address (127.0.0.1:${port}).`,
    },
  };
}

export function checkOrigin(req: IncomingMessage, port: number): Refusal | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined; // same-origin navigations and non-browser clients
  const allowed = [...loopbackHosts(port)].map((h) => `http://${h}`);
  if (allowed.includes(origin.toLowerCase())) return undefined;
  return {
    status: 403,
    error: {
      code: 'serve.bad_origin',
      message: `Refused: requests from origin "${origin.slice(0, 100)}" are not allowed; only this console's own page may call it.`,
    },
  };
}

export function checkToken(req: IncomingMessage, token: string): Refusal | undefined {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer (\S+)$/.exec(header);
  const given = Buffer.from(m?.[1] ?? '');
  const want = Buffer.from(token);
  if (given.length === want.length && timingSafeEqual(given, want)) return undefined;
  return {
    status: 401,
    error: {
      code: header ? 'serve.bad_token' : 'serve.no_token',
      message: header
        ? 'Refused: the token does not match this console. Open the link printed by `lifeboat serve` again.'
        : 'Refused: this request carries no token. Open the link printed by `lifeboat serve`.',
    },
  };
}
