// The core's event hub: services emit, adapters (IPC, HTTP server-sent events) forward.
import type { EventName, Events } from '../../shared/api';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // one broken listener (a closed window) must not stop the others
      }
    }
  }
}
