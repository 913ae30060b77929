import { describe, expect, it } from 'vitest';
import { atTime, authorName, commentsSummary, countsLine } from './comments-view';

describe('comments in the library card', () => {
  it('the summary shows the count and how many are new', () => {
    expect(commentsSummary(null)).toBe('Comments');
    expect(commentsSummary({ comments: 0, unseen: 0, reactions: 0 })).toBe('Comments');
    expect(commentsSummary({ comments: 3, unseen: 1, reactions: 5 })).toBe('Comments (3, 1 new) · 5 reactions');
    expect(commentsSummary({ comments: 2, unseen: 0, reactions: 1 })).toBe('Comments (2) · 1 reaction');
  });

  it('the counts line', () => {
    expect(countsLine({ comments: 0, unseen: 0, reactions: 0 })).toBe('No comments or reactions yet.');
    expect(countsLine({ comments: 1, unseen: 1, reactions: 0 })).toBe('1 comment (1 new)');
    expect(countsLine({ comments: 12, unseen: 0, reactions: 5 })).toBe('12 comments and 5 reactions');
  });

  it('authors and times', () => {
    expect(authorName({ kind: 'guest', name: 'Dana' })).toBe('Dana (guest)');
    expect(authorName({ kind: 'member', name: 'carol@example.test' })).toBe('carol@example.test');
    expect(atTime(65.4)).toBe('1:05');
    expect(atTime(3725)).toBe('1:02:05');
  });
});
