// Volume and mute: the button, the slider, `data-muted` for the CSS, and remembering both across links.
import type { ViewerElements } from '../dom';
import { parseSavedVolume, serializeVolume, VOLUME_KEY } from '../volume-memory';
import type { Flash } from './flash';

export class VolumeController {
  private readonly abort = new AbortController();

  constructor(
    private readonly el: ViewerElements,
    private readonly flash: Flash,
  ) {
    const { signal } = this.abort;
    this.restore();
    el.video.addEventListener(
      'volumechange',
      () => {
        this.save();
        this.render();
      },
      { signal },
    );
    el.mute.addEventListener('click', () => this.toggleMute(), { signal });
    el.volume.addEventListener('input', () => this.setVolume(Number(el.volume.value)), { signal });
    this.renderButton();
    el.volume.value = String(el.video.muted ? 0 : el.video.volume);
  }

  toggleMute(): void {
    const video = this.el.video;
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 0.5;
    this.flash.show(video.muted ? 'Muted' : this.volumeText());
  }

  /** Louder or quieter by `delta` (unmuting first), as the arrow keys do. */
  changeBy(delta: number): void {
    const video = this.el.video;
    if (video.muted) video.muted = false;
    this.setVolume(video.volume + delta);
    this.flash.show(this.volumeText());
  }

  destroy(): void {
    this.abort.abort();
  }

  private setVolume(volume: number): void {
    const video = this.el.video;
    video.volume = Math.min(1, Math.max(0, Math.round(volume * 100) / 100));
    video.muted = video.volume === 0;
  }

  private volumeText(): string {
    return `Volume ${Math.round(this.el.video.volume * 100)}%`;
  }

  private render(): void {
    const { el } = this;
    const level = el.video.muted ? 0 : el.video.volume;
    el.volume.value = String(level);
    el.volume.style.setProperty('--level', `${level * 100}%`);
    this.renderButton();
  }

  private renderButton(): void {
    const { el } = this;
    const muted = el.video.muted || el.video.volume === 0;
    el.root.dataset.muted = String(muted);
    el.mute.setAttribute('aria-label', muted ? 'Unmute' : 'Mute');
    el.mute.title = muted ? 'Unmute (m)' : 'Mute (m)';
  }

  private restore(): void {
    const video = this.el.video;
    try {
      const saved = parseSavedVolume(localStorage.getItem(VOLUME_KEY));
      if (saved.volume !== null) video.volume = saved.volume;
      if (saved.muted) video.muted = true;
    } catch {
      // storage can be blocked (private mode, sandboxed frames): defaults are fine
    }
  }

  private save(): void {
    try {
      localStorage.setItem(VOLUME_KEY, serializeVolume(this.el.video.volume, this.el.video.muted));
    } catch {
      // see restore
    }
  }
}
