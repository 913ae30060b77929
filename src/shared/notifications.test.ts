import { describe, expect, it } from 'vitest';
import type { RecordingActivity } from './activity';
import { commentNotices, noticeText, NOTICE_BODY_CHARS } from './notifications';

const now = (over: Partial<RecordingActivity> = {}): RecordingActivity => ({
  id: 'rec-00001',
  title: 'Demo',
  createdAt: 0,
  newViews: 0,
  newComments: 1,
  latestComment: { author: 'Dana', body: 'Nice demo' },
  ...over,
});

describe('commentNotices', () => {
  it('a new comment: one notice naming the recording, the author and the text', () => {
    const notices = commentNotices(undefined, now());
    expect(notices).toEqual([{ recordingId: 'rec-00001', title: 'New comment on “Demo”', body: 'Dana: Nice demo' }]);
    expect(noticeText(notices[0]!)).toBe('New comment on “Demo”: Dana: Nice demo');
  });

  it('several at once: one notice with the count and the newest', () => {
    expect(commentNotices({ newComments: 1 }, now({ newComments: 4 }))).toEqual([{ recordingId: 'rec-00001', title: '3 new comments on “Demo”', body: 'Dana: Nice demo' }]);
  });

  it('nothing added (views only, the same count, opened or deleted): nothing', () => {
    expect(commentNotices({ newComments: 1 }, now())).toEqual([]);
    expect(commentNotices({ newComments: 3 }, now({ newComments: 1 }))).toEqual([]);
    expect(commentNotices(undefined, now({ newComments: 0, newViews: 5, latestComment: null }))).toEqual([]);
  });

  it('a long comment is cut and kept on one line; an untitled recording is still named', () => {
    const [n] = commentNotices(undefined, now({ title: '  ', latestComment: { author: 'Eve', body: `line one\n\n${'x'.repeat(500)}` } }));
    expect(n!.title).toBe('New comment on “your recording”');
    expect(n!.body.startsWith('Eve: line one x')).toBe(true);
    expect(n!.body.length).toBe('Eve: '.length + NOTICE_BODY_CHARS);
    expect(n!.body.endsWith('…')).toBe(true);
  });
});
