// What the viewer says and does when the recording cannot be loaded. The retry policy is
// RETRY.viewerLoad (shared/retry.ts).
export interface FailureMessage {
  /** short headline */
  title: string;
  detail: string;
  /** worth retrying on our own */
  retry: boolean;
}

export const NOT_YET: FailureMessage = {
  title: "This recording isn't available yet",
  detail: 'It may still be uploading. Retrying…',
  retry: true,
};

/**
 * A master playlist that would not load. `httpStatus` is 0 for a network failure or timeout;
 * `statusExists` says whether status.json answered, which tells "not uploaded yet" from "no such link".
 * A missing recording is still retried, slowly: on a bucket, the page can be up before the playlists.
 */
export function describeLoadFailure(httpStatus: number, statusExists: boolean): FailureMessage {
  if (httpStatus === 404 || httpStatus === 403 || httpStatus === 410) {
    if (statusExists) return NOT_YET;
    return { title: 'Recording not found', detail: 'Check the link, or ask the person who shared it.', retry: true };
  }
  if (httpStatus === 0) {
    return { title: "Can't reach this recording", detail: 'Check your connection. Retrying…', retry: true };
  }
  return NOT_YET;
}

/** What went wrong, as the engine sees it; the words depend on facts it does not have (status.json). */
export type PlaybackFailure =
  /** a playlist or segment would not load; retrying. `manifest` when it was master.m3u8 itself */
  | { kind: 'load'; httpStatus: number; manifest: boolean }
  /** the browser cannot decode this recording; not retried */
  | { kind: 'unplayable' };

export const TROUBLE_LOADING: FailureMessage = {
  title: 'Trouble loading the video',
  detail: 'Retrying…',
  retry: true,
};

export function failureMessage(failure: PlaybackFailure, statusExists: boolean): FailureMessage {
  if (failure.kind === 'unplayable') return UNPLAYABLE;
  if (failure.manifest) return describeLoadFailure(failure.httpStatus, statusExists);
  // the master loaded, so the recording exists: a segment or playlist stopped answering mid-watch
  return failure.httpStatus === 0 ? describeLoadFailure(0, true) : TROUBLE_LOADING;
}

export const UNPLAYABLE: FailureMessage = {
  title: "This recording can't be played here",
  detail: 'Try another browser, or download it if the owner allows.',
  retry: false,
};
