// Playback speed: the Speed menu and the < > keys, both following the element's playbackRate, which
// is remembered across links (speed-memory.ts).
import type { ViewerElements } from '../dom';
import { stepSpeed } from '../keyboard';
import { parseSavedSpeed, serializeSpeed, SPEED_KEY } from '../speed-memory';
import type { Flash } from './flash';

export class SpeedController {
  private readonly abort = new AbortController();

  constructor(
    private readonly el: ViewerElements,
    private readonly flash: Flash,
  ) {
    const { signal } = this.abort;
    this.restore();
    el.speed.addEventListener('change', () => this.set(Number(el.speed.value)), { signal });
    el.video.addEventListener(
      'ratechange',
      () => {
        el.speed.value = String(el.video.playbackRate);
        this.save();
      },
      { signal },
    );
  }

  /** `steps` entries up or down the speed list (keyboard.ts), clamped at its ends. */
  step(steps: number): void {
    this.set(stepSpeed(this.el.video.playbackRate, steps));
    this.flash.show(`${this.el.video.playbackRate}×`);
  }

  destroy(): void {
    this.abort.abort();
  }

  /** the default rate too: a new source (the engine swapping renditions' lists) starts at it. Saved
   * now, not only on `ratechange` (a queued event a reload or a closed tab can overtake). */
  private set(speed: number): void {
    this.el.video.defaultPlaybackRate = speed;
    this.el.video.playbackRate = speed;
    this.save();
  }

  private restore(): void {
    try {
      const saved = parseSavedSpeed(localStorage.getItem(SPEED_KEY));
      if (saved === null) return;
      this.set(saved);
      this.el.speed.value = String(saved);
    } catch {
      // storage can be blocked (private mode, sandboxed frames): 1× is fine
    }
  }

  private save(): void {
    const text = serializeSpeed(this.el.video.playbackRate);
    if (parseSavedSpeed(text) === null) return; // a rate set from elsewhere that the menu does not offer
    try {
      localStorage.setItem(SPEED_KEY, text);
    } catch {
      // see restore
    }
  }
}
