// The words of a recording's comments in the library card. Pure.
import type { CommentAuthor, CommentCounts } from '../../../../shared/comments';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "Comments (3, 1 new) · 5 reactions"; "Comments" when there are none */
export function commentsSummary(counts: CommentCounts | null): string {
  if (counts === null || (counts.comments === 0 && counts.reactions === 0)) return 'Comments';
  const parts = [counts.unseen > 0 ? `Comments (${counts.comments}, ${counts.unseen} new)` : `Comments (${counts.comments})`];
  if (counts.reactions > 0) parts.push(plural(counts.reactions, 'reaction', 'reactions'));
  return parts.join(' · ');
}

/** "12 comments, 1 new, and 5 reactions" */
export function countsLine(counts: CommentCounts): string {
  if (counts.comments === 0 && counts.reactions === 0) return 'No comments or reactions yet.';
  const comments = plural(counts.comments, 'comment', 'comments') + (counts.unseen > 0 ? ` (${counts.unseen} new)` : '');
  return counts.reactions > 0 ? `${comments} and ${plural(counts.reactions, 'reaction', 'reactions')}` : comments;
}

export function authorName(author: CommentAuthor): string {
  return author.kind === 'guest' ? `${author.name} (guest)` : author.name;
}

/** m:ss or h:mm:ss, for a time in the recording */
export function atTime(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
