// The player chrome: buttons, seek bar, menus, keyboard and the state attributes that drive the CSS.
// Everything renders from the <video> element and a few facts set from outside (levels, live, failure).
import type { ViewerElements } from './dom';
import type { FailureMessage } from './failures';
import { shortcutFor, stepSpeed, type FocusKind, type ShortcutAction } from './keyboard';
import { AUTO_LEVEL, autoLabel, qualityOptions, type LevelLike } from './levels';
import { formatTime, spokenTime } from './time';

export type ViewerState = 'loading' | 'playing' | 'paused' | 'ended' | 'error';

/** What the chrome needs from the engine. */
export interface Engine {
  setLevel(level: number): void;
  liveEdge(): number | null;
  /** true while the engine re-creates itself and will resume playing on its own */
  readonly resuming: boolean;
}

const HIDE_CONTROLS_AFTER_MS = 2_500;
/** Within this many seconds of the live edge the Live button shows as "at the edge". */
const LIVE_EDGE_SLACK_SEC = 6;
const FALLBACK_FRAME_RATE = 30;
const VOLUME_KEY = 'reelay.viewer.volume';

export class Controls {
  private levels: readonly LevelLike[] = [];
  private manualLevel = AUTO_LEVEL;
  private playingLevel = -1;
  private live = false;
  private failure: FailureMessage | null = null;
  private started = false;
  private buffering = false;
  private hideTimer: ReturnType<typeof setTimeout> | null = null;
  private flashTimer: ReturnType<typeof setTimeout> | null = null;
  private scrubbing = false;

  constructor(
    private readonly el: ViewerElements,
    private readonly engine: Engine,
  ) {
    this.restoreVolume();
    this.bindVideo();
    this.bindButtons();
    this.bindSeek();
    this.bindMenus();
    this.bindKeyboard();
    this.bindAutoHide();
    this.render();
  }

  // --- facts from outside ---

  setLevels(levels: readonly LevelLike[], manualLevel: number): void {
    this.levels = levels;
    this.manualLevel = manualLevel;
    const select = this.el.quality;
    const options = qualityOptions(levels);
    select.replaceChildren(
      ...options.map((o) => {
        const option = document.createElement('option');
        option.value = String(o.level);
        option.textContent = o.level === AUTO_LEVEL ? autoLabel(levels, this.playingLevel) : o.label;
        return option;
      }),
    );
    select.value = String(levels[manualLevel] ? manualLevel : AUTO_LEVEL);
  }

  setPlayingLevel(level: number): void {
    this.playingLevel = level;
    const auto = this.el.quality.querySelector<HTMLOptionElement>(`option[value="${AUTO_LEVEL}"]`);
    if (auto) auto.textContent = autoLabel(this.levels, level);
  }

  setQualityAvailable(available: boolean): void {
    this.el.qualityMenu.hidden = !available;
  }

  setLive(live: boolean): void {
    this.live = live;
    this.render();
  }

  /** What to tell the viewer about a failure (worded by the caller), or null once it is resolved. */
  setFailure(failure: FailureMessage | null): void {
    this.failure = failure;
    this.render();
  }

  // --- rendering ---

  state(): ViewerState {
    const video = this.el.video;
    const hasPicture = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
    // a retry while the buffer still plays is a notice, not an error screen
    if (this.failure && (!hasPicture || !this.failure.retry)) return 'error';
    if (video.ended) return 'ended';
    if (this.engine.resuming) return 'loading';
    // before the first frame there is nothing to be paused on; after it, stalls show as buffering
    if (!this.started && !hasPicture) return 'loading';
    return video.paused ? 'paused' : 'playing';
  }

  private render(): void {
    const { el } = this;
    const video = el.video;
    const state = this.state();
    const root = el.root;
    root.dataset.state = state;
    root.dataset.muted = String(video.muted || video.volume === 0);
    root.dataset.fullscreen = String(document.fullscreenElement === el.player);
    root.dataset.buffering = String(this.buffering);
    root.dataset.fresh = String(!this.started);

    const playing = state === 'playing' || (state === 'loading' && !video.paused);
    el.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    el.play.title = playing ? 'Pause (k)' : 'Play (k)';
    el.mute.setAttribute('aria-label', root.dataset.muted === 'true' ? 'Unmute' : 'Mute');
    el.mute.title = root.dataset.muted === 'true' ? 'Unmute (m)' : 'Mute (m)';
    el.fullscreen.setAttribute('aria-label', root.dataset.fullscreen === 'true' ? 'Exit full screen' : 'Full screen');

    const showError = state === 'error' && this.failure !== null;
    el.message.hidden = !showError;
    if (showError) {
      el.messageTitle.textContent = this.failure!.title;
      el.messageDetail.textContent = this.failure!.detail;
    }
    el.notice.hidden = !(this.failure && !showError);
    if (this.failure && !showError) el.notice.textContent = `${this.failure.title}. ${this.failure.detail}`;

    this.renderTime();
    this.renderLive();
    if (state !== 'playing') this.showControls();
  }

  private renderTime(): void {
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
    el.seek.style.setProperty('--buffered', `${this.bufferedPercent(duration).toFixed(3)}%`);
  }

  private renderLive(): void {
    const button = this.el.live;
    button.hidden = !this.live;
    if (!this.live) return;
    const edge = this.engine.liveEdge();
    const atEdge = edge !== null && this.el.video.currentTime >= edge - LIVE_EDGE_SLACK_SEC && !this.el.video.paused;
    button.classList.toggle('at-edge', atEdge);
    button.setAttribute('aria-label', atEdge ? 'Live: watching the live edge' : 'Jump to live');
  }

  private duration(): number {
    const d = this.el.video.duration;
    return Number.isFinite(d) && d > 0 ? d : 0;
  }

  private bufferedPercent(duration: number): number {
    const video = this.el.video;
    if (!(duration > 0)) return 0;
    const t = video.currentTime;
    for (let i = 0; i < video.buffered.length; i++) {
      if (video.buffered.start(i) <= t + 0.5 && video.buffered.end(i) >= t) {
        return Math.min(100, (video.buffered.end(i) / duration) * 100);
      }
    }
    return (t / duration) * 100;
  }

  // --- actions ---

  togglePlay(): void {
    const video = this.el.video;
    if (video.paused || video.ended) {
      if (video.ended) video.currentTime = 0;
      video.play().catch(() => undefined);
    } else {
      video.pause();
    }
  }

  private seekTo(time: number): void {
    const duration = this.duration();
    const video = this.el.video;
    video.currentTime = Math.max(0, duration > 0 ? Math.min(time, duration - 0.05) : time);
    this.renderTime();
  }

  private goLive(): void {
    const edge = this.engine.liveEdge();
    if (edge === null) return;
    this.seekTo(edge);
    this.el.video.play().catch(() => undefined);
  }

  private setVolume(volume: number): void {
    const video = this.el.video;
    video.volume = Math.min(1, Math.max(0, Math.round(volume * 100) / 100));
    video.muted = video.volume === 0;
  }

  private perform(action: ShortcutAction): void {
    const video = this.el.video;
    switch (action.kind) {
      case 'toggle-play':
        this.togglePlay();
        break;
      case 'seek-by':
        this.seekTo(video.currentTime + action.seconds);
        this.flash(`${action.seconds > 0 ? '+' : '−'}${Math.abs(action.seconds)} s`);
        break;
      case 'seek-to-fraction':
        this.seekTo(this.duration() * action.fraction);
        break;
      case 'step-frame':
        video.pause();
        this.seekTo(video.currentTime + action.frames / FALLBACK_FRAME_RATE);
        break;
      case 'volume-by':
        if (video.muted) video.muted = false;
        this.setVolume(video.volume + action.delta);
        this.flash(`Volume ${Math.round(video.volume * 100)}%`);
        break;
      case 'toggle-mute':
        video.muted = !video.muted;
        if (!video.muted && video.volume === 0) video.volume = 0.5;
        this.flash(video.muted ? 'Muted' : `Volume ${Math.round(video.volume * 100)}%`);
        break;
      case 'toggle-fullscreen':
        this.toggleFullscreen();
        break;
      case 'speed-step':
        video.playbackRate = stepSpeed(video.playbackRate, action.steps);
        this.flash(`${video.playbackRate}×`);
        break;
    }
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => undefined);
    } else {
      this.el.player.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
    }
  }

  private flash(text: string): void {
    const flash = this.el.flash;
    flash.textContent = text;
    flash.classList.add('show');
    if (this.flashTimer !== null) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => flash.classList.remove('show'), 700);
  }

  // --- wiring ---

  private bindVideo(): void {
    const video = this.el.video;
    const render = () => this.render();
    for (const type of ['play', 'pause', 'ended', 'loadedmetadata', 'loadeddata', 'durationchange', 'seeked', 'emptied']) {
      video.addEventListener(type, render);
    }
    video.addEventListener('playing', () => {
      this.started = true;
      this.buffering = false;
      this.render();
      this.scheduleHide();
    });
    video.addEventListener('waiting', () => {
      this.buffering = true;
      this.render();
    });
    video.addEventListener('canplay', () => {
      this.buffering = false;
      this.render();
    });
    video.addEventListener('timeupdate', () => {
      if (video.currentTime > 0 && !video.paused) this.started = true;
      this.renderTime();
      this.renderLive();
    });
    video.addEventListener('progress', () => this.renderTime());
    video.addEventListener('volumechange', () => {
      this.el.volume.value = String(video.muted ? 0 : video.volume);
      this.el.volume.style.setProperty('--level', `${(video.muted ? 0 : video.volume) * 100}%`);
      this.saveVolume();
      this.render();
    });
    video.addEventListener('ratechange', () => (this.el.speed.value = String(video.playbackRate)));
    document.addEventListener('fullscreenchange', render);
  }

  private bindButtons(): void {
    const { el } = this;
    el.play.addEventListener('click', () => this.togglePlay());
    el.bigPlay.addEventListener('click', () => this.togglePlay());
    el.video.addEventListener('click', () => this.togglePlay());
    el.video.addEventListener('dblclick', () => this.toggleFullscreen());
    el.mute.addEventListener('click', () => this.perform({ kind: 'toggle-mute' }));
    el.live.addEventListener('click', () => this.goLive());
    el.fullscreen.addEventListener('click', () => this.toggleFullscreen());
    el.fullscreen.hidden = !document.fullscreenEnabled;
    el.volume.addEventListener('input', () => this.setVolume(Number(el.volume.value)));
  }

  private bindSeek(): void {
    const input = this.el.seekInput;
    // Seek while dragging only inside what is buffered (instant); elsewhere, seek on release so a drag
    // across an unbuffered stretch does not start a fetch for every pixel.
    input.addEventListener('input', () => {
      this.scrubbing = true;
      const time = Number(input.value);
      this.el.timeCurrent.textContent = formatTime(time);
      if (this.isBuffered(time)) this.el.video.currentTime = time;
      this.renderTime();
    });
    input.addEventListener('change', () => {
      this.scrubbing = false;
      this.seekTo(Number(input.value));
    });
  }

  private isBuffered(time: number): boolean {
    const buffered = this.el.video.buffered;
    for (let i = 0; i < buffered.length; i++) if (buffered.start(i) <= time && time <= buffered.end(i)) return true;
    return false;
  }

  private bindMenus(): void {
    const { el } = this;
    el.speed.addEventListener('change', () => (el.video.playbackRate = Number(el.speed.value)));
    el.quality.addEventListener('change', () => {
      const level = Number(el.quality.value);
      this.manualLevel = level;
      this.engine.setLevel(level);
    });
  }

  private bindKeyboard(): void {
    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || (event.repeat && event.key === ' ')) return;
      const action = shortcutFor(event, focusKind(document.activeElement, this.el));
      if (!action) return;
      event.preventDefault();
      this.perform(action);
      this.showControls();
      this.scheduleHide();
    });
  }

  private bindAutoHide(): void {
    const player = this.el.player;
    const wake = () => {
      this.showControls();
      this.scheduleHide();
    };
    player.addEventListener('pointermove', wake);
    player.addEventListener('pointerdown', wake);
    player.addEventListener('focusin', wake);
    player.addEventListener('pointerleave', () => {
      if (this.state() === 'playing') this.hideControls();
    });
  }

  private showControls(): void {
    this.el.player.dataset.controls = 'shown';
  }

  private hideControls(): void {
    const active = document.activeElement;
    // never hide what the keyboard is using, or an open menu
    if (active instanceof HTMLSelectElement && this.el.controls.contains(active)) return;
    if (this.el.controls.matches(':hover')) return;
    this.el.player.dataset.controls = 'hidden';
  }

  private scheduleHide(): void {
    if (this.hideTimer !== null) clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (this.state() === 'playing') this.hideControls();
    }, HIDE_CONTROLS_AFTER_MS);
  }

  private restoreVolume(): void {
    try {
      const saved = JSON.parse(localStorage.getItem(VOLUME_KEY) ?? 'null') as { volume?: unknown; muted?: unknown } | null;
      if (saved && typeof saved.volume === 'number' && saved.volume >= 0 && saved.volume <= 1) {
        this.el.video.volume = saved.volume;
      }
      if (saved && saved.muted === true) this.el.video.muted = true;
    } catch {
      // storage can be blocked (private mode, sandboxed frames): defaults are fine
    }
    this.el.volume.value = String(this.el.video.muted ? 0 : this.el.video.volume);
  }

  private saveVolume(): void {
    try {
      localStorage.setItem(VOLUME_KEY, JSON.stringify({ volume: this.el.video.volume, muted: this.el.video.muted }));
    } catch {
      // see restoreVolume
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
