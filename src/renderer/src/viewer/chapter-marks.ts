// Where chapters sit on the seek bar, and which one is playing. Pure.
import { chapterAt, type Chapter } from '../../../shared/chapters';
import { formatTime } from './time';

export interface ChapterMark {
  /** from the left of the seek bar, 0–100 */
  leftPercent: number;
  atSec: number;
  /** "Demo (1:30)": the hover text */
  label: string;
}

/** a mark per chapter inside the known length; none while it is unknown */
export function chapterMarks(chapters: readonly Chapter[], durationSec: number): ChapterMark[] {
  if (!(durationSec > 0)) return [];
  return chapters
    .filter((c) => c.atSec < durationSec)
    .map((c) => ({ leftPercent: Math.round((c.atSec / durationSec) * 10_000) / 100, atSec: c.atSec, label: `${c.title} (${formatTime(c.atSec)})` }));
}

/** the index of the chapter playing at `timeSec`, or -1 before the first */
export function currentChapterIndex(chapters: readonly Chapter[], timeSec: number): number {
  const c = chapterAt(chapters, timeSec);
  return c ? chapters.indexOf(c) : -1;
}
