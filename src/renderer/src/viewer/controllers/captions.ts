// The CC button and the captions track: the captions the master names are fetched once and shown as a
// <track> on the video (blob: URL, so the page's media-src needs nothing more); off unless the viewer
// turns them on, and that choice is remembered (captions-source.ts). The button stays hidden when the
// recording has no captions.
import type { ViewerElements } from '../dom';
import { CAPTIONS_KEY, captionsChoice, captionsFileIn, captionsInMaster, savedCaptionsOn } from '../captions-source';
import type { Flash } from './flash';

export class CaptionsController {
  private readonly abort = new AbortController();
  private track: HTMLTrackElement | null = null;
  private blobUrl: string | null = null;
  private loading = false;

  constructor(
    private readonly el: ViewerElements,
    private readonly flash: Flash,
  ) {
    el.captions.addEventListener('click', () => this.toggle(), { signal: this.abort.signal });
  }

  /** looks for captions in the master; once found, they stay (a later call does nothing) */
  async load(masterUrl: string): Promise<void> {
    if (this.track || this.loading || this.abort.signal.aborted) return;
    this.loading = true;
    try {
      const master = await this.text(masterUrl);
      const source = master && captionsInMaster(master.text, master.url);
      if (!source) return;
      const playlist = await this.text(source.playlistUrl);
      const file = playlist && captionsFileIn(playlist.text, playlist.url);
      const vtt = file ? await this.text(file) : null;
      if (!vtt || this.abort.signal.aborted) return;
      this.attach(vtt.text, source.label, source.language);
    } finally {
      this.loading = false;
    }
  }

  get on(): boolean {
    return this.track?.track.mode === 'showing';
  }

  toggle(): void {
    if (!this.track) return;
    const on = !this.on;
    this.show(on);
    try {
      localStorage.setItem(CAPTIONS_KEY, captionsChoice(on));
    } catch {
      // storage refused (private mode): the choice holds for this page only
    }
    this.flash.show(on ? 'Captions on' : 'Captions off');
  }

  destroy(): void {
    this.abort.abort();
    this.track?.remove();
    if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
  }

  private attach(vtt: string, label: string, language: string | null): void {
    const track = document.createElement('track');
    track.kind = 'subtitles';
    track.label = label;
    if (language) track.srclang = language;
    this.blobUrl = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    track.src = this.blobUrl;
    this.el.video.append(track);
    this.track = track;
    let saved = false;
    try {
      saved = savedCaptionsOn(localStorage.getItem(CAPTIONS_KEY));
    } catch {
      saved = false;
    }
    this.show(saved);
    this.el.captions.hidden = false;
  }

  private show(on: boolean): void {
    if (!this.track) return;
    // 'hidden' (not 'disabled') keeps the cues loaded, so turning them on shows the current one at once
    this.track.track.mode = on ? 'showing' : 'hidden';
    this.el.captions.setAttribute('aria-pressed', String(on));
  }

  private async text(url: string): Promise<{ text: string; url: string } | null> {
    try {
      const res = await fetch(url, { cache: 'no-cache', signal: this.abort.signal });
      return res.ok ? { text: await res.text(), url: res.url || url } : null;
    } catch {
      return null;
    }
  }
}
