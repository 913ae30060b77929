// Play and pause (the button, the big button, a click on the picture), the player's state as the CSS
// sees it (`data-state`, `data-buffering`, `data-fresh`), and what the viewer is told about a failure.
import type { ViewerElements } from '../dom';
import type { FailureMessage } from '../failures';
import { offersPause, viewerState, type ViewerState } from '../view-state';
import type { Engine } from './engine';

export interface PlaybackHooks {
  /** after each render: the chrome stays shown while not playing */
  rendered(state: ViewerState): void;
  /** the picture started moving (again) */
  playing(): void;
}

/** events after which the state may read differently */
const STATE_EVENTS = ['play', 'pause', 'ended', 'loadedmetadata', 'loadeddata', 'durationchange', 'seeked', 'emptied', 'volumechange'] as const;

export class PlaybackController {
  private readonly abort = new AbortController();
  private failure: FailureMessage | null = null;
  private started = false;
  private buffering = false;

  constructor(
    private readonly el: ViewerElements,
    private readonly engine: Pick<Engine, 'resuming'>,
    private readonly hooks: PlaybackHooks,
  ) {
    const { signal } = this.abort;
    const video = el.video;
    const render = () => this.render();
    for (const type of STATE_EVENTS) video.addEventListener(type, render, { signal });
    document.addEventListener('fullscreenchange', render, { signal });
    video.addEventListener(
      'playing',
      () => {
        this.started = true;
        this.buffering = false;
        this.render();
        this.hooks.playing();
      },
      { signal },
    );
    video.addEventListener('waiting', () => this.setBuffering(true), { signal });
    video.addEventListener('canplay', () => this.setBuffering(false), { signal });
    video.addEventListener(
      'timeupdate',
      () => {
        if (video.currentTime > 0 && !video.paused) this.started = true;
      },
      { signal },
    );
    const toggle = () => this.togglePlay();
    el.play.addEventListener('click', toggle, { signal });
    el.bigPlay.addEventListener('click', toggle, { signal });
    video.addEventListener('click', toggle, { signal });
    this.render();
  }

  /** What to tell the viewer about a failure (worded by the caller), or null once it is resolved. */
  setFailure(failure: FailureMessage | null): void {
    this.failure = failure;
    this.render();
  }

  state(): ViewerState {
    const video = this.el.video;
    return viewerState({
      failure: this.failure,
      hasPicture: video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA,
      ended: video.ended,
      paused: video.paused,
      resuming: this.engine.resuming,
      started: this.started,
    });
  }

  togglePlay(): void {
    const video = this.el.video;
    if (video.paused || video.ended) {
      if (video.ended) video.currentTime = 0;
      video.play().catch(() => undefined);
    } else {
      video.pause();
    }
  }

  render(): void {
    const { el, failure } = this;
    const state = this.state();
    const root = el.root;
    root.dataset.state = state;
    root.dataset.buffering = String(this.buffering);
    root.dataset.fresh = String(!this.started);

    const pause = offersPause(state, el.video.paused);
    el.play.setAttribute('aria-label', pause ? 'Pause' : 'Play');
    el.play.title = pause ? 'Pause (k)' : 'Play (k)';

    const showError = state === 'error' && failure !== null;
    el.message.hidden = !showError;
    if (showError) {
      el.messageTitle.textContent = failure.title;
      el.messageDetail.textContent = failure.detail;
    }
    el.notice.hidden = !(failure && !showError);
    if (failure && !showError) el.notice.textContent = `${failure.title}. ${failure.detail}`;
    this.hooks.rendered(state);
  }

  destroy(): void {
    this.abort.abort();
  }

  private setBuffering(buffering: boolean): void {
    this.buffering = buffering;
    this.render();
  }
}
