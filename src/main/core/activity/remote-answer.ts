// What a Reelay Server says is new on the recordings this app published to it, checked and turned into
// this library's terms. The server is another program on the network: its answer is validated (shape,
// sizes) before use, ids it was not asked about are ignored, and each answer maps back to the local
// recording it is about. Pure, so it is tested without a server.
import { z } from 'zod';
import type { RecordingActivity } from '../../../shared/activity';
import { COMMENTS } from '../../../shared/comments';

/** what is new on one recording, whoever's server counted it */
export type ActivityCounts = Pick<RecordingActivity, 'newViews' | 'newComments' | 'latestComment'>;

/** recordings.activity takes at most this many ids per call */
export const MAX_IDS_PER_CALL = 500;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
// a little room over our own limits: a newer server may allow longer names; nothing unbounded is kept
const latestComment = z.object({ author: z.string().max(1000), body: z.string().max(COMMENTS.maxChars * 4) }).nullable();
const answerSchema = z
  .array(z.object({ id: z.string().max(64), newViews: count, newComments: count, latestComment }).passthrough())
  .max(MAX_IDS_PER_CALL);

export type RemoteAnswer = z.infer<typeof answerSchema>;

/** the server's answer, or a message saying what was wrong with it */
export function parseRemoteAnswer(raw: unknown): { ok: true; answer: RemoteAnswer } | { ok: false; message: string } {
  const parsed = answerSchema.safeParse(raw);
  if (parsed.success) return { ok: true, answer: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `its answer to recordings.activity was not what a Reelay Server sends (${issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'unreadable'})` };
}

/** one recording published to a server: its id here and there */
export interface RemoteRecording {
  localId: string;
  remoteId: string;
}

/**
 * The answer in local ids: each asked recording with something new gets its counts; what the server
 * left out has nothing new; ids nobody asked about are dropped.
 */
export function countsByLocalId(asked: readonly RemoteRecording[], answer: RemoteAnswer): Map<string, ActivityCounts> {
  const localOf = new Map(asked.map((r) => [r.remoteId, r.localId]));
  const out = new Map<string, ActivityCounts>();
  for (const a of answer) {
    const localId = localOf.get(a.id);
    if (localId === undefined || (a.newViews === 0 && a.newComments === 0)) continue;
    out.set(localId, { newViews: a.newViews, newComments: a.newComments, latestComment: a.latestComment && { author: a.latestComment.author, body: a.latestComment.body } });
  }
  return out;
}

/** whether two answers for a recording would show the same badge and notice (undefined: nothing new) */
export function sameCounts(a: ActivityCounts | undefined, b: ActivityCounts | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.newViews === b.newViews && a.newComments === b.newComments && a.latestComment?.author === b.latestComment?.author && a.latestComment?.body === b.latestComment?.body;
}

/** `items` in calls of at most MAX_IDS_PER_CALL */
export function inCalls<T>(items: readonly T[], size = MAX_IDS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
