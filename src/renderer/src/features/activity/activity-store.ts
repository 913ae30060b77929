// What the renderer holds of recordings.activity: a map by recording, replaced by each answer (an
// answer for some ids is the whole truth for those ids; one without ids, for all). Pure.
import type { RecordingActivity } from '../../../../shared/activity';
import { commentNotices, type Notice } from '../../../../shared/notifications';

export type ActivityMap = ReadonlyMap<string, RecordingActivity>;

export const EMPTY_ACTIVITY: ActivityMap = new Map();

/** the map after `answer` to a question about `ids` (undefined: every recording), and what to notify of */
export function applyActivity(map: ActivityMap, answer: readonly RecordingActivity[], ids?: readonly string[]): { map: ActivityMap; notices: Notice[] } {
  const next = new Map(ids === undefined ? [] : map);
  for (const id of ids ?? []) next.delete(id);
  const notices: Notice[] = [];
  for (const a of answer) {
    notices.push(...commentNotices(map.get(a.id), a));
    next.set(a.id, a);
  }
  return { map: next, notices };
}
