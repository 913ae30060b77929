// The Live button while a recording is being made: shows whether the viewer is at the live edge, and
// jumps there when pressed.
import type { ViewerElements } from '../dom';
import type { Engine } from './engine';
import type { SeekBarController } from './seek-bar';

/** Within this many seconds of the live edge the Live button shows as "at the edge". */
const LIVE_EDGE_SLACK_SEC = 6;
/** events after which the playhead or the edge may have moved */
const EDGE_EVENTS = ['play', 'pause', 'ended', 'playing', 'waiting', 'canplay', 'loadedmetadata', 'loadeddata', 'durationchange', 'seeked', 'emptied', 'timeupdate'] as const;

export class LiveController {
  private readonly abort = new AbortController();
  private live = false;

  constructor(
    private readonly el: ViewerElements,
    private readonly engine: Pick<Engine, 'liveEdge'>,
    private readonly seekBar: Pick<SeekBarController, 'seekTo'>,
  ) {
    const { signal } = this.abort;
    const render = () => this.render();
    for (const type of EDGE_EVENTS) el.video.addEventListener(type, render, { signal });
    el.live.addEventListener('click', () => this.goLive(), { signal });
    this.render();
  }

  setLive(live: boolean): void {
    this.live = live;
    this.render();
  }

  render(): void {
    const button = this.el.live;
    button.hidden = !this.live;
    if (!this.live) return;
    const video = this.el.video;
    const edge = this.engine.liveEdge();
    const atEdge = edge !== null && video.currentTime >= edge - LIVE_EDGE_SLACK_SEC && !video.paused;
    button.classList.toggle('at-edge', atEdge);
    button.setAttribute('aria-label', atEdge ? 'Live: watching the live edge' : 'Jump to live');
  }

  destroy(): void {
    this.abort.abort();
  }

  private goLive(): void {
    const edge = this.engine.liveEdge();
    if (edge === null) return;
    this.seekBar.seekTo(edge);
    this.el.video.play().catch(() => undefined);
  }
}
