// Turns what a client-node call threw into one readable note for a cluster test report: refused,
// DNS, TLS, 401, 403, plugin failures. Text taken from elsewhere (a Status message, a plugin's
// stderr) is redacted with the secrets of the kubeconfig.

import { ApiException } from '@kubernetes/client-node';
import type { AuthKind } from './context-summary';

export type FailureKind =
  | 'unreachable' // no HTTP answer: refused, DNS, network, TLS, reset
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'unsupported' // 404, 405, 501: the endpoint does not exist there
  | 'http' // any other HTTP status
  | 'credentials' // the exec / auth-provider plugin failed before a request was sent
  | 'other';

export interface Failure {
  kind: FailureKind;
  status?: number;
  note: string;
}

export interface FailureContext {
  /** The cluster's server URL. */
  server: string;
  /** The user entry's name ('' when none). */
  user: string;
  authKind: AuthKind;
  /** Plugin command, for exec users. */
  execCommand?: string;
  /** What was being done: "reading the server version (GET /version)". */
  doing: string;
  redact: (text: string) => string;
}

interface ErrorShape {
  code?: unknown;
  errno?: unknown;
  name?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

const NET_CODE =
  /^(E[A-Z]+|ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

/** The Node network/TLS error code, also from inside an AggregateError (happy eyeballs) or a cause. */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined;
  const e = err as ErrorShape;
  for (const c of [e.code, e.errno]) if (typeof c === 'string' && NET_CODE.test(c)) return c;
  for (const inner of [...(Array.isArray(e.errors) ? e.errors : []), e.cause]) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  const m =
    typeof e.message === 'string'
      ? /\b(E(?:CONNREFUSED|CONNRESET|NOTFOUND|AI_AGAIN|TIMEDOUT|HOSTUNREACH|NETUNREACH|PROTO))\b/.exec(
          e.message,
        )
      : null;
  return m?.[1];
}

function hostOf(server: string): string {
  try {
    const u = new URL(server);
    return u.host;
  } catch {
    return server;
  }
}

function tlsNote(code: string, where: string): string | undefined {
  if (/SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)/.test(code)) {
    return (
      `${where}: the server's TLS certificate is not trusted (${code}: self-signed or signed by a CA ` +
      'the kubeconfig does not give). Check certificate-authority-data for this cluster.'
    );
  }
  if (code === 'CERT_HAS_EXPIRED') return `${where}: the server's TLS certificate has expired.`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `${where}: the server's TLS certificate is not valid for this host name; check the server URL or set tls-server-name.`;
  }
  if (
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code === 'EPROTO'
  ) {
    return `${where}: the TLS handshake failed (${code}); is the server URL's scheme (https/http) and port right?`;
  }
  return undefined;
}

const NETWORK_NOTES: Record<string, (host: string) => string> = {
  ECONNREFUSED: (h) =>
    `Connection refused by ${h}: nothing listens there. Is the API server up, the port right, or is a VPN/tunnel needed?`,
  ENOTFOUND: (h) =>
    `DNS lookup failed for ${h.replace(/:\d+$/, '')}: the host name is unknown. Check the server URL and the VPN.`,
  EAI_AGAIN: (h) =>
    `DNS lookup for ${h.replace(/:\d+$/, '')} failed temporarily: is the network (or the VPN) up?`,
  ETIMEDOUT: (h) => `Connecting to ${h} timed out: a firewall, a VPN, or the wrong address?`,
  EHOSTUNREACH: (h) => `${h} is unreachable from this machine (no route to host).`,
  ENETUNREACH: (h) => `${h} is unreachable from this machine (network unreachable).`,
  ECONNRESET: (h) => `${h} closed the connection: is it a Kubernetes API server, and is http/https right?`,
};

/** The Status message of a Kubernetes error body, when there is one. */
function statusMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b) as unknown;
    } catch {
      return undefined;
    }
  }
  const m = b && typeof b === 'object' ? (b as { message?: unknown }).message : undefined;
  return typeof m === 'string' && m ? m.slice(0, 300) : undefined;
}

function httpFailure(err: ApiException<unknown>, ctx: FailureContext): Failure {
  const status = err.code;
  const detail = statusMessage(err.body);
  const said = detail ? `: ${ctx.redact(detail)}` : '';
  if (status === 401) {
    const who = ctx.user ? `user "${ctx.user}"` : 'the kubeconfig (it has no user)';
    return {
      kind: 'unauthorized',
      status,
      note: `The cluster rejected the credentials of ${who} (HTTP 401 Unauthorized) while ${ctx.doing}: wrong or expired ${ctx.authKind === 'none' ? 'credentials' : ctx.authKind}.`,
    };
  }
  if (status === 403) {
    return { kind: 'forbidden', status, note: `Forbidden (HTTP 403) while ${ctx.doing}${said}.` };
  }
  if (status === 404 || status === 405 || status === 501) {
    return {
      kind: 'unsupported',
      status,
      note: `The server does not support ${ctx.doing} (HTTP ${status})${said}.`,
    };
  }
  return { kind: 'http', status, note: `HTTP ${status} while ${ctx.doing}${said}.` };
}

function isApiException(err: unknown): err is ApiException<unknown> {
  return (
    err instanceof ApiException || (err instanceof Error && typeof (err as ErrorShape).code === 'number')
  );
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((l) => l.trim()) ?? '').trim().slice(0, 200);
}

export function describeFailure(err: unknown, ctx: FailureContext): Failure {
  if (isApiException(err)) return httpFailure(err, ctx);
  const host = hostOf(ctx.server);
  const message = err instanceof Error ? err.message : String(err);
  if (/HTTP protocol is not allowed/i.test(message)) {
    return {
      kind: 'other',
      note: `The server URL ${ctx.server} is plain http:// but the cluster does not set insecure-skip-tls-verify; the client refuses it. Use https:// or set that flag.`,
    };
  }
  const code = networkCode(err);
  const isFetch = err instanceof Error && err.name === 'FetchError';
  if (code && (isFetch || !isSpawnError(err))) {
    const note = NETWORK_NOTES[code]?.(host) ?? tlsNote(code, host);
    return { kind: 'unreachable', note: note ?? `Could not reach ${host} (${code}) while ${ctx.doing}.` };
  }
  if (!isFetch && (ctx.authKind === 'exec' || ctx.authKind === 'auth-provider')) {
    const plugin = ctx.execCommand ? `the exec plugin "${ctx.execCommand}"` : `the ${ctx.authKind} plugin`;
    const why = isSpawnError(err)
      ? 'the command was not found or cannot be run'
      : ctx.redact(firstLine(message));
    return {
      kind: 'credentials',
      note: `Getting credentials from ${plugin} failed: ${why || 'no reason given'}.`,
    };
  }
  if (err instanceof SyntaxError || /content type|Unexpected token|JSON/i.test(message)) {
    return {
      kind: 'other',
      note: `${host} answered, but not like a Kubernetes API server, while ${ctx.doing}. Is the server URL right?`,
    };
  }
  return {
    kind: 'other',
    note: `Failed while ${ctx.doing}: ${ctx.redact(firstLine(message)) || 'unknown error'}.`,
  };
}

function isSpawnError(err: unknown): boolean {
  const e = (err ?? {}) as ErrorShape & { syscall?: unknown };
  return typeof e.syscall === 'string' && e.syscall.startsWith('spawn');
}
