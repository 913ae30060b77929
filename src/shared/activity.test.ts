import { describe, expect, it } from 'vitest';
import { activityLine } from './activity';

describe('activityLine (the card\'s badge)', () => {
  it('says what is new, views first, in the singular and plural', () => {
    expect(activityLine({ newViews: 3, newComments: 1 })).toBe('3 new views, 1 comment');
    expect(activityLine({ newViews: 1, newComments: 1 })).toBe('1 new view, 1 comment');
    expect(activityLine({ newViews: 0, newComments: 2 })).toBe('2 comments');
    expect(activityLine({ newViews: 1, newComments: 0 })).toBe('1 new view');
  });

  it('nothing new: no badge', () => {
    expect(activityLine({ newViews: 0, newComments: 0 })).toBeNull();
  });
});
