// Picture in picture: the button and the i key. The standard API where there is one (Chromium,
// Firefox's is its own button, desktop Safari), Safari's presentation mode on iOS; the button hides
// where neither exists.
import type { ViewerElements } from '../dom';
import type { Flash } from './flash';

/** Safari's own API (iOS has no requestPictureInPicture) */
interface WebkitVideo {
  webkitSupportsPresentationMode?: (mode: string) => boolean;
  webkitSetPresentationMode?: (mode: string) => void;
  webkitPresentationMode?: string;
}

export class PictureInPictureController {
  private readonly abort = new AbortController();

  constructor(
    private readonly el: ViewerElements,
    private readonly flash: Flash,
  ) {
    const { signal } = this.abort;
    el.pip.hidden = !this.supported();
    el.pip.addEventListener('click', () => void this.toggle(), { signal });
    for (const type of ['enterpictureinpicture', 'leavepictureinpicture', 'webkitpresentationmodechanged']) {
      el.video.addEventListener(type, () => this.render(), { signal });
    }
    this.render();
  }

  async toggle(): Promise<void> {
    const video = this.el.video;
    const webkit = video as HTMLVideoElement & WebkitVideo;
    try {
      if (this.standard()) {
        if (document.pictureInPictureElement === video) await document.exitPictureInPicture();
        else await video.requestPictureInPicture();
      } else if (webkit.webkitSetPresentationMode) {
        webkit.webkitSetPresentationMode(this.active() ? 'inline' : 'picture-in-picture');
      }
    } catch {
      // no picture yet, or the browser refused (a policy, another video already floating)
      this.flash.show('Picture in picture is not available now');
    }
  }

  destroy(): void {
    this.abort.abort();
  }

  private standard(): boolean {
    return document.pictureInPictureEnabled === true && typeof this.el.video.requestPictureInPicture === 'function';
  }

  private supported(): boolean {
    const webkit = this.el.video as HTMLVideoElement & WebkitVideo;
    return this.standard() || webkit.webkitSupportsPresentationMode?.('picture-in-picture') === true;
  }

  private active(): boolean {
    const video = this.el.video;
    return document.pictureInPictureElement === video || (video as HTMLVideoElement & WebkitVideo).webkitPresentationMode === 'picture-in-picture';
  }

  private render(): void {
    const active = this.active();
    this.el.root.dataset.pip = String(active);
    this.el.pip.setAttribute('aria-pressed', String(active));
  }
}
