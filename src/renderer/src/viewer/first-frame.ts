// Work the first frame does not need (thumbnails, captions, chapters, comments: their fetches, parsing
// and layout) waits until the player shows that frame, so it does not compete with the player's own
// requests and main-thread work on the way there (bench/viewer-bench.ts). It still runs when no frame
// comes (nothing published yet, an error): after `latestMs` at the latest.

/** the parts of a <video> this needs */
export interface FrameSource {
  readonly readyState: number;
  addEventListener(type: 'loadeddata' | 'error', listener: () => void): void;
  removeEventListener(type: 'loadeddata' | 'error', listener: () => void): void;
}

/** HTMLMediaElement.HAVE_CURRENT_DATA: the current frame is there */
const HAVE_CURRENT_DATA = 2;

/** Runs `work` once: at the first frame, on a media error, or after `latestMs`, whichever comes first. */
export function afterFirstFrame(video: FrameSource, work: () => void, latestMs: number): void {
  if (video.readyState >= HAVE_CURRENT_DATA) {
    work();
    return;
  }
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    video.removeEventListener('loadeddata', run);
    video.removeEventListener('error', run);
    work();
  };
  const timer = setTimeout(run, latestMs);
  video.addEventListener('loadeddata', run);
  video.addEventListener('error', run);
}
