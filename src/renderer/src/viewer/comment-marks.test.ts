import { describe, expect, it } from 'vitest';
import type { CommentItem } from '../../../shared/comments';
import { listedComments, reactionCounts, seekMarks } from './comment-marks';

let n = 0;
const item = (kind: 'comment' | 'reaction', atSec: number, body = 'hi', createdAt = n): CommentItem => ({
  id: `id${n++}`,
  kind,
  atSec,
  body,
  author: { kind: 'guest', name: 'G' },
  createdAt,
});

describe('seekMarks', () => {
  it('nothing while the length is unknown', () => {
    expect(seekMarks([item('comment', 1)], 0)).toEqual([]);
    expect(seekMarks([item('comment', 1)], NaN)).toEqual([]);
  });

  it('one mark per kind per slice, at the earliest item, with a count and a label', () => {
    const marks = seekMarks([item('comment', 4.2), item('comment', 4), item('reaction', 4, '🎉'), item('reaction', 4.1, '👍'), item('reaction', 4.2, '🎉'), item('comment', 60)], 100);
    expect(marks).toEqual([
      { kind: 'comment', leftPercent: 4, atSec: 4, count: 2, label: '2 comments at 0:04' },
      { kind: 'reaction', leftPercent: 4, atSec: 4, count: 3, label: '🎉' },
      { kind: 'comment', leftPercent: 60, atSec: 60, count: 1, label: '1 comment at 1:00' },
    ]);
  });

  it('items past the known length (live) sit at the end', () => {
    expect(seekMarks([item('comment', 30)], 20)[0]).toMatchObject({ leftPercent: 100 });
  });
});

describe('reactionCounts and listedComments', () => {
  it('counts each reaction, in the buttons\' order', () => {
    expect(reactionCounts([item('reaction', 1, '👀'), item('reaction', 2, '👀'), item('comment', 3, '👀')])).toEqual({ '👍': 0, '❤️': 0, '😂': 0, '🎉': 0, '👀': 2 });
  });

  it('lists comments only, by time in the recording, then by when they were posted', () => {
    const a = item('comment', 5, 'a', 2);
    const b = item('comment', 5, 'b', 1);
    const c = item('comment', 1, 'c', 3);
    expect(listedComments([a, item('reaction', 0, '👍'), b, c]).map((i) => i.body)).toEqual(['c', 'b', 'a']);
  });
});
