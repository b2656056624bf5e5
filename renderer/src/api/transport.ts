// A transport carries calls and events between the console and the core. There are two: Electron
// IPC (desktop) and loopback HTTP (`lifeboat serve`). Both speak the contract's Envelope, so the
// client above them does not know which one it has.
import type { Envelope, EventName, MethodName } from '../../../core/api/contract';

/**
 * - connecting: the event stream is being opened for the first time
 * - connected: calls and events flow
 * - reconnecting: the event stream dropped; retrying with backoff (calls may still work)
 * - no-token: opened in a browser without the link printed by `lifeboat serve`
 * - rejected: the server refused the token (it was restarted, or the link is from another launch)
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'no-token' | 'rejected';

export interface Transport {
  readonly kind: 'desktop' | 'http';
  /** Resolves to an Envelope; rejects only when the transport itself failed (network, IPC). */
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  /** Raw event payloads (not yet validated); returns an unsubscribe function. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  connection(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Stops the event stream and timers. */
  close(): void;
}

/** A tiny listener set, shared by the transports. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (e) {
        // One broken listener must not starve the others.
        console.warn('Lifeboat: an event listener failed', e);
      }
    }
  }
  get size(): number {
    return this.set.size;
  }
}
