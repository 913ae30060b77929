// Where comments and reactions sit on the seek bar, and the counts the reaction buttons show. Pure.
import { REACTIONS, type CommentItem, type Reaction } from '../../../shared/comments';
import { formatTime } from './time';

export interface SeekMark {
  kind: 'comment' | 'reaction';
  /** from the left of the seek bar, 0–100 */
  leftPercent: number;
  /** where a click on it seeks: the earliest item it stands for */
  atSec: number;
  count: number;
  /** a comment mark: "2 comments at 0:04"; a reaction mark: its most frequent emoji */
  label: string;
}

/**
 * One mark per kind per slice of the bar (`slices` of them), so a busy moment stays one mark; items
 * past the known length (a live recording) sit at its end. Nothing while the length is unknown.
 */
export function seekMarks(items: readonly CommentItem[], durationSec: number, slices = 100): SeekMark[] {
  if (!(durationSec > 0)) return [];
  const groups = new Map<string, CommentItem[]>();
  for (const item of items) {
    const slice = Math.min(slices - 1, Math.max(0, Math.floor((item.atSec / durationSec) * slices)));
    const key = `${item.kind}:${slice}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const marks: SeekMark[] = [];
  for (const group of groups.values()) {
    const first = group.reduce((a, b) => (b.atSec < a.atSec ? b : a));
    const kind = first.kind;
    const leftPercent = Math.round(Math.min(100, (first.atSec / durationSec) * 100) * 100) / 100;
    const label = kind === 'comment' ? `${group.length} ${group.length === 1 ? 'comment' : 'comments'} at ${formatTime(first.atSec)}` : mostFrequent(group.map((i) => i.body));
    marks.push({ kind, leftPercent, atSec: first.atSec, count: group.length, label });
  }
  return marks.sort((a, b) => a.leftPercent - b.leftPercent || a.kind.localeCompare(b.kind));
}

function mostFrequent(bodies: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const b of bodies) counts.set(b, (counts.get(b) ?? 0) + 1);
  let best = bodies[0] ?? '';
  for (const [b, n] of counts) if (n > (counts.get(best) ?? 0)) best = b;
  return best;
}

/** how many of each reaction the recording has, in the buttons' order */
export function reactionCounts(items: readonly CommentItem[]): Record<Reaction, number> {
  const counts = Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<Reaction, number>;
  for (const item of items) if (item.kind === 'reaction' && item.body in counts) counts[item.body as Reaction]++;
  return counts;
}

/** the comments (not the reactions) in the order of the recording */
export function listedComments(items: readonly CommentItem[]): CommentItem[] {
  return items.filter((i) => i.kind === 'comment').sort((a, b) => a.atSec - b.atSec || a.createdAt - b.createdAt);
}
