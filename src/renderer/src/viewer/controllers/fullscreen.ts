// Full screen: the button, a double click on the picture, the f key, and `data-fullscreen` for the CSS.
import type { ViewerElements } from '../dom';

export class FullscreenController {
  private readonly abort = new AbortController();

  constructor(private readonly el: ViewerElements) {
    const { signal } = this.abort;
    el.fullscreen.hidden = !document.fullscreenEnabled;
    el.fullscreen.addEventListener('click', () => this.toggle(), { signal });
    el.video.addEventListener('dblclick', () => this.toggle(), { signal });
    document.addEventListener('fullscreenchange', () => this.render(), { signal });
    this.render();
  }

  toggle(): void {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => undefined);
    } else {
      this.el.player.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
    }
  }

  destroy(): void {
    this.abort.abort();
  }

  private render(): void {
    const fullscreen = document.fullscreenElement === this.el.player;
    this.el.root.dataset.fullscreen = String(fullscreen);
    this.el.fullscreen.setAttribute('aria-label', fullscreen ? 'Exit full screen' : 'Full screen');
  }
}
