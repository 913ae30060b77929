import { describe, expect, it } from 'vitest';
import { CHAPTERS, chapterAt, checkChapters } from './chapters';

const refusal = (chapters: { atSec: number; title: string }[], durationSec = 120): string => {
  const r = checkChapters(chapters, durationSec);
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
};

describe('checkChapters', () => {
  it('keeps ordered chapters within the recording, titles trimmed, times to the millisecond', () => {
    expect(checkChapters([{ atSec: 0, title: ' Intro ' }, { atSec: 90.12345, title: '<b>Demo</b>' }], 120)).toEqual({
      ok: true,
      chapters: [{ atSec: 0, title: 'Intro' }, { atSec: 90.123, title: '<b>Demo</b>' }],
    });
    expect(checkChapters([], 120)).toEqual({ ok: true, chapters: [] });
  });

  it('refuses a chapter past the end of the recording', () => {
    expect(refusal([{ atSec: 130, title: 'Outro' }])).toBe('Chapter 1 ("Outro") starts at 2:10.000, after the recording ends (2:00.000).');
  });

  it('refuses chapters out of order or at the same time', () => {
    expect(refusal([{ atSec: 60, title: 'B' }, { atSec: 30, title: 'A' }])).toMatch(/^Chapter 2 \("A"\) starts at 0:30.000, not after chapter 1 \(1:00.000\)/);
    expect(refusal([{ atSec: 30, title: 'A' }, { atSec: 30, title: 'B' }])).toMatch(/^Chapter 2 \("B"\)/);
  });

  it('refuses empty, long or multi-line titles', () => {
    expect(refusal([{ atSec: 1, title: '   ' }])).toBe('Chapter 1 has no title.');
    expect(refusal([{ atSec: 1, title: 'x'.repeat(CHAPTERS.maxTitleChars + 1) }])).toBe("Chapter 1's title is 101 characters; the limit is 100.");
    expect(refusal([{ atSec: 1, title: 'two\nlines' }])).toMatch(/line break or control character/);
  });

  it('refuses more than the limit', () => {
    const many = Array.from({ length: CHAPTERS.max + 1 }, (_, i) => ({ atSec: i, title: `c${i}` }));
    expect(refusal(many, 1000)).toBe('A recording can have at most 100 chapters; this has 101.');
  });
});

describe('chapterAt', () => {
  const chapters = [{ atSec: 10, title: 'A' }, { atSec: 20, title: 'B' }];
  it('is the last chapter started by then', () => {
    expect(chapterAt(chapters, 5)).toBeNull();
    expect(chapterAt(chapters, 10)?.title).toBe('A');
    expect(chapterAt(chapters, 25)?.title).toBe('B');
  });
});
