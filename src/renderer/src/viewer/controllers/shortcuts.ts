// Keyboard shortcuts on the whole page: keyboard.ts decides what a key press means, this hands the
// action to the controller that owns it.
import type { CaptionsController } from './captions';
import type { ViewerElements } from '../dom';
import { shortcutFor, type FocusKind, type ShortcutAction } from '../keyboard';
import type { AutoHideController } from './auto-hide';
import type { Flash } from './flash';
import type { FullscreenController } from './fullscreen';
import type { PlaybackController } from './playback';
import type { SeekBarController } from './seek-bar';
import type { SpeedController } from './speed';
import type { VolumeController } from './volume';
import type { PictureInPictureController } from './picture-in-picture';
import type { ShortcutsOverlayController } from './shortcuts-overlay';

/** a frame step's length when the stream does not say (it rarely does) */
const FALLBACK_FRAME_RATE = 30;

export interface ShortcutTargets {
  playback: Pick<PlaybackController, 'togglePlay'>;
  seekBar: Pick<SeekBarController, 'seekTo' | 'duration'>;
  volume: Pick<VolumeController, 'toggleMute' | 'changeBy'>;
  speed: Pick<SpeedController, 'step'>;
  fullscreen: Pick<FullscreenController, 'toggle'>;
  captions: Pick<CaptionsController, 'toggle'>;
  autoHide: Pick<AutoHideController, 'show' | 'scheduleHide'>;
  flash: Pick<Flash, 'show'>;
  pictureInPicture: Pick<PictureInPictureController, 'toggle'>;
  overlay: Pick<ShortcutsOverlayController, 'toggle'>;
}

export class ShortcutsController {
  private readonly abort = new AbortController();

  constructor(
    private readonly el: ViewerElements,
    private readonly to: ShortcutTargets,
  ) {
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.defaultPrevented || (event.repeat && event.key === ' ')) return;
        const action = shortcutFor(event, focusKind(document.activeElement, el));
        if (!action) return;
        event.preventDefault();
        this.perform(action);
        to.autoHide.show();
        to.autoHide.scheduleHide();
      },
      { signal: this.abort.signal },
    );
  }

  destroy(): void {
    this.abort.abort();
  }

  private perform(action: ShortcutAction): void {
    const video = this.el.video;
    const { to } = this;
    switch (action.kind) {
      case 'toggle-play':
        to.playback.togglePlay();
        break;
      case 'seek-by':
        to.seekBar.seekTo(video.currentTime + action.seconds);
        to.flash.show(`${action.seconds > 0 ? '+' : '−'}${Math.abs(action.seconds)} s`);
        break;
      case 'seek-to-fraction':
        to.seekBar.seekTo(to.seekBar.duration() * action.fraction);
        break;
      case 'step-frame':
        video.pause();
        to.seekBar.seekTo(video.currentTime + action.frames / FALLBACK_FRAME_RATE);
        break;
      case 'volume-by':
        to.volume.changeBy(action.delta);
        break;
      case 'toggle-mute':
        to.volume.toggleMute();
        break;
      case 'toggle-fullscreen':
        to.fullscreen.toggle();
        break;
      case 'speed-step':
        to.speed.step(action.steps);
        break;
      case 'toggle-captions':
        to.captions.toggle();
        break;
      case 'toggle-picture-in-picture':
        void to.pictureInPicture.toggle();
        break;
      case 'toggle-shortcuts':
        to.overlay.toggle();
        break;
    }
  }
}

function focusKind(active: Element | null, el: ViewerElements): FocusKind {
  if (active === el.seekInput) return 'seekbar';
  if (active === el.volume) return 'volume';
  if (active instanceof HTMLSelectElement) return 'select';
  if (active instanceof HTMLTextAreaElement || (active instanceof HTMLElement && active.isContentEditable)) return 'text';
  if (active instanceof HTMLInputElement) return active.type === 'range' ? 'seekbar' : 'text';
  if (active instanceof HTMLButtonElement || active instanceof HTMLAnchorElement) return 'button';
  return 'other';
}
