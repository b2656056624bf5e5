// Browser transport for `lifeboat serve`: POST /api/call/<method> with the per-launch token as a
// Bearer header, and one long-lived GET /api/events read as Server-Sent Events. EventSource
// cannot send headers, so the stream is read from fetch's body; it reconnects with backoff.
import {
  eventNames,
  httpCallPath,
  httpEventsPath,
  type Envelope,
  type EventName,
  type MethodName,
} from '../../../core/api/contract';
import { SseParser, type SseMessage } from './sse-parser';
import { Listeners, type ConnectionState, type Transport } from './transport';

export interface HttpTransportOptions {
  token: string;
  /** Injected for tests; the page's fetch by default. */
  fetch?: typeof fetch;
  /** First retry delay; doubles up to maxRetryMs. */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** Called once when the server refuses the token (HTTP 401). */
  onRejected?: () => void;
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'result' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const error = v.error as { code?: unknown; message?: unknown };
  return typeof error.code === 'string' && typeof error.message === 'string';
}

function badResponse(status: number): Envelope<unknown> {
  return {
    ok: false,
    error: {
      code: 'client.bad_response',
      message: `Lifeboat answered with HTTP ${status} but no readable result. Is this the address printed by \`lifeboat serve\`?`,
    },
  };
}

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? ((input, init) => window.fetch(input, init));
  const initialRetryMs = options.initialRetryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const auth = `Bearer ${options.token}`;
  const knownEvents = new Set<string>(eventNames);

  const eventListeners = new Map<EventName, Listeners<unknown>>();
  const stateListeners = new Listeners<ConnectionState>();
  let state: ConnectionState = 'connecting';
  let closed = false;
  let stream: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    stateListeners.emit(next);
  }

  function reject(): void {
    if (state === 'rejected') return;
    setState('rejected');
    stream?.abort();
    options.onRejected?.();
  }

  function dispatch(message: SseMessage): void {
    if (!knownEvents.has(message.event)) return; // e.g. a "ready" hello: not an API event
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      console.warn(`Lifeboat: ignored an unreadable "${message.event}" event`);
      return;
    }
    eventListeners.get(message.event as EventName)?.emit(payload);
  }

  async function readStream(): Promise<void> {
    const controller = new AbortController();
    stream = controller;
    const response = await doFetch(httpEventsPath, {
      headers: { Authorization: auth, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.status === 401) {
      reject();
      return;
    }
    if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
    setState('connected');
    attempt = 0;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) dispatch(message);
    }
  }

  let attempt = 0;
  function connect(): void {
    if (closed || state === 'rejected') return;
    readStream()
      .catch(() => undefined) // dropped or unreachable: same answer, try again
      .finally(() => {
        if (closed || state === 'rejected') return;
        setState('reconnecting');
        const base = Math.min(maxRetryMs, initialRetryMs * 2 ** attempt);
        attempt += 1;
        const delay = base * (0.8 + Math.random() * 0.4);
        retryTimer = setTimeout(connect, delay);
      });
  }
  connect();

  return {
    kind: 'http',
    async call(method: MethodName, input: unknown): Promise<Envelope<unknown>> {
      const response = await doFetch(httpCallPath(method), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: auth },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
      if (response.status === 401) reject();
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return badResponse(response.status);
      }
      return isEnvelope(body) ? body : badResponse(response.status);
    },
    subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) {
        set = new Listeners<unknown>();
        eventListeners.set(event, set);
      }
      return set.add(listener);
    },
    connection: () => state,
    onConnectionChange: (listener) => stateListeners.add(listener),
    close(): void {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      stream?.abort();
    },
  };
}
