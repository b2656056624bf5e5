// In-process fan-out of contract events to the transports (IPC window, SSE clients, CLI).
import type { EventName, EventPayload, LifeboatEvent } from './contract';

export type EventListener = (event: LifeboatEvent) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Listens to every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      const e = { event, payload } as LifeboatEvent;
      for (const l of [...listeners]) {
        try {
          l(e);
        } catch {
          // A failing listener (a closed socket) must not stop the others or the emitter.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
