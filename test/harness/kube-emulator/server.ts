// The HTTP front: bearer-token check, body limit, routing, and Status errors as JSON.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, VERSION_INFO } from './discovery';
import { dispatchResource } from './dispatch';
import { parseRoute } from './routes';
import type { EmulatorState } from './state';
import { ApiError, internal, methodNotAllowed, resourceNotFound, tooLarge, unauthorized } from './status';

/** The apiserver's default request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface ServerConfig {
  state: EmulatorState;
  token: string;
  /** host:port clients use, for /api's serverAddressByClientCIDRs. */
  address: () => string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw tooLarge(MAX_BODY_BYTES);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function readOnly(method: string, body: unknown): { code: number; body: unknown } {
  if (method !== 'GET') throw methodNotAllowed();
  if (body === undefined) throw resourceNotFound();
  return { code: 200, body };
}

async function route(config: ServerConfig, req: IncomingMessage): Promise<{ code: number; body: unknown }> {
  const method = req.method ?? 'GET';
  if (req.headers.authorization !== `Bearer ${config.token}`) throw unauthorized();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const rawBody = await readBody(req);
  const r = parseRoute(url.pathname);
  const { registry } = config.state;
  switch (r.kind) {
    case 'version':
      return readOnly(method, VERSION_INFO);
    case 'health':
      return readOnly(method, 'ok');
    case 'api':
      return readOnly(method, apiVersions(config.address()));
    case 'apis':
      return readOnly(method, apiGroupList(registry));
    case 'group':
      return readOnly(method, apiGroup(registry, r.group));
    case 'groupVersion':
      return readOnly(method, apiResourceList(registry, r.group, r.version));
    case 'watch':
      throw methodNotAllowed('watch is not supported by the Lifeboat Kubernetes emulator (see its README)');
    case 'resource':
      return dispatchResource(config.state, r, {
        method,
        query: url.searchParams,
        rawBody,
        contentType: req.headers['content-type'] ?? '',
        ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
      });
    case 'unknown':
      throw resourceNotFound();
  }
}

/** The request listener for node:http. Never throws: every failure becomes a Status answer. */
export function requestListener(config: ServerConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(config, req).then(
      ({ code, body }) => send(res, code, body),
      (err: unknown) => {
        const apiErr =
          err instanceof ApiError ? err : internal(err instanceof Error ? err.message : String(err));
        if (apiErr.code === 413) res.setHeader('Connection', 'close');
        send(res, apiErr.code, apiErr.status);
      },
    );
  };
}
