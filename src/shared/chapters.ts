// Chapters of a recording: marks (a time and a title) the owner sets in the library. They are
// published as chapters.json under the link, which the viewer reads (so bucket links have them too).
// The checks are pure: the library runs them before saving, the core again before keeping them.
// zod/mini: the viewer bundles the published file's schema.
import * as z from 'zod/mini';
import { formatCueTime } from './captions';

export const CHAPTERS = {
  max: 100,
  /** characters of a title */
  maxTitleChars: 100,
} as const;

export interface Chapter {
  /** seconds into the recording */
  atSec: number;
  /** plain text, shown as text (never HTML) */
  title: string;
}

/** chapters.json as the core publishes it */
export const chaptersFileSchema = z.object({
  chapters: z.array(z.object({ atSec: z.number().check(z.nonnegative()), title: z.string() })).check(z.maxLength(CHAPTERS.max)),
});
export type ChaptersFile = z.infer<typeof chaptersFileSchema>;

export type ChaptersCheck = { ok: true; chapters: Chapter[] } | { ok: false; message: string };

/** control characters (line breaks included): a title is one line of plain text */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks chapters for a recording `durationSec` long: at most CHAPTERS.max, each title one line of
 * 1–100 characters, each time within the recording, in time order with no two at the same time.
 * Titles come back trimmed and times rounded to milliseconds.
 */
export function checkChapters(input: readonly Chapter[], durationSec: number): ChaptersCheck {
  if (input.length > CHAPTERS.max) return { ok: false, message: `A recording can have at most ${CHAPTERS.max} chapters; this has ${input.length}.` };
  const chapters: Chapter[] = [];
  for (const [i, c] of input.entries()) {
    const n = i + 1;
    const title = c.title.trim();
    const atSec = Math.round(c.atSec * 1000) / 1000;
    if (title.length === 0) return { ok: false, message: `Chapter ${n} has no title.` };
    if (title.length > CHAPTERS.maxTitleChars) return { ok: false, message: `Chapter ${n}'s title is ${title.length} characters; the limit is ${CHAPTERS.maxTitleChars}.` };
    if (CONTROL.test(title)) return { ok: false, message: `Chapter ${n}'s title has a line break or control character; a title is one line of plain text.` };
    if (!Number.isFinite(atSec) || atSec < 0) return { ok: false, message: `Chapter ${n} ("${title}") has no valid time.` };
    if (atSec >= durationSec) return { ok: false, message: `Chapter ${n} ("${title}") starts at ${formatCueTime(atSec)}, after the recording ends (${formatCueTime(durationSec)}).` };
    const before = chapters[i - 1];
    if (before && atSec <= before.atSec) {
      return { ok: false, message: `Chapter ${n} ("${title}") starts at ${formatCueTime(atSec)}, not after chapter ${i} (${formatCueTime(before.atSec)}): list chapters in time order, one per moment.` };
    }
    chapters.push({ atSec, title });
  }
  return { ok: true, chapters };
}

/** the chapter playing at `timeSec`: the last one that started by then; null before the first */
export function chapterAt(chapters: readonly Chapter[], timeSec: number): Chapter | null {
  let found: Chapter | null = null;
  for (const c of chapters) {
    if (c.atSec <= timeSec) found = c;
    else break;
  }
  return found;
}
