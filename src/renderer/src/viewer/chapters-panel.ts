// The viewer's chapters: marks on the seek bar (the hover bubble names the chapter), and the
// Chapters list under the player (a click seeks there; the one playing is marked). Read once from
// <link>/chapters.json, which bucket links have too; a recording without chapters shows nothing.
import './chapters.css';
import { chaptersFileSchema, type Chapter } from '../../../shared/chapters';
import { clampSeek, knownDuration } from './buffered';
import { chapterMarks, currentChapterIndex } from './chapter-marks';
import { formatTime } from './time';

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class ChaptersPanel {
  private readonly abort = new AbortController();
  private readonly root = make('section', 'chapters');
  private readonly list = make('ol', 'chapters-list');
  private readonly marks = make('div', 'chapter-marks');
  private chapters: Chapter[] = [];
  private buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly where: { after: HTMLElement; seek: HTMLElement },
    private readonly onChapters: (chapters: readonly Chapter[]) => void,
  ) {
    this.root.setAttribute('aria-label', 'Chapters');
    this.root.hidden = true;
    this.root.append(make('h2', 'chapters-heading', 'Chapters'), this.list);
    this.marks.setAttribute('aria-hidden', 'true');
    const { signal } = this.abort;
    for (const type of ['durationchange', 'loadedmetadata'] as const) video.addEventListener(type, () => this.renderMarks(), { signal });
    for (const type of ['timeupdate', 'seeked'] as const) video.addEventListener(type, () => this.renderCurrent(), { signal });
  }

  async load(url: string): Promise<void> {
    let chapters: Chapter[];
    try {
      const res = await fetch(url, { cache: 'no-cache', signal: this.abort.signal });
      if (!res.ok) return;
      const parsed = chaptersFileSchema.safeParse(await res.json());
      if (!parsed.success) return;
      chapters = [...parsed.data.chapters].sort((a, b) => a.atSec - b.atSec);
    } catch {
      return;
    }
    if (chapters.length === 0 || this.abort.signal.aborted) return;
    this.chapters = chapters;
    this.renderList();
    this.where.after.after(this.root);
    this.where.seek.insertBefore(this.marks, this.where.seek.querySelector('.seek-input'));
    this.renderMarks();
    this.onChapters(chapters);
  }

  destroy(): void {
    this.abort.abort();
    this.root.remove();
    this.marks.remove();
  }

  private renderList(): void {
    this.buttons = this.chapters.map((c) => {
      const button = make('button', 'chapters-item');
      button.type = 'button';
      button.append(make('span', 'chapters-time', formatTime(c.atSec)), make('span', 'chapters-title', c.title));
      button.addEventListener('click', () => this.seek(c.atSec), { signal: this.abort.signal });
      return button;
    });
    this.list.replaceChildren(
      ...this.buttons.map((b) => {
        const li = document.createElement('li');
        li.append(b);
        return li;
      }),
    );
    this.root.hidden = false;
    this.renderCurrent();
  }

  private renderMarks(): void {
    const marks = chapterMarks(this.chapters, knownDuration(this.video.duration));
    this.marks.replaceChildren(
      ...marks.map((m) => {
        const mark = make('span', 'chapter-mark');
        mark.style.left = `${m.leftPercent}%`;
        mark.title = m.label;
        return mark;
      }),
    );
  }

  private renderCurrent(): void {
    const current = currentChapterIndex(this.chapters, this.video.currentTime);
    this.buttons.forEach((b, i) => (i === current ? b.setAttribute('aria-current', 'true') : b.removeAttribute('aria-current')));
  }

  private seek(atSec: number): void {
    this.video.currentTime = clampSeek(atSec, knownDuration(this.video.duration));
  }
}
