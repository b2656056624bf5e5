// `lifeboat serve`: the console over loopback HTTP for a browser. The same dispatch as the
// desktop app, behind three gates: Host (DNS rebinding), Origin (cross-site requests), and a
// random per-launch token (every /api request). Binds 127.0.0.1 only. No CORS, ever.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpCallPrefix, httpEventsPath, maxBodyBytes } from '../api/channels';
import { LifeboatError, type ApiError, type Envelope } from '../api/errors';
import type { Lifeboat } from '../api/lifeboat';
import { checkHost, checkOrigin, checkToken, type Refusal } from './guards';
import { serveStatic } from './static-files';

export interface ServeOptions {
  lifeboat: Pick<Lifeboat, 'dispatch' | 'subscribe'>;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface RunningServer {
  port: number;
  token: string;
  /** The console's address, with the token in the fragment (never sent to the server). */
  url: string;
  close(): Promise<void>;
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const sse = new Set<ServerResponse>();
  let port = 0;

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v);
    void handle(req, res).catch((e: unknown) => {
      sendError(res, 500, {
        code: 'internal.error',
        message: (e as Error).message,
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const gate = checkHost(req, port) ?? checkOrigin(req, port);
    if (gate) return refuse(res, gate);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      const auth = checkToken(req, token);
      if (auth) return refuse(res, auth);
      res.setHeader('Cache-Control', 'no-store');
      if (path === httpEventsPath && req.method === 'GET') return openEvents(res);
      if (path.startsWith(httpCallPrefix) && req.method === 'POST') {
        let method: string;
        try {
          method = decodeURIComponent(path.slice(httpCallPrefix.length));
        } catch {
          return sendError(res, 404, {
            code: 'api.unknown_method',
            message: 'The method name is not valid.',
          });
        }
        return call(method, req, res);
      }
      return sendError(res, 404, {
        code: 'serve.not_found',
        message: `No API route ${req.method} ${path}.`,
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, {
        code: 'serve.method_not_allowed',
        message: `${req.method} is not allowed here.`,
      });
    }
    if (!serveStatic(opts.staticDir, req, res)) {
      sendError(res, 404, {
        code: 'serve.not_found',
        message: `No such file: ${path.slice(0, 200)}`,
      });
    }
  }

  async function call(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendError(res, 415, {
        code: 'serve.bad_content_type',
        message: 'API calls must send Content-Type: application/json.',
      });
    }
    const body = await readBody(req);
    if (body === 'too_large') {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, {
        code: 'serve.body_too_large',
        message: `Request body over ${maxBodyBytes} bytes refused.`,
      });
    }
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      return sendError(res, 400, {
        code: 'api.bad_json',
        message: `Request body is not valid JSON: ${(e as Error).message}`,
      });
    }
    const envelope = await opts.lifeboat.dispatch(method, input);
    send(res, envelope.ok ? 200 : statusFor(envelope.error), envelope);
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sse.add(res);
    const unsubscribe = opts.lifeboat.subscribe((e) => {
      res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      sse.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? new LifeboatError(
              'serve.port_unavailable',
              `Port ${opts.port} on 127.0.0.1 is ${e.code === 'EADDRINUSE' ? 'in use by another program' : 'not allowed for this user'}; choose another with --port, or leave --port out for a free one.`,
              { port: opts.port },
            )
          : e,
      );
    server.once('error', onError);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sse) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      return resolve('too_large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBodyBytes) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * HTTP status of a failed call. A request the API could not take (unknown method, invalid
 * input) or a crash gets a 4xx/5xx; a domain answer ("host key not accepted yet", "in use")
 * is a normal reply: 200 with `ok: false` — errors are data.
 */
function statusFor(error: ApiError): number {
  if (error.code === 'api.unknown_method') return 404;
  if (error.code === 'api.invalid_input') return 400;
  if (error.code === 'internal.error') return 500;
  return 200;
}

function refuse(res: ServerResponse, r: Refusal): void {
  if (r.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  sendError(res, r.status, r.error);
}

function sendError(res: ServerResponse, status: number, error: ApiError): void {
  send(res, status, { ok: false, error });
}

function send(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
