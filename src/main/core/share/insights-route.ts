// POST <link>/insights: a viewer page's beacon. Only a viewer who may watch the link may send one; the
// body is small JSON in the beacon's exact shape; the insights service rate-limits it and adds a row.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BEACON } from '../../../shared/insights';
import type { Core } from '..';
import type { LinkDecision } from '../accounts/link-access';
import { beaconSchema } from '../insights/beacon-schema';
import type { RecordingRow } from '../library/recordings-repo';
import { fail, readBody } from './http-json';
import type { RequestAuth } from './request-auth';
import { crossSite } from './same-site';

/** the page served here names the endpoint with this tag; a bucket's copy of the page has none, and sends nothing */
export const INSIGHTS_META = `<meta name="${BEACON.metaName}" content="${BEACON.path}">`;

export interface InsightsRouteOptions {
  core: Core;
  auth: RequestAuth;
  decide: (req: IncomingMessage, rec: RecordingRow) => LinkDecision;
}

export function createInsightsRoute({ core, auth, decide }: InsightsRouteOptions) {
  return async function handleBeacon(req: IncomingMessage, res: ServerResponse, rec: RecordingRow | undefined): Promise<void> {
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1 || !core.insights.servedHere(rec)) return fail(res, 404, 'not-found', 'No such recording.');
    if (crossSite(req)) return fail(res, 403, 'forbidden', 'Beacons come from the link’s own page.');
    const decision = decide(req, rec);
    if (!decision.ok) return fail(res, decision.status, 'unauthorized', 'This viewer may not watch the link.');
    const body = await readBody(req, BEACON.maxBytes);
    if (!body.ok) {
      if (body.reason === 'too-large') fail(res, 413, 'invalid-input', `A beacon is at most ${BEACON.maxBytes} bytes.`, { connection: 'close' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.bytes.toString('utf8'));
    } catch {
      return fail(res, 400, 'invalid-input', 'A beacon is JSON.');
    }
    const parsed = beaconSchema.safeParse(json);
    if (!parsed.success) return fail(res, 400, 'invalid-input', 'Not a beacon.');
    const verdict = core.insights.accept(rec, parsed.data, { accountId: auth.sessionAccount(req)?.id ?? null, client: auth.client(req) });
    if (verdict.ok) {
      res.writeHead(204, { 'cache-control': 'no-store' }).end();
    } else if (verdict.status === 429) {
      fail(res, 429, 'rate-limited', 'Too many beacons; try again later.', { 'retry-after': String(verdict.retryAfterSec) });
    } else {
      fail(res, 422, 'invalid-input', verdict.message);
    }
  };
}
