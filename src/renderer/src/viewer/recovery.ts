// What the engine does about a fatal hls.js error: a pure decision over the error and what happened
// before it (hls.js's own advice: recover media errors in place, swap the audio codec on the second,
// restart loading on network errors, give up when nothing helps).
import type { PlaybackFailure } from './failures';

export type FatalError =
  | { kind: 'media' }
  /** `manifest` when master.m3u8 itself would not load or parse; httpStatus 0 for a network failure */
  | { kind: 'network'; httpStatus: number; manifest: boolean }
  /** buffer, demux and the rest */
  | { kind: 'other' };

export type Recovery =
  /** hls.js's in-place media recovery, swapping the audio codec first on the second error in a row */
  | { kind: 'recover-media'; swapAudioCodec: boolean }
  /** tell the viewer `failure` (unless null), wait out the backoff, then resume loading or start afresh */
  | { kind: 'retry'; failure: PlaybackFailure | null; then: 'resume-load' | 'restart' }
  /** the browser cannot play this */
  | { kind: 'give-up' };

/** Media errors this close together count as one run: the second gets the codec swap, a third gives up. */
export const MEDIA_ERROR_WINDOW_MS = 3_000;
/** Restarting loading in place this many times before re-creating hls.js from scratch. */
const IN_PLACE_NETWORK_RETRIES = 2;
/** Fresh starts tried for errors that are neither media nor network. */
const FRESH_START_RETRIES = 2;

/**
 * @param attempts retries made since playback last worked
 * @param mediaErrors media errors within MEDIA_ERROR_WINDOW_MS, this one included
 */
export function recoveryFor(error: FatalError, attempts: number, mediaErrors: number): Recovery {
  switch (error.kind) {
    case 'media':
      if (mediaErrors >= 3) return { kind: 'give-up' };
      return { kind: 'recover-media', swapAudioCodec: mediaErrors === 2 };
    case 'network': {
      const failure: PlaybackFailure = { kind: 'load', httpStatus: error.httpStatus, manifest: error.manifest };
      if (error.manifest) return { kind: 'retry', failure, then: 'restart' };
      return { kind: 'retry', failure, then: attempts < IN_PLACE_NETWORK_RETRIES ? 'resume-load' : 'restart' };
    }
    case 'other':
      return attempts < FRESH_START_RETRIES ? { kind: 'retry', failure: null, then: 'restart' } : { kind: 'give-up' };
  }
}

/** The error times still inside the window at `now`, with `now` added. */
export function recentErrors(times: readonly number[], now: number, windowMs = MEDIA_ERROR_WINDOW_MS): number[] {
  return [...times.filter((t) => now - t < windowMs), now];
}
