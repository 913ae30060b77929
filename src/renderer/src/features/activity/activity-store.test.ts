import { describe, expect, it } from 'vitest';
import type { RecordingActivity } from '../../../../shared/activity';
import { applyActivity, EMPTY_ACTIVITY } from './activity-store';

const a = (id: string, newComments: number, newViews = 0): RecordingActivity => ({ id, title: `T ${id}`, createdAt: 0, newViews, newComments, latestComment: newComments > 0 ? { author: 'Dana', body: `on ${id}` } : null });

describe('applyActivity', () => {
  it('an answer for everything replaces the map; the first comment on a recording is a notice', () => {
    const { map, notices } = applyActivity(EMPTY_ACTIVITY, [a('r1', 1), a('r2', 0, 3)]);
    expect([...map.keys()]).toEqual(['r1', 'r2']);
    expect(notices.map((n) => n.body)).toEqual(['Dana: on r1']);
    const again = applyActivity(map, [a('r2', 0, 3)]);
    expect([...again.map.keys()]).toEqual(['r2']);
    expect(again.notices).toEqual([]);
  });

  it('an answer for some ids: those are replaced (absent: nothing new any more), the others kept', () => {
    const { map } = applyActivity(EMPTY_ACTIVITY, [a('r1', 1), a('r2', 2)]);
    const opened = applyActivity(map, [], ['r1']);
    expect([...opened.map.keys()]).toEqual(['r2']);
    const more = applyActivity(opened.map, [a('r2', 3)], ['r2']);
    expect(more.map.get('r2')!.newComments).toBe(3);
    expect(more.notices.map((n) => n.title)).toEqual(['New comment on “T r2”']);
  });
});
