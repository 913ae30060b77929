// Playback speed: the Speed menu and the < > keys, both following the element's playbackRate.
import type { ViewerElements } from '../dom';
import { stepSpeed } from '../keyboard';
import type { Flash } from './flash';

export class SpeedController {
  private readonly abort = new AbortController();

  constructor(
    private readonly el: ViewerElements,
    private readonly flash: Flash,
  ) {
    const { signal } = this.abort;
    el.speed.addEventListener('change', () => (el.video.playbackRate = Number(el.speed.value)), { signal });
    el.video.addEventListener('ratechange', () => (el.speed.value = String(el.video.playbackRate)), { signal });
  }

  /** `steps` entries up or down the speed list (keyboard.ts), clamped at its ends. */
  step(steps: number): void {
    const video = this.el.video;
    video.playbackRate = stepSpeed(video.playbackRate, steps);
    this.flash.show(`${video.playbackRate}×`);
  }

  destroy(): void {
    this.abort.abort();
  }
}
