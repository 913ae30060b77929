// Comments and reactions of the links this server serves: who may post as whom (the link's access, the
// owner's guest-comments switch), rate limits, and the lists the viewer page and the library read.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../../shared/accounts';
import {
  COMMENTS,
  COMMENTS_NEED_SERVER,
  GUEST_COMMENTS_OFF,
  SIGN_IN_TO_COMMENT,
  type CommentCounts,
  type CommentItem,
  type CommentPost,
  type LinkComments,
  type Posting,
  type RecordingComments,
} from '../../../shared/comments';
import type { NewComment } from '../../../shared/activity';
import { checkAll, RateLimiter, type RateLimit } from '../accounts/rate-limiter';
import { ReelayError } from '../errors';
import type { CommentRow, CommentsRepo } from '../library/comments-repo';
import type { RecordingRow } from '../library/recordings-repo';

/** comments one viewer (an account, or a guest's address) may post per window */
export const COMMENT_LIMIT: RateLimit = { max: 10, windowMs: 60_000 };
/** reactions are a click each: more of them */
export const REACTION_LIMIT: RateLimit = { max: 30, windowMs: 60_000 };
/** everything from one address (many viewers can share one behind NAT) */
export const CLIENT_LIMIT: RateLimit = { max: 120, windowMs: 60_000 };
/** a finished recording's comments may sit this far past its reported length (then at its end) */
const END_SLACK_SEC = 2;

export type PostVerdict = { ok: true; item: CommentItem } | { ok: false; status: 403 | 422; message: string } | { ok: false; status: 429; retryAfterSec: number };

export interface CommentsServiceOptions {
  repo: CommentsRepo;
  /** is this recording's link served here (not by a bucket alone)? */
  servedHere: (rec: RecordingRow) => boolean;
  /** an account's email; null: no such account (a removed member) */
  emailOf: (accountId: string) => string | null;
  now: () => number;
  commentLimit?: RateLimit;
  reactionLimit?: RateLimit;
  clientLimit?: RateLimit;
  /** a recording's comments changed (posted, deleted) or were opened */
  changed?: (recordingId: string) => void;
}

/** what a viewer sees as a member's name: the part of the email before the @ (not the whole address) */
export function publicName(email: string): string {
  const at = email.indexOf('@');
  return at > 0 ? email.slice(0, at) : email;
}

const isFinished = (rec: RecordingRow): boolean => !(rec.state === 'recording' || rec.state === 'paused' || rec.state === 'created');

export class CommentsService {
  private readonly comments: RateLimiter;
  private readonly reactions: RateLimiter;
  private readonly clients: RateLimiter;

  constructor(private readonly o: CommentsServiceOptions) {
    this.comments = new RateLimiter(o.commentLimit ?? COMMENT_LIMIT, o.now);
    this.reactions = new RateLimiter(o.reactionLimit ?? REACTION_LIMIT, o.now);
    this.clients = new RateLimiter(o.clientLimit ?? CLIENT_LIMIT, o.now);
  }

  servedHere(rec: RecordingRow): boolean {
    return this.o.servedHere(rec);
  }

  /** who a viewer allowed to watch `rec` may post as; `openToAnyone`: the link has no rule beyond having it */
  posting(rec: RecordingRow, account: Account | null, openToAnyone: boolean): Posting {
    if (account) return { as: 'member', name: publicName(account.email) };
    if (!openToAnyone) return { as: null, reason: SIGN_IN_TO_COMMENT };
    if (!this.o.repo.guestComments(rec.id)) return { as: null, reason: GUEST_COMMENTS_OFF };
    return { as: 'guest' };
  }

  /** the list the viewer page shows (members by the first part of their email) */
  forViewer(rec: RecordingRow, account: Account | null, openToAnyone: boolean): LinkComments {
    const items = this.o.repo.listed(rec.id, COMMENTS.maxListed).map((r) => this.item(r, (email) => publicName(email)));
    return { items, posting: this.posting(rec, account, openToAnyone) };
  }

  /** a post the share server validated, from a viewer allowed to watch `rec` */
  post(rec: RecordingRow, post: CommentPost, from: { account: Account | null; client: string; openToAnyone: boolean }): PostVerdict {
    const posting = this.posting(rec, from.account, from.openToAnyone);
    if (posting.as === null) return { ok: false, status: 403, message: posting.reason };
    if (posting.as === 'guest' && (post.name === undefined || post.name === '')) return { ok: false, status: 422, message: 'Give your name to comment.' };
    const poster = from.account ? `account|${from.account.id}` : `guest|${from.client}`;
    const limiter = post.kind === 'comment' ? this.comments : this.reactions;
    const verdict = checkAll([limiter.check(poster), this.clients.check(from.client)]);
    if (!verdict.allowed) return { ok: false, status: 429, retryAfterSec: verdict.retryAfterSec };
    limiter.fail(poster);
    this.clients.fail(from.client);

    let atSec = Math.round(post.atSec * 10) / 10;
    if (isFinished(rec)) {
      const end = rec.duration_ms / 1000;
      if (atSec > end + END_SLACK_SEC) return { ok: false, status: 422, message: 'That time is past the end of the recording.' };
      atSec = Math.min(atSec, end);
    }
    const row: Omit<CommentRow, 'deleted_at'> = {
      id: randomBytes(12).toString('base64url'),
      recording_id: rec.id,
      kind: post.kind,
      at_sec: atSec,
      body: post.body,
      account_id: from.account?.id ?? null,
      guest_name: from.account ? null : post.name!,
      created_at: this.o.now(),
    };
    this.o.repo.add(row);
    this.o.changed?.(rec.id);
    return { ok: true, item: this.item({ ...row, deleted_at: null }, publicName) };
  }

  /** the library's view; `reader` (an account id, or 'local' on the desktop) has now seen them */
  forLibrary(rec: RecordingRow, reader: string): RecordingComments {
    if (!this.servedHere(rec)) return { available: false, reason: COMMENTS_NEED_SERVER };
    const { comments, reactions, unseen } = this.counts(rec, reader);
    this.o.repo.markSeen(rec.id, reader, this.o.now());
    this.o.changed?.(rec.id);
    const items = this.o.repo.listed(rec.id, COMMENTS.maxListed).map((r) => this.item(r, (email) => email));
    return { available: true, items, guestComments: this.o.repo.guestComments(rec.id), comments, reactions, unseen };
  }

  counts(rec: RecordingRow, reader: string): CommentCounts {
    return this.o.repo.counts(rec.id, this.o.repo.seenAt(rec.id, reader), reader);
  }

  /** per recording of `recs` with any: the comments `reader` has not seen (not their own) and the newest of them */
  unseenOf(recs: readonly RecordingRow[], reader: string): Map<string, { unseen: number; latest: NewComment }> {
    const out = new Map<string, { unseen: number; latest: NewComment }>();
    for (const c of this.o.repo.unseenOf(recs.map((r) => r.id), reader)) out.set(c.recording_id, { unseen: c.unseen, latest: { author: this.authorOf(c, (email) => email).name, body: c.body } });
    return out;
  }

  delete(rec: RecordingRow, commentId: string): void {
    if (!this.o.repo.delete(rec.id, commentId, this.o.now())) throw new ReelayError('not-found', 'No such comment (it may have been deleted already).');
  }

  setGuestComments(rec: RecordingRow, allowed: boolean): void {
    this.o.repo.setGuestComments(rec.id, allowed);
  }

  private item(r: CommentRow, nameOfEmail: (email: string) => string): CommentItem {
    return { id: r.id, kind: r.kind, atSec: r.at_sec, body: r.body, author: this.authorOf(r, nameOfEmail), createdAt: r.created_at };
  }

  private authorOf(r: Pick<CommentRow, 'account_id' | 'guest_name'>, nameOfEmail: (email: string) => string): CommentItem['author'] {
    if (r.guest_name !== null) return { kind: 'guest', name: r.guest_name };
    const email = r.account_id === null ? null : this.o.emailOf(r.account_id);
    return { kind: 'member', name: email === null ? 'A former member' : nameOfEmail(email) };
  }
}
