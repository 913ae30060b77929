// The bubble over the seek bar: the time under the pointer, the chapter there when the recording has
// chapters, and, when it has a thumbnail track, the sprite tile for that time.
import { chapterAt, type Chapter } from '../../../../shared/chapters';
import type { ViewerElements } from '../dom';
import { parseThumbnailVtt, thumbnailAt, type ThumbnailCue } from '../thumbnails';
import { formatTime } from '../time';

const PREVIEW_WIDTH = 160;

export class SeekPreviewController {
  private readonly abort = new AbortController();
  private cues: ThumbnailCue[] = [];
  private chapters: readonly Chapter[] = [];
  /** natural sizes of sprite images, once loaded; null while loading or when the image failed */
  private readonly sprites = new Map<string, { width: number; height: number } | null>();
  private loadedFrom: string | null = null;

  constructor(
    private readonly el: ViewerElements,
    private readonly duration: () => number,
  ) {
    const { signal } = this.abort;
    el.seek.addEventListener('pointermove', (e) => this.show(e.clientX), { signal });
    el.seek.addEventListener('pointerenter', (e) => this.show(e.clientX), { signal });
    el.seek.addEventListener('pointerleave', () => (el.preview.hidden = true), { signal });
  }

  /** Fetches the thumbnail track; failures leave the preview time-only. Loads each URL once. */
  async load(vttUrl: string): Promise<void> {
    if (this.loadedFrom === vttUrl || this.abort.signal.aborted) return;
    this.loadedFrom = vttUrl;
    try {
      const response = await fetch(vttUrl, { cache: 'no-cache', signal: this.abort.signal });
      if (!response.ok) throw new Error(`thumbnails: HTTP ${response.status}`);
      this.cues = parseThumbnailVtt(await response.text(), response.url || vttUrl);
    } catch {
      this.loadedFrom = null; // let a later status poll try again
      return;
    }
    for (const image of new Set(this.cues.map((c) => c.image))) this.loadSprite(image);
  }

  setChapters(chapters: readonly Chapter[]): void {
    this.chapters = chapters;
  }

  destroy(): void {
    this.abort.abort();
  }

  private loadSprite(url: string): void {
    if (this.sprites.has(url)) return;
    this.sprites.set(url, null);
    const img = new Image();
    img.decoding = 'async';
    img.onload = () => this.sprites.set(url, { width: img.naturalWidth, height: img.naturalHeight });
    img.src = url;
  }

  private show(clientX: number): void {
    const duration = this.duration();
    if (!(duration > 0)) return;
    const rect = this.el.seek.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    const time = fraction * duration;
    this.el.previewTime.textContent = formatTime(time);
    const chapter = chapterAt(this.chapters, time);
    this.el.previewChapter.textContent = chapter?.title ?? '';
    this.el.previewChapter.hidden = chapter === null;
    const hasImage = this.paintTile(time);
    // keep the bubble inside the player
    const half = (hasImage ? PREVIEW_WIDTH : 48) / 2 + 4;
    const x = Math.min(rect.width - half, Math.max(half, fraction * rect.width));
    this.el.preview.style.left = `${x}px`;
    this.el.preview.hidden = false;
  }

  private paintTile(time: number): boolean {
    const image = this.el.previewImage;
    const cue = thumbnailAt(this.cues, time);
    const sprite = cue ? this.sprites.get(cue.image) : null;
    if (!cue || !sprite) {
      image.hidden = true;
      return false;
    }
    const tile = cue.tile ?? { x: 0, y: 0, w: sprite.width, h: sprite.height };
    const scale = PREVIEW_WIDTH / tile.w;
    image.style.width = `${PREVIEW_WIDTH}px`;
    image.style.height = `${Math.round(tile.h * scale)}px`;
    image.style.backgroundImage = `url("${cue.image.replace(/["\\]/g, '\\$&')}")`;
    image.style.backgroundSize = `${sprite.width * scale}px ${sprite.height * scale}px`;
    image.style.backgroundPosition = `${-tile.x * scale}px ${-tile.y * scale}px`;
    image.hidden = false;
    return true;
  }
}
