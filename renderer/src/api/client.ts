// The one client the UI uses, whatever the transport: typed by the contract, results and events
// validated against its schemas, API errors thrown as ClientError (code + message).
import {
  events,
  methods,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodResult,
} from '../../../core/api/contract';
import type { ApiError } from '../../../core/api/errors';
import type { ConnectionState, Transport } from './transport';

export class ClientError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ClientError';
    this.code = error.code;
    if (error.details !== undefined) this.details = error.details;
  }
}

/** Any thrown value as an ApiError, for showing in the UI. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ClientError)
    return e.details === undefined
      ? { code: e.code, message: e.message }
      : { code: e.code, message: e.message, details: e.details };
  if (e instanceof Error) return { code: 'client.error', message: e.message };
  return { code: 'client.error', message: String(e) };
}

export interface Client {
  readonly kind: Transport['kind'];
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  connection(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export function createClient(transport: Transport): Client {
  return {
    kind: transport.kind,
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
      let envelope;
      try {
        envelope = await transport.call(method, input);
      } catch (e) {
        throw new ClientError({
          code: 'client.unreachable',
          message: `Could not reach Lifeboat (${e instanceof Error ? e.message : String(e)}).`,
        });
      }
      if (!envelope.ok) throw new ClientError(envelope.error);
      const parsed = methods[method].result.safeParse(envelope.result);
      if (!parsed.success) {
        throw new ClientError({
          code: 'client.bad_result',
          message: `The answer to ${method} did not match the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
        });
      }
      return parsed.data as MethodResult<M>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return transport.subscribe(event, (raw) => {
        const parsed = events[event].safeParse(raw);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
        else console.warn(`Lifeboat: ignored a "${event}" event that does not match the contract`);
      });
    },
    connection: () => transport.connection(),
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
    close: () => transport.close(),
  };
}
