// GET and POST <link>/comments: the viewer page's comments and reactions. Only a viewer who may watch
// the link may read or post; who they post as (a member, a named guest, nobody) is the comments
// service's decision; a post is small JSON in an exact shape, and is rate-limited.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMENTS } from '../../../shared/comments';
import type { Core } from '..';
import type { LinkDecision } from '../accounts/link-access';
import { commentPostSchema, postProblem } from '../comments/comment-schema';
import type { RecordingRow } from '../library/recordings-repo';
import { fail, readBody, sendResult } from './http-json';
import type { RequestAuth } from './request-auth';
import { crossSite } from './same-site';

/** the page served here names the endpoint with this tag; a bucket's copy of the page has none, and shows no comments */
export const COMMENTS_META = `<meta name="${COMMENTS.metaName}" content="${COMMENTS.path}">`;

export interface CommentsRouteOptions {
  core: Core;
  auth: RequestAuth;
  decide: (req: IncomingMessage, rec: RecordingRow) => LinkDecision;
}

export function createCommentsRoute({ core, auth, decide }: CommentsRouteOptions) {
  return async function handleComments(req: IncomingMessage, res: ServerResponse, rec: RecordingRow | undefined): Promise<void> {
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1 || !core.comments.servedHere(rec)) return fail(res, 404, 'not-found', 'No such recording.');
    if (req.method !== 'GET' && req.method !== 'POST') return fail(res, 405, 'invalid-input', 'GET or POST.', { allow: 'GET, POST' });
    if (crossSite(req)) return fail(res, 403, 'forbidden', 'Comments come from the link’s own page.');
    const decision = decide(req, rec);
    if (!decision.ok) return fail(res, decision.status, 'unauthorized', 'This viewer may not watch the link.');
    const account = auth.sessionAccount(req);
    const openToAnyone = !decision.restricted;
    const noStore = { 'cache-control': 'private, no-store' };
    if (req.method === 'GET') return sendResult(res, 200, { ok: true, value: core.comments.forViewer(rec, account, openToAnyone) }, noStore);

    // a JSON body makes another origin's fetch preflight (and a plain form cannot send one)
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return fail(res, 415, 'invalid-input', 'A comment is sent as JSON.');
    const body = await readBody(req, COMMENTS.maxBytes);
    if (!body.ok) {
      if (body.reason === 'too-large') fail(res, 413, 'invalid-input', `A comment is at most ${COMMENTS.maxChars} characters.`, { connection: 'close' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.bytes.toString('utf8'));
    } catch {
      return fail(res, 400, 'invalid-input', 'A comment is JSON.');
    }
    const parsed = commentPostSchema.safeParse(json);
    if (!parsed.success) return fail(res, 400, 'invalid-input', postProblem(parsed.error));
    const verdict = core.comments.post(rec, parsed.data, { account, client: auth.client(req), openToAnyone });
    if (verdict.ok) return sendResult(res, 201, { ok: true, value: verdict.item }, noStore);
    if (verdict.status === 429) return fail(res, 429, 'rate-limited', 'Too many comments; wait a moment and try again.', { 'retry-after': String(verdict.retryAfterSec) });
    return fail(res, verdict.status, verdict.status === 403 ? 'forbidden' : 'invalid-input', verdict.message);
  };
}
