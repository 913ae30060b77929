// The player chrome, one controller per concern (hls.js's shape): each adds its own listeners and
// removes them in destroy(). This composition creates them, wires the few that act on each other,
// and passes on the facts set from outside (levels, live, failure).
import type { ViewerElements } from './dom';
import type { FailureMessage } from './failures';
import type { LevelLike } from './levels';
import type { ViewerState } from './view-state';
import type { Chapter } from '../../../shared/chapters';
import { AutoHideController } from './controllers/auto-hide';
import { CaptionsController } from './controllers/captions';
import type { Engine } from './controllers/engine';
import { Flash } from './controllers/flash';
import { FullscreenController } from './controllers/fullscreen';
import { LiveController } from './controllers/live';
import { PlaybackController } from './controllers/playback';
import { QualityController } from './controllers/quality';
import { SeekBarController } from './controllers/seek-bar';
import { SeekPreviewController } from './controllers/seek-preview';
import { ShortcutsController } from './controllers/shortcuts';
import { ShortcutsOverlayController } from './controllers/shortcuts-overlay';
import { PictureInPictureController } from './controllers/picture-in-picture';
import { SpeedController } from './controllers/speed';
import { VolumeController } from './controllers/volume';

export type { Engine } from './controllers/engine';
export type { ViewerState } from './view-state';

export class Controls {
  private readonly flash: Flash;
  private readonly autoHide: AutoHideController;
  private readonly volume: VolumeController;
  private readonly fullscreen: FullscreenController;
  private readonly seekBar: SeekBarController;
  private readonly playback: PlaybackController;
  private readonly live: LiveController;
  private readonly speed: SpeedController;
  private readonly quality: QualityController;
  private readonly seekPreview: SeekPreviewController;
  private readonly shortcuts: ShortcutsController;
  private readonly captions: CaptionsController;
  private readonly pictureInPicture: PictureInPictureController;
  private readonly overlay: ShortcutsOverlayController;

  constructor(el: ViewerElements, engine: Engine) {
    this.flash = new Flash(el.flash);
    this.autoHide = new AutoHideController(el, () => this.playback.state());
    this.volume = new VolumeController(el, this.flash);
    this.fullscreen = new FullscreenController(el);
    this.seekBar = new SeekBarController(el);
    this.playback = new PlaybackController(el, engine, {
      rendered: (state) => {
        if (state !== 'playing') this.autoHide.show();
      },
      playing: () => this.autoHide.scheduleHide(),
    });
    this.live = new LiveController(el, engine, this.seekBar);
    this.speed = new SpeedController(el, this.flash);
    this.quality = new QualityController(el, engine);
    this.seekPreview = new SeekPreviewController(el, () => el.video.duration);
    this.captions = new CaptionsController(el, this.flash);
    this.pictureInPicture = new PictureInPictureController(el, this.flash);
    this.overlay = new ShortcutsOverlayController(el);
    this.shortcuts = new ShortcutsController(el, {
      playback: this.playback,
      seekBar: this.seekBar,
      volume: this.volume,
      speed: this.speed,
      fullscreen: this.fullscreen,
      captions: this.captions,
      autoHide: this.autoHide,
      flash: this.flash,
      pictureInPicture: this.pictureInPicture,
      overlay: this.overlay,
    });
  }

  setLevels(levels: readonly LevelLike[], manualLevel: number): void {
    this.quality.setLevels(levels, manualLevel);
  }

  setPlayingLevel(level: number): void {
    this.quality.setPlayingLevel(level);
  }

  setQualityAvailable(available: boolean): void {
    this.quality.setAvailable(available);
  }

  setLive(live: boolean): void {
    this.live.setLive(live);
    this.playback.render();
  }

  /** What to tell the viewer about a failure (worded by the caller), or null once it is resolved. */
  setFailure(failure: FailureMessage | null): void {
    this.playback.setFailure(failure);
  }

  /** The seek bar's thumbnail track (thumbs.vtt), once status.json says it exists. */
  loadThumbnails(vttUrl: string): Promise<void> {
    return this.seekPreview.load(vttUrl);
  }

  /** Looks for captions in the master (its subtitles rendition); the CC button shows once found. */
  loadCaptions(masterUrl: string): Promise<void> {
    return this.captions.load(masterUrl);
  }

  /** Chapter titles for the seek bar's hover bubble. */
  setChapters(chapters: readonly Chapter[]): void {
    this.seekPreview.setChapters(chapters);
  }

  state(): ViewerState {
    return this.playback.state();
  }

  /** Removes every listener and timer the controls added; the page's elements stay as they are. */
  destroy(): void {
    for (const controller of [this.shortcuts, this.overlay, this.pictureInPicture, this.captions, this.seekPreview, this.quality, this.speed, this.live, this.playback, this.seekBar, this.fullscreen, this.volume, this.autoHide, this.flash]) {
      controller.destroy();
    }
  }
}
