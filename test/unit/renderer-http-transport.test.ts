// The browser transport against a scripted fetch: envelopes, SSE events, reconnect, refusal.
import { describe, expect, it, vi } from 'vitest';
import { createClient, ClientError } from '../../renderer/src/api/client';
import { createHttpTransport } from '../../renderer/src/api/http-transport';
import type { ConnectionState } from '../../renderer/src/api/transport';

const info = {
  name: 'Lifeboat',
  version: '0.1.0',
  mode: 'serve',
  dataDir: '/d',
  catalogPath: '/d/catalog.sqlite',
  catalogSchemaVersion: 1,
  platform: 'linux-x64',
  nodeVersion: '20',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An SSE response whose body the test writes to. */
function stream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    write: (text: string) => controller.enqueue(enc.encode(text)),
    end: () => controller.close(),
  };
}

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 2000 });

describe('http transport', () => {
  it('calls with the bearer token and unwraps envelopes (errors as ClientError)', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const streams = [stream()];
    const fetchFn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      if (String(url) === '/api/events') return streams[0]!.response;
      if (String(url) === '/api/call/app.info') return json(200, { ok: true, result: info });
      return json(404, { ok: false, error: { code: 'api.unknown_method', message: 'no such method' } });
    });
    const client = createClient(createHttpTransport({ token: 'T0K', fetch: fetchFn as typeof fetch }));
    await expect(client.call('app.info', {})).resolves.toMatchObject({ version: '0.1.0' });
    const call = calls.find((c) => c.url === '/api/call/app.info')!;
    expect(call.init?.method).toBe('POST');
    expect(new Headers(call.init?.headers).get('Authorization')).toBe('Bearer T0K');
    expect(call.init?.body).toBe('{}');

    const err = await client.call('jobs.get', { id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'api.unknown_method', message: 'no such method' });
    client.close();
  });

  it('rejects a result that does not match the contract', async () => {
    const fetchFn = vi.fn(async (url: string | URL | Request) =>
      String(url) === '/api/events' ? stream().response : json(200, { ok: true, result: { version: 1 } }),
    );
    const client = createClient(createHttpTransport({ token: 't', fetch: fetchFn as typeof fetch }));
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'client.bad_result' });
    client.close();
  });

  it('delivers validated events, and reconnects after the stream drops', async () => {
    const streams = [stream(), stream()];
    let opened = 0;
    const fetchFn = vi.fn(async (url: string | URL | Request) => {
      if (String(url) === '/api/events') return streams[opened++]!.response;
      return json(200, { ok: true, result: { jobs: [] } });
    });
    const states: ConnectionState[] = [];
    const client = createClient(
      createHttpTransport({ token: 't', fetch: fetchFn as typeof fetch, initialRetryMs: 5 }),
    );
    client.onConnectionChange((s) => states.push(s));
    const entries: number[] = [];
    client.subscribe('journal.entry', ({ entry }) => entries.push(entry.seq));

    await until(() => client.connection() === 'connected');
    const entry = {
      seq: 4,
      at: 'x',
      actor: 'a',
      action: 'b',
      subject: 'c',
      details: {},
      prevHash: 'p',
      hash: 'h',
    };
    streams[0]!.write(': connected\n\nevent: journal.entry\ndata: ');
    streams[0]!.write(
      `${JSON.stringify({ entry })}\n\nevent: journal.entry\ndata: {"entry":{"seq":"bad"}}\n\n`,
    );
    await until(() => entries.length === 1);
    expect(entries).toEqual([4]);

    streams[0]!.end();
    await until(() => opened === 2 && client.connection() === 'connected');
    expect(states).toEqual(['connected', 'reconnecting', 'connected']);
    streams[1]!.write(`event: journal.entry\ndata: ${JSON.stringify({ entry: { ...entry, seq: 5 } })}\n\n`);
    await until(() => entries.length === 2);
    client.close();
  });

  it('stops and says so when the server refuses the token', async () => {
    const onRejected = vi.fn();
    const fetchFn = vi.fn(async () =>
      json(401, { ok: false, error: { code: 'serve.bad_token', message: 'Refused' } }),
    );
    const client = createClient(
      createHttpTransport({ token: 'old', fetch: fetchFn as typeof fetch, onRejected, initialRetryMs: 5 }),
    );
    await until(() => client.connection() === 'rejected');
    expect(onRejected).toHaveBeenCalledOnce();
    await new Promise((r) => setTimeout(r, 50));
    expect(fetchFn).toHaveBeenCalledTimes(1); // no retry loop against a refused token
    client.close();
  });

  it('turns a non-envelope answer into client.bad_response', async () => {
    const fetchFn = vi.fn(async (url: string | URL | Request) =>
      String(url) === '/api/events' ? stream().response : new Response('<html>oops', { status: 502 }),
    );
    const client = createClient(createHttpTransport({ token: 't', fetch: fetchFn as typeof fetch }));
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'client.bad_response' });
    client.close();
  });
});
