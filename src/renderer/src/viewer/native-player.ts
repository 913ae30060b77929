// The browser's own HLS, where hls.js cannot run (Safari on iOS, which lacks MSE): no quality menu,
// and since the element says nothing about why a load failed, errors are read through a plain fetch.
import type { PlaybackFailure } from './failures';
import { LoadRetry } from './load-retry';
import type { PlayerOptions } from './player';

export class NativePlayback {
  private readonly abort = new AbortController();
  private readonly retry = new LoadRetry();
  private failed = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: PlayerOptions,
  ) {}

  start(): void {
    const { video, options } = this;
    // FACTS: Chromium answers "maybe" for HLS, so this is only reached where MSE is missing (iOS Safari)
    if (video.canPlayType('application/vnd.apple.mpegurl') === '') {
      // reported from a microtask, like every other callback: never from within start()
      queueMicrotask(() => this.fail({ kind: 'unplayable' }));
      return;
    }
    const { signal } = this.abort;
    const start = options.startPosition;
    video.addEventListener(
      'loadedmetadata',
      () => {
        if (start > 0) video.currentTime = start;
        options.callbacks.playlistLive(video.duration === Number.POSITIVE_INFINITY);
      },
      { once: true, signal },
    );
    video.addEventListener('error', () => void this.onError(), { signal });
    video.addEventListener(
      'canplay',
      () => {
        if (!this.failed) return;
        this.failed = false;
        this.retry.reset();
        options.callbacks.failure(null);
      },
      { signal },
    );
    video.src = options.masterUrl;
  }

  destroy(): void {
    this.abort.abort();
    this.retry.cancel();
  }

  private async onError(): Promise<void> {
    const { masterUrl } = this.options;
    let code = 0;
    try {
      code = (await fetch(masterUrl, { cache: 'no-store', signal: this.abort.signal })).status;
    } catch {
      code = 0;
    }
    if (this.abort.signal.aborted) return;
    // the playlist is there, so the browser could not play what it got
    if (code >= 200 && code < 300) {
      this.fail({ kind: 'unplayable' });
      return;
    }
    const position = this.video.currentTime;
    this.failed = true;
    this.options.callbacks.failure({ kind: 'load', httpStatus: code, manifest: true });
    this.retry.schedule(() => {
      this.video.src = masterUrl;
      if (position > 0) this.video.currentTime = position;
    });
  }

  private fail(failure: PlaybackFailure): void {
    this.failed = true;
    this.retry.cancel();
    this.options.callbacks.failure(failure);
  }
}
