// The seek bar and the time display: where the playhead is, what is buffered, and seeking by drag,
// click or from other controllers (keyboard, live).
import type { ViewerElements } from '../dom';
import { bufferedPercent, clampSeek, isBuffered, knownDuration } from '../buffered';
import { formatTime, spokenTime } from '../time';

/** events after which the playhead, the duration or the buffer may have moved */
const TIME_EVENTS = ['play', 'pause', 'ended', 'playing', 'waiting', 'canplay', 'loadedmetadata', 'loadeddata', 'durationchange', 'seeked', 'emptied', 'timeupdate', 'progress'] as const;

export class SeekBarController {
  private readonly abort = new AbortController();
  /** while the thumb is dragged, the input shows where it is, not where the video is */
  private scrubbing = false;

  constructor(private readonly el: ViewerElements) {
    const { signal } = this.abort;
    const render = () => this.render();
    for (const type of TIME_EVENTS) el.video.addEventListener(type, render, { signal });
    const input = el.seekInput;
    // Seek while dragging only inside what is buffered (instant); elsewhere, seek on release so a drag
    // across an unbuffered stretch does not start a fetch for every pixel.
    input.addEventListener(
      'input',
      () => {
        this.scrubbing = true;
        const time = Number(input.value);
        el.timeCurrent.textContent = formatTime(time);
        if (isBuffered(el.video.buffered, time)) el.video.currentTime = time;
        this.render();
      },
      { signal },
    );
    input.addEventListener(
      'change',
      () => {
        this.scrubbing = false;
        this.seekTo(Number(input.value));
      },
      { signal },
    );
    this.render();
  }

  duration(): number {
    return knownDuration(this.el.video.duration);
  }

  seekTo(time: number): void {
    this.el.video.currentTime = clampSeek(time, this.duration());
    this.render();
  }

  render(): void {
    const { el } = this;
    const video = el.video;
    const duration = this.duration();
    const current = Math.min(video.currentTime, duration || video.currentTime);
    el.timeCurrent.textContent = formatTime(current);
    el.timeDuration.textContent = formatTime(duration);
    if (!this.scrubbing) {
      el.seekInput.max = String(duration || 0);
      el.seekInput.value = String(current);
    }
    el.seekInput.setAttribute('aria-valuetext', `${spokenTime(current)} of ${spokenTime(duration)}`);
    const progress = duration > 0 ? (Number(el.seekInput.value) / duration) * 100 : 0;
    el.seek.style.setProperty('--progress', `${progress.toFixed(3)}%`);
    el.seek.style.setProperty('--buffered', `${bufferedPercent(video.buffered, video.currentTime, duration).toFixed(3)}%`);
  }

  destroy(): void {
    this.abort.abort();
  }
}
