// Comments and reactions on a link a Reelay server serves: what the viewer page posts and reads
// (<link>/comments) and what the library shows. Types, limits and the pure checks both sides use; the
// viewer bundle imports this, so no zod here (the server's schema is in core/comments/comment-schema.ts).

export const REACTIONS = ['👍', '❤️', '😂', '🎉', '👀'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const COMMENTS = {
  /** the endpoint under the link: GET and POST <link>/comments */
  path: 'comments',
  /** bytes of one post's JSON body: 2000 characters of any script, a name, the rest */
  maxBytes: 16_384,
  /** characters of a comment's text */
  maxChars: 2000,
  /** characters of a guest's name */
  maxNameChars: 60,
  /** a list carries the newest this many comments, and as many reactions */
  maxListed: 500,
  /** the viewer page asks for the list this often */
  pollMs: 10_000,
  /** the page served by a Reelay server carries this meta tag; a bucket's copy does not */
  metaName: 'reelay-comments',
} as const;

/** what the viewer page posts: a comment or a reaction at a time of the recording */
export type CommentPost =
  | { kind: 'comment'; atSec: number; body: string; name?: string }
  | { kind: 'reaction'; atSec: number; body: Reaction; name?: string };

export type CommentAuthor = { kind: 'member'; name: string } | { kind: 'guest'; name: string };

export interface CommentItem {
  id: string;
  kind: 'comment' | 'reaction';
  /** seconds into the recording */
  atSec: number;
  /** plain text, exactly as posted: always shown as text, never as HTML */
  body: string;
  author: CommentAuthor;
  createdAt: number;
}

/** who this viewer may post as */
export type Posting = { as: 'member'; name: string } | { as: 'guest' } | { as: null; reason: string };

/** GET <link>/comments */
export interface LinkComments {
  items: CommentItem[];
  posting: Posting;
}

/** recordings.comments: the library's view of one recording's comments */
export type RecordingComments =
  | {
      available: true;
      items: CommentItem[];
      /** guests (viewers who are not signed in) may comment on the link when it is open to anyone */
      guestComments: boolean;
      comments: number;
      reactions: number;
      /** comments posted since the caller last opened them (before this call) */
      unseen: number;
    }
  | { available: false; reason: string };

/** recordings.commentCounts: what the card's summary line says before it is opened */
export interface CommentCounts {
  comments: number;
  unseen: number;
  reactions: number;
}

export const COMMENTS_NEED_SERVER = 'Comments need a Reelay Server';
export const GUEST_COMMENTS_OFF = 'The owner has turned off comments from guests: sign in to comment.';
export const SIGN_IN_TO_COMMENT = 'Sign in to comment on this recording.';

/** control characters other than tab and newline have no place in a comment or a name */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** why a comment's text cannot be posted, or null when it can (after trimming) */
export function commentProblem(body: string): string | null {
  const text = body.trim();
  if (text === '') return 'Write a comment first.';
  if ([...text].length > COMMENTS.maxChars) return `A comment is at most ${COMMENTS.maxChars} characters.`;
  if (CONTROL.test(text.replace(/\r\n?/g, '\n'))) return 'A comment is plain text.';
  return null;
}

/** why a guest's name cannot be used, or null */
export function nameProblem(name: string): string | null {
  const text = name.trim();
  if (text === '') return 'Give your name to comment.';
  if ([...text].length > COMMENTS.maxNameChars) return `A name is at most ${COMMENTS.maxNameChars} characters.`;
  if (CONTROL.test(text) || /[\n\t]/.test(text)) return 'A name is one line of plain text.';
  return null;
}

export function isReaction(s: string): s is Reaction {
  return (REACTIONS as readonly string[]).includes(s);
}
