// Typed event hubs. `EventHub` carries the contract's UI events (adapters forward every one: IPC, HTTP
// server-sent events); `InternalEvents` carries the core's own reactions between services, which
// never reach the UI. Each event name has one payload type, so no listener casts.
import type { EventName, Events } from '../../shared/api';
import type { PublicSettings } from '../../shared/settings';

type AnyListener<M> = <E extends keyof M>(event: E, payload: M[E]) => void;

class TypedHub<M> {
  private readonly listeners = new Set<AnyListener<M>>();

  /** every event, for adapters that forward them all */
  onAny(listener: AnyListener<M>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends keyof M>(event: E, listener: (payload: M[E]) => void): () => void {
    return this.onAny((name, payload) => {
      if ((name as keyof M) === event) listener(payload as unknown as M[E]);
    });
  }

  emit<E extends keyof M>(event: E, payload: M[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // one broken listener (a closed window) must not stop the others
      }
    }
  }
}

/** the contract's events, emitted by the services that own the state they describe */
export class EventHub extends TypedHub<Events> {}
export type { EventName };

/** What happened inside the core, for the services that react to it. */
export interface InternalEventMap {
  /** a recording's row, its publishing or its backfill changed: its view must be sent again */
  'recording-changed': { recordingId: string };
  /** a recording was deleted for good */
  'recording-removed': { recordingId: string };
  /** a recording stopped, or was closed as interrupted (at recovery, or by the reaper) */
  'recording-stopped': { recordingId: string };
  /** whether any recording is capturing now changed */
  'capturing-changed': { capturing: boolean };
  /** everything that makes a recording's link play is in the storage */
  'live-published': { recordingId: string };
  'settings-changed': PublicSettings;
  /** a recording got a view or a comment, or its insights or comments were opened: what is new on it may differ */
  'activity-changed': {
    recordingId: string;
    /** the first a Reelay Server said of this recording since the app started: a baseline, not news (nothing to notify) */
    firstLook?: true;
  };
}

export class InternalEvents extends TypedHub<InternalEventMap> {
  private readonly beforeDeleteHooks = new Set<(recordingId: string) => Promise<void>>();

  /** work that must finish before a recording's files go (the backfill stops its ffmpeg) */
  beforeDelete(hook: (recordingId: string) => Promise<void>): () => void {
    this.beforeDeleteHooks.add(hook);
    return () => this.beforeDeleteHooks.delete(hook);
  }

  async deleting(recordingId: string): Promise<void> {
    await Promise.all([...this.beforeDeleteHooks].map((hook) => hook(recordingId)));
  }
}
