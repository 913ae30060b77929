// What the player shows, as one word the CSS keys on (`data-state`): a pure decision over the
// <video> element's facts and the few the page adds (a failure, an engine restart).
export type ViewerState = 'loading' | 'playing' | 'paused' | 'ended' | 'error';

export interface PlaybackFacts {
  /** the failure being told to the viewer; `retry` while we retry on our own */
  failure: { retry: boolean } | null;
  /** the element has a frame to show (readyState >= HAVE_CURRENT_DATA) */
  hasPicture: boolean;
  ended: boolean;
  paused: boolean;
  /** the engine is re-creating itself and will resume playing on its own */
  resuming: boolean;
  /** playback has started at least once */
  started: boolean;
}

export function viewerState(f: PlaybackFacts): ViewerState {
  // a retry while the buffer still plays is a notice, not an error screen
  if (f.failure && (!f.hasPicture || !f.failure.retry)) return 'error';
  if (f.ended) return 'ended';
  if (f.resuming) return 'loading';
  // before the first frame there is nothing to be paused on; after it, stalls show as buffering
  if (!f.started && !f.hasPicture) return 'loading';
  return f.paused ? 'paused' : 'playing';
}

/** Whether the play button offers Pause: playing, or loading towards playing. */
export function offersPause(state: ViewerState, paused: boolean): boolean {
  return state === 'playing' || (state === 'loading' && !paused);
}
