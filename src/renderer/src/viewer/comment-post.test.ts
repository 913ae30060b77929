import { describe, expect, it } from 'vitest';
import { COMMENTS, GUEST_COMMENTS_OFF } from '../../../shared/comments';
import { commentDraft, refusal } from './comment-post';

describe('commentDraft', () => {
  it('a member posts the trimmed text at the current time, without a name', () => {
    expect(commentDraft({ as: 'member', name: 'carol' }, 12.345, '  nice  ', 'ignored')).toEqual({ ok: true, post: { kind: 'comment', atSec: 12.3, body: 'nice' } });
  });

  it('a guest must give a name, one line of at most 60 characters', () => {
    expect(commentDraft({ as: 'guest' }, 1, 'hi', ' ')).toEqual({ ok: false, problem: 'Give your name to comment.' });
    expect(commentDraft({ as: 'guest' }, 1, 'hi', 'n'.repeat(COMMENTS.maxNameChars + 1)).ok).toBe(false);
    expect(commentDraft({ as: 'guest' }, 1, 'hi', ' Dana ')).toEqual({ ok: true, post: { kind: 'comment', atSec: 1, body: 'hi', name: 'Dana' } });
  });

  it('empty, too long, or not plain text: refused before sending', () => {
    expect(commentDraft({ as: 'member', name: 'c' }, 1, '   ', '')).toEqual({ ok: false, problem: 'Write a comment first.' });
    expect(commentDraft({ as: 'member', name: 'c' }, 1, 'x'.repeat(COMMENTS.maxChars + 1), '').ok).toBe(false);
    expect(commentDraft({ as: 'member', name: 'c' }, 1, '字'.repeat(COMMENTS.maxChars), '').ok).toBe(true);
    expect(commentDraft({ as: 'member', name: 'c' }, 1, 'bell\u0007', '').ok).toBe(false);
  });

  it('nobody may post: says why', () => {
    expect(commentDraft({ as: null, reason: GUEST_COMMENTS_OFF }, 1, 'hi', 'Dana')).toEqual({ ok: false, problem: GUEST_COMMENTS_OFF });
  });

  it('a time before the start or unknown is 0', () => {
    expect(commentDraft({ as: 'member', name: 'c' }, NaN, 'hi', '')).toMatchObject({ post: { atSec: 0 } });
  });
});

describe('refusal', () => {
  it('says when to try again, or the server\'s words', () => {
    expect(refusal(429, 'x', 12)).toBe('Too many at once: try again in 12 s.');
    expect(refusal(403, GUEST_COMMENTS_OFF, null)).toBe(GUEST_COMMENTS_OFF);
    expect(refusal(401, undefined, null)).toMatch(/Reload/);
  });
});
