import { describe, expect, it } from 'vitest';
import { chapterMarks, currentChapterIndex } from './chapter-marks';

const chapters = [{ atSec: 0, title: 'Intro' }, { atSec: 30, title: 'Demo' }, { atSec: 90, title: 'Past the end?' }];

describe('chapterMarks', () => {
  it('places each chapter along the bar with its title and time, leaving out any past the known length', () => {
    expect(chapterMarks(chapters, 60)).toEqual([
      { leftPercent: 0, atSec: 0, label: 'Intro (0:00)' },
      { leftPercent: 50, atSec: 30, label: 'Demo (0:30)' },
    ]);
  });
  it('is empty while the length is unknown', () => {
    expect(chapterMarks(chapters, 0)).toEqual([]);
    expect(chapterMarks(chapters, Number.NaN)).toEqual([]);
  });
});

describe('currentChapterIndex', () => {
  it('is the chapter playing, -1 before the first', () => {
    expect(currentChapterIndex(chapters.slice(1), 10)).toBe(-1);
    expect(currentChapterIndex(chapters, 29.9)).toBe(0);
    expect(currentChapterIndex(chapters, 45)).toBe(1);
  });
});
