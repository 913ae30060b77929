// The library's paged query over the real HTTP API, a real SQLite file and the real core: search by
// title, each sort, each filter, paging, member isolation, storage used; and the SQL pieces alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { HTTP } from '../../../shared/api';
import type { AccessTokenCreated, InviteCreated } from '../../../shared/accounts';
import type { Recording } from '../../../shared/domain';
import type { LibraryPage, LibraryPageInput } from '../../../shared/library';
import { writeFakeRenderer } from '../storage/testing/s3-core';
import { eventually, startTestServer, valueOf, type TestServer } from '../testing/test-server';
import { JobsRepo } from './jobs-repo';
import { InsightsRepo } from './insights-repo';
import { containsPattern, libraryPageSql } from './library-page-sql';

let s: TestServer;
let rendererDir: string;
beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'reelay-renderer-'));
  writeFakeRenderer(rendererDir);
  s = await startTestServer({ rendererDir, core: { rendererDir } });
});
afterAll(async () => {
  await s?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

const page = async (input: LibraryPageInput, as?: { token: string }): Promise<LibraryPage> => valueOf<LibraryPage>(await s.call('recordings.page', input as never, as));
const titles = (p: LibraryPage): string[] => p.items.map((r) => r.title);

/** a recording made through the API, then given a moment, a length and a state as the core would */
async function made(title: string, o: { at: number; ms?: number; state?: Recording['state']; as?: { token: string } }): Promise<Recording> {
  const rec = valueOf<Recording>(await s.call('recordings.create', { width: 640, height: 360, fps: 30, title }, o.as));
  s.core.recordings.repo.update(rec.id, { created_at: o.at, duration_ms: o.ms ?? 0, ...(o.state ? { state: o.state } : {}) });
  return rec;
}

describe('recordings.page (HTTP API, SQLite file)', () => {
  const ids = {} as Record<'standup' | 'bug' | 'demo' | 'live' | 'finishing' | 'hd' | 'failed', string>;
  beforeAll(async () => {
    // the queue publishes each new recording's status.json: let it finish, so "uploading" is only what we make so
    ids.standup = (await made('Daily standup', { at: 1000, ms: 60_000, state: 'ready' })).id;
    ids.bug = (await made('Bug in CHECKOUT', { at: 2000, ms: 300_000, state: 'ready' })).id;
    ids.demo = (await made('demo for ACME', { at: 3000, ms: 5_000, state: 'interrupted' })).id;
    ids.live = (await made('Live demo', { at: 4000, ms: 1_000, state: 'recording' })).id;
    ids.finishing = (await made('100% done_soon', { at: 5000, ms: 2_000 })).id;
    ids.hd = (await made('Architecture review', { at: 6000, ms: 120_000, state: 'ready' })).id;
    ids.failed = (await made('zebra notes', { at: 7000, ms: 30_000, state: 'ready' })).id;
    const jobs = new JobsRepo(s.core.db, Date.now);
    jobs.insert(ids.hd);
    jobs.update(ids.hd, { state: 'running' });
    jobs.insert(ids.failed);
    jobs.update(ids.failed, { state: 'failed', error: 'ffmpeg exited with 1' });
    const insights = new InsightsRepo(s.core.db);
    const view = (id: string, viewer: string) => insights.add({ recording_id: id, viewer_id: viewer, session_id: `s-${viewer}`, account_id: null, received_at: 1, played: '[[0,10]]' });
    for (const v of ['a', 'b', 'c']) view(ids.demo, v);
    view(ids.bug, 'a');
    await eventually(() => (s.core.db.prepare(`SELECT COUNT(*) FROM uploads WHERE state = 'pending'`).pluck().get() as number) === 0, 10_000, 'the status files published');
    // stopped, its tail not published yet (set after the queue ran dry, or it would become ready at once)
    s.core.recordings.repo.update(ids.finishing, { state: 'finishing' });
  });

  it('newest first by default; oldest, title (any case), longest and most viewed', async () => {
    expect(titles(await page({}))).toEqual(['zebra notes', 'Architecture review', '100% done_soon', 'Live demo', 'demo for ACME', 'Bug in CHECKOUT', 'Daily standup']);
    expect(titles(await page({ sort: 'oldest' }))[0]).toBe('Daily standup');
    expect(titles(await page({ sort: 'title' }))).toEqual(['100% done_soon', 'Architecture review', 'Bug in CHECKOUT', 'Daily standup', 'demo for ACME', 'Live demo', 'zebra notes']);
    expect(titles(await page({ sort: 'length' })).slice(0, 3)).toEqual(['Bug in CHECKOUT', 'Architecture review', 'Daily standup']);
    expect(titles(await page({ sort: 'views' })).slice(0, 2)).toEqual(['demo for ACME', 'Bug in CHECKOUT']);
  });

  it('searches a part of the title in any case; % and _ are taken as they are typed', async () => {
    expect(titles(await page({ query: 'DEMO' }))).toEqual(['Live demo', 'demo for ACME']);
    expect(titles(await page({ query: 'checkout', sort: 'title' }))).toEqual(['Bug in CHECKOUT']);
    expect(titles(await page({ query: '100%' }))).toEqual(['100% done_soon']);
    expect(titles(await page({ query: 'g_i' }))).toEqual([]); // would match 'Bug in' if _ were a wildcard
    expect((await page({ query: 'nothing like this' })).total).toBe(0);
  });

  it('shows one state: recording, ready, making HD versions, uploading, failed, interrupted', async () => {
    const shown = async (show: LibraryPageInput['show']) => titles(await page({ show, sort: 'title' }));
    expect(await shown('recording')).toEqual(['Live demo']);
    expect(await shown('ready')).toEqual(['Architecture review', 'Bug in CHECKOUT', 'Daily standup', 'zebra notes']);
    expect(await shown('hd')).toEqual(['Architecture review']);
    expect(await shown('uploading')).toEqual(['100% done_soon']);
    expect(await shown('failed')).toEqual(['zebra notes']);
    expect(await shown('interrupted')).toEqual(['demo for ACME']);
    expect(titles(await page({ show: 'ready', query: 'daily' }))).toEqual(['Daily standup']);
  });

  it('pages: each recording once, in order, with the total and where the next page starts', async () => {
    const all = titles(await page({ sort: 'title' }));
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const p: LibraryPage = await page({ sort: 'title', limit: 3, offset });
      expect(p.total).toBe(7);
      expect(p.items.length).toBeLessThanOrEqual(3);
      seen.push(...titles(p));
      offset = p.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('refuses a page larger than 100 or a sort it does not know, saying so', async () => {
    const big = await s.call('recordings.page', { limit: 101 } as never);
    expect(big.status).toBe(400);
    expect(JSON.stringify(big)).toContain('limit');
    expect((await s.call('recordings.page', { sort: 'colour' } as never)).status).toBe(400);
  });

  it("a member sees only their own recordings and their own storage; the owner sees everyone's", async () => {
    const member = await newMember('pat@example.test');
    const mine = await made('Pat demo', { at: 8000, ms: 10_000, state: 'ready', as: member });
    await eventually(() => (s.core.db.prepare(`SELECT COUNT(*) FROM uploads WHERE state = 'pending'`).pluck().get() as number) === 0, 10_000, 'its status file published');
    await s.core.sizes.idle(); // the measurements that publishing started are over: the sizes set below stay
    s.core.recordings.repo.update(mine.id, { size_bytes: 1234 });
    s.core.recordings.repo.update(ids.bug, { size_bytes: 1_000_000 });
    const theirs = await page({}, member);
    expect(titles(theirs)).toEqual(['Pat demo']);
    expect(theirs).toMatchObject({ total: 1, totalBytes: 1234 });
    expect(titles(await page({ query: 'demo' }, member))).toEqual(['Pat demo']);
    const owners = await page({ query: 'demo' });
    expect(titles(owners)).toEqual(['Pat demo', 'Live demo', 'demo for ACME']);
    // the owner's total is every recording's measured size (the others hold a published status.json)
    const everyone = await page({ limit: 100 });
    expect(owners.totalBytes).toBe(everyone.items.reduce((n, r) => n + (r.sizeBytes ?? 0), 0));
    expect(owners.totalBytes).toBeGreaterThan(1_001_234);
  });
});

describe('storage used per recording', () => {
  it('is measured from its files once it stops (the published copy hard-links the recorded ones: counted once)', async () => {
    const rec = valueOf<Recording>(await s.call('recordings.create', { width: 640, height: 360, fps: 30, title: 'sized' }));
    valueOf(await s.call('recordings.start', { id: rec.id }));
    valueOf(await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 640, height: 360, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) }));
    for (let seq = 0; seq < 3; seq++) valueOf(await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: 2, data: randomBytes(40_000) }));
    expect(valueOf<Recording>(await s.call('recordings.get', { id: rec.id })).sizeBytes).toBeNull();
    valueOf(await s.call('recordings.stop', { id: rec.id, durationMs: 6000 }));
    const ready = await eventually(async () => {
      const r = valueOf<Recording>(await s.call('recordings.get', { id: rec.id }));
      return r.state === 'ready' && r.sizeBytes !== null && r;
    }, 10_000, 'the recording ready and measured');
    await s.core.sizes.idle();
    const files = new Map<string, number>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const st = statSync(p);
          files.set(`${st.dev}:${st.ino}`, st.size);
        }
      }
    };
    walk(join(s.dataDir, 'recordings', rec.id));
    walk(join(s.dataDir, 'share', rec.shareId));
    const onDisk = [...files.values()].reduce((a, b) => a + b, 0);
    const after = valueOf<Recording>(await s.call('recordings.get', { id: rec.id }));
    expect(after.sizeBytes).toBe(onDisk);
    expect(onDisk).toBeGreaterThan(3 * 40_000 + 900);
    expect(ready.sizeBytes).toBeGreaterThan(0);
  });
});

describe('libraryPageSql', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
  it('filters by owner only for a member, and leaves cancelled recordings out', () => {
    expect(libraryPageSql({ sort: 'newest' }, null)).toEqual({ where: `r.state != 'cancelled'`, orderBy: 'r.created_at DESC, r.id DESC', params: {} });
    expect(libraryPageSql({ sort: 'oldest', query: 'x' }, 'acc1').params).toEqual({ owner: 'acc1', title: '%x%' });
  });
});

async function newMember(email: string): Promise<{ token: string }> {
  const send = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.origin}${path}`, { method: 'POST', headers: { origin: s.origin, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const invite = valueOf<InviteCreated>(await s.call('account.invite', { email }));
  const joined = await send(HTTP.auth.acceptInvite, { token: invite.link.slice(invite.link.lastIndexOf('/') + 1), password: 'member-password-1' });
  const session = /reelay_session=([^;]*)/.exec(joined.headers.get('set-cookie') ?? '')![1]!;
  const made = await send(`${HTTP.callPrefix}tokens.create`, { name: 'member token' }, { cookie: `reelay_session=${session}` });
  return { token: ((await made.json()) as { value: AccessTokenCreated }).value.token };
}
