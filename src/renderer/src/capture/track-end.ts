// Tells when a device's track ends from outside: the camera or microphone was unplugged or taken
// away, the screen share was stopped from the browser's bar. A track we stop ourselves fires no
// 'ended' event, so this never reports our own release.

/** The part of a MediaStreamTrack this needs, so it is tested in Node with a plain EventTarget. */
export interface EndingTrack {
  readonly readyState: MediaStreamTrackState;
  addEventListener(type: 'ended', listener: () => void): void;
  removeEventListener(type: 'ended', listener: () => void): void;
}

/**
 * Calls onEnded once when the track ends (on a microtask if it has already ended). Returns a
 * function that stops watching.
 */
export function onTrackEnded(track: EndingTrack, onEnded: () => void): () => void {
  let done = false;
  const fire = (): void => {
    if (done) return;
    done = true;
    track.removeEventListener('ended', fire);
    onEnded();
  };
  if (track.readyState === 'ended') queueMicrotask(fire);
  else track.addEventListener('ended', fire);
  return () => {
    done = true;
    track.removeEventListener('ended', fire);
  };
}
