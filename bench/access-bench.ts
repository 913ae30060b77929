// The cost of "who can watch" on a share link: the access check alone (median µs per request, in
// process) and a whole segment request over HTTP (median and p95 ms), for a link open to anyone and a
// password link with its grant cookie, against the same request before any rule existed.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startTestServer } from '../src/main/core/testing/test-server';
import { makeLiveFixture } from '../src/main/core/testing/media-fixtures';
import { createRequestAuth, parseCookies } from '../src/main/core/share/request-auth';
import { grantCookieName } from '../src/main/core/accounts/link-access';
import type { Recording } from '../src/shared/domain';

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runAccessBench(o: { checks: number; requests: number }): Promise<object> {
  const root = mkdtempSync(join(tmpdir(), 'reelay-access-bench-'));
  const fixture = await makeLiveFixture(join(root, 'live'), 4);
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'viewer.html'), '<!doctype html><head><!--reelay:head--></head>');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const s = await startTestServer({ rendererDir, dataDir: join(root, 'data') });
  try {
    const rec = ((await s.call('recordings.create', { width: 320, height: 180, fps: 30 })) as { value: Recording }).value;
    await s.call('recordings.start', { id: rec.id });
    await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 320, height: 180, frameRate: 30, bitrate: 300_000, data: fixture.init });
    for (const [seq, seg] of fixture.segments.entries()) await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data });
    await s.call('recordings.stop', { id: rec.id, durationMs: 4000 });
    const segment = `${rec.link}/live/seg-00000.m4s`;
    for (let i = 0; i < 200 && (await fetch(segment)).status !== 200; i++) await new Promise((r) => setTimeout(r, 25));
    const row = s.core.recordings.repo.get(rec.id)!;
    const auth = createRequestAuth({ accounts: s.core.accounts, secureCookies: false, trustProxy: false });

    /** what share-routes does per request: the session (if any), the grant cookie, the decision */
    const check = (cookie: string | undefined): number => {
      const req = { headers: cookie ? { cookie } : {}, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) s.core.linkAccess.decide(row, { account: () => auth.sessionAccount(req), grant: parseCookies(req.headers.cookie).get(grantCookieName(row.share_id)) });
      return ((performance.now() - t0) * 1000) / 100;
    };
    const checks = (cookie?: string): number[] => Array.from({ length: o.checks }, () => check(cookie));
    const http = async (cookie?: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        const t0 = performance.now();
        const res = await fetch(segment, { headers: cookie ? { cookie } : {} });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`segment answered ${res.status}`);
        times.push(performance.now() - t0);
      }
      return times;
    };

    const noRule = { check: checks(), http: await http() };
    await s.call('recordings.setAccess', { id: rec.id, watch: 'anyone', expiresAt: Date.now() + 86_400_000 });
    const open = { check: checks(), http: await http() };
    await s.call('recordings.setAccess', { id: rec.id, watch: 'password', password: 'bench-password', expiresAt: null });
    const unlocked = await fetch(`${rec.link}/unlock`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'password=bench-password', redirect: 'manual' });
    const grant = unlocked.headers.get('set-cookie')!.split(';')[0]!;
    const restricted = { check: checks(grant), http: await http(grant) };
    const member = `reelay_session=${(await s.core.accounts.signIn('owner@example.test', 'owner-password-1', 'bench')).session}`;
    const signedIn = { check: checks(member), http: await http(member) };

    const row2 = (name: string, r: { check: number[]; http: number[] }) => ({
      link: name,
      checkMedianUs: round(percentile(r.check, 50), 2),
      checkP95Us: round(percentile(r.check, 95), 2),
      segmentRequestMedianMs: round(percentile(r.http, 50), 3),
      segmentRequestP95Ms: round(percentile(r.http, 95), 3),
    });
    return {
      benchmark: 'who can watch: the access check per segment request',
      method: `the check as share-routes runs it (session lookup + grant cookie + decision), ${o.checks}×100 calls in process; then ${o.requests} sequential GETs of one 2 s segment over loopback HTTP, per kind of link`,
      results: [row2('no rule (before accounts)', noRule), row2('anyone with the link (with an expiry date)', open), row2('password, with its grant cookie', restricted), row2('signed-in member (session cookie)', signedIn)],
    };
  } finally {
    await s.close();
  }
}
