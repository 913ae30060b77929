// GET /oembed?url=<link>&format=json: the oEmbed answer for a link open to anyone. The URL must be
// exactly one of this server's links (or its embed page); a link limited to members, a password or
// an expiry date answers 401 and says nothing of the recording (an unfurler is nobody in particular,
// and its answer is cached and shown to whoever the link is pasted to).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '..';
import type { LinkDecision } from '../accounts/link-access';
import type { RecordingRow } from '../library/recordings-repo';
import { fail } from './http-json';
import { linkOfUrl, oembedAnswer, oembedQuery } from './oembed';
import { sendText } from './share-routes';

export interface OembedRouteOptions {
  core: Core;
  decide: (req: IncomingMessage, rec: RecordingRow) => LinkDecision;
}

export function createOembedRoute({ core, decide }: OembedRouteOptions) {
  return function handleOembed(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', undefined, { allow: 'GET, HEAD' });
      return;
    }
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const query = oembedQuery.safeParse(params);
    if (!query.success) return fail(res, 400, 'invalid-input', 'oEmbed needs url=<a Reelay link> (and maxwidth, maxheight of at least 120 if given).');
    if (query.data.format !== undefined && query.data.format !== 'json') {
      // the spec's answer for a format the provider does not implement
      return fail(res, 501, 'invalid-input', 'Only format=json is offered.');
    }
    const named = linkOfUrl(query.data.url);
    const rec = named ? core.recordings.repo.byShareId(named.shareId) : undefined;
    if (!named || !rec || rec.state === 'cancelled' || rec.published_deleted === 1 || rec.link !== named.link) {
      return fail(res, 404, 'not-found', 'That URL is not a recording on this server.');
    }
    const decision = decide(req, rec);
    if (!decision.ok || decision.restricted) {
      return fail(res, 401, 'unauthorized', 'This recording is not open to anyone with the link, so it cannot be embedded or previewed.');
    }
    const body = oembedAnswer(
      { title: rec.title, link: rec.link, width: rec.width, height: rec.height, durationMs: rec.duration_ms, posterUrl: core.publisher.posterUrl(rec) },
      query.data,
    );
    // any site may read it (embedding is the point), and it changes when the poster appears or the title changes
    sendText(res, 200, JSON.stringify(body), 'application/json; charset=utf-8', { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' });
  };
}
