// Raw requests to the Kubernetes API through client-node's own HTTP stack (the kubeconfig's TLS,
// client certificates, tokens and exec plugins), answering the JSON exactly as the server sent
// it: no typed models, so no field the client does not know about is lost from a backup (or
// from a restore: `kube-writer.ts` sends its writes through the same `kubeRequester`).
import {
  createConfiguration,
  HttpMethod,
  ServerConfiguration,
  type Configuration,
  type KubeConfig,
} from '@kubernetes/client-node';

/** The server answered with an HTTP error; `reason`/`message` come from its Status body. */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/** No HTTP answer at all (refused, DNS, TLS, reset, or no answer within the time limit). */
export class KubeUnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly why: string,
  ) {
    super(`${server}: ${why}`);
    this.name = 'KubeUnreachableError';
  }
}

export interface KubeReader {
  readonly server: string;
  /** GET `path` with `query`; the parsed JSON body. */
  get(path: string, query?: Record<string, string | number | undefined>): Promise<unknown>;
}

export type Query = Record<string, string | number | undefined>;

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Content-Type of the body (default application/json). */
  contentType?: string;
}

/** Sends one request; the parsed JSON answer, or KubeHttpError / KubeUnreachableError. */
export interface KubeRequester {
  readonly server: string;
  send(req: KubeRequest): Promise<unknown>;
}

export interface KubeClientOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

const netCode = /\b(E[A-Z]{3,}|ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|[A-Z_]*SELF_SIGNED[A-Z_]*)\b/;

function statusBody(text: string): { message?: string; reason?: string } {
  try {
    const b = JSON.parse(text) as { message?: unknown; reason?: unknown };
    return {
      ...(typeof b.message === 'string' ? { message: b.message.slice(0, 300) } : {}),
      ...(typeof b.reason === 'string' ? { reason: b.reason } : {}),
    };
  } catch {
    return {};
  }
}

const methods = {
  GET: HttpMethod.GET,
  POST: HttpMethod.POST,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
} as const;

export function kubeRequester(kc: KubeConfig, opts: KubeClientOptions = {}): KubeRequester {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const config: Configuration = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kc },
  });
  const timeoutMs = opts.timeoutMs ?? 60_000;

  return {
    server,
    async send({ method, path, query = {}, body, contentType }) {
      opts.signal?.throwIfAborted();
      const ctx = config.baseServer.makeRequestContext(path, methods[method]);
      ctx.setHeaderParam('Accept', 'application/json');
      for (const [k, v] of Object.entries(query)) if (v !== undefined) ctx.setQueryParam(k, String(v));
      if (body !== undefined) {
        ctx.setHeaderParam('Content-Type', contentType ?? 'application/json');
        ctx.setBody(JSON.stringify(body));
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      ctx.setSignal(opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout);
      let status: number;
      let text: string;
      try {
        await kc.applySecurityAuthentication(ctx);
        const res = await config.httpApi.send(ctx).toPromise();
        status = res.httpStatusCode;
        text = await res.body.text();
      } catch (e) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        if (timeout.aborted) throw new KubeUnreachableError(server, `no answer within ${timeoutMs / 1000} s`);
        const message = e instanceof Error ? e.message : String(e);
        const code = (e as { code?: unknown }).code;
        const c = typeof code === 'string' ? code : netCode.exec(message)?.[1];
        throw new KubeUnreachableError(server, c ? `${c}` : message.split('\n')[0]!.slice(0, 200));
      }
      if (status < 200 || status > 299) {
        const s = statusBody(text);
        throw new KubeHttpError(status, path, s.message ?? `HTTP ${status}`, s.reason);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new KubeHttpError(status, path, `${path} did not answer JSON`);
      }
    },
  };
}

export function kubeReader(kc: KubeConfig, opts: KubeClientOptions = {}): KubeReader {
  const requester = kubeRequester(kc, opts);
  return {
    server: requester.server,
    get: (path, query = {}) => requester.send({ method: 'GET', path, query }),
  };
}
