// The chapter editor's rows (a time as typed and a title) to the chapters the API takes, and back.
// Pure: the refusals name the row; the server checks the rest (order, the recording's length) again.
import { checkChapters, type Chapter } from '../../../../shared/chapters';
import { parseTimeText } from '../../../../shared/time-text';
import { formatDuration } from './format';

export interface ChapterRow {
  time: string;
  title: string;
}

export type RowsCheck = { ok: true; chapters: Chapter[] } | { ok: false; message: string };

/** rows with nothing in them are left out; the rest are read, put in time order and checked */
export function chaptersFromRows(rows: readonly ChapterRow[], durationSec: number): RowsCheck {
  const chapters: Chapter[] = [];
  for (const [i, row] of rows.entries()) {
    if (row.time.trim() === '' && row.title.trim() === '') continue;
    const atSec = parseTimeText(row.time);
    if (atSec === null) return { ok: false, message: `Row ${i + 1}: "${row.time}" is not a time; write it as 1:30, 90 or 1m30s.` };
    chapters.push({ atSec, title: row.title });
  }
  chapters.sort((a, b) => a.atSec - b.atSec);
  return checkChapters(chapters, durationSec);
}

export function rowsFromChapters(chapters: readonly Chapter[]): ChapterRow[] {
  return chapters.map((c) => ({ time: clock(c.atSec), title: c.title }));
}

/** 90.5 → "1:30.5": whole seconds as a clock, a fraction kept so saving again changes nothing */
function clock(sec: number): string {
  const whole = Math.floor(sec);
  const fraction = Math.round((sec - whole) * 1000) / 1000;
  return formatDuration(whole * 1000) + (fraction > 0 ? String(fraction).slice(1) : '');
}
