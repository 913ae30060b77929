// What the comment form may send, and what to tell the viewer when the server refuses. Pure.
import { commentProblem, nameProblem, type CommentPost, type Posting } from '../../../shared/comments';

export type Draft = { ok: true; post: CommentPost } | { ok: false; problem: string };

/** the post the form's fields make at `atSec`, or what is wrong with them */
export function commentDraft(posting: Posting, atSec: number, body: string, name: string): Draft {
  if (posting.as === null) return { ok: false, problem: posting.reason };
  const problem = commentProblem(body) ?? (posting.as === 'guest' ? nameProblem(name) : null);
  if (problem) return { ok: false, problem };
  const post: CommentPost = { kind: 'comment', atSec: roundTime(atSec), body: body.trim() };
  if (posting.as === 'guest') post.name = name.trim();
  return { ok: true, post };
}

export function roundTime(atSec: number): number {
  return Number.isFinite(atSec) && atSec > 0 ? Math.round(atSec * 10) / 10 : 0;
}

/** the words for a refused post: the server's own message when it gave one */
export function refusal(status: number, message: string | undefined, retryAfterSec: number | null): string {
  if (status === 429) return `Too many at once: try again in ${retryAfterSec ?? 60} s.`;
  if (status === 401 || status === 410) return 'This link no longer lets you comment. Reload the page.';
  return message ?? 'The comment was not posted. Try again.';
}
