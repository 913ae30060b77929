// A library page reads what its cards show (published poster and MP4, upload progress, HD job, link
// access, owner) with one query per kind for the whole page, and keeps its totals until something is
// written. Over the real HTTP API and a real SQLite file: a page's cards are what recordings.get says
// of each recording, and the totals follow every change a user can make or see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Recording } from '../../../shared/domain';
import type { LibraryPage, LibraryPageInput } from '../../../shared/library';
import { PUBLISHED } from '../../../shared/published';
import { keys } from '../recording/layout';
import { writeFakeRenderer } from '../storage/testing/s3-core';
import { eventually, startTestServer, valueOf, type TestServer } from '../testing/test-server';
import { AccountsRepo } from './accounts-repo';
import { JobsRepo } from './jobs-repo';
import { UploadsRepo } from './uploads-repo';

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

const page = async (input: LibraryPageInput): Promise<LibraryPage> => valueOf<LibraryPage>(await s.call('recordings.page', input as never));
const get = async (id: string): Promise<Recording> => valueOf<Recording>(await s.call('recordings.get', { id }));
const create = async (title: string): Promise<Recording> => valueOf<Recording>(await s.call('recordings.create', { width: 640, height: 360, fps: 30, title }));
/** nothing the queue would send now is left (an upload a test deferred by an hour stays) */
const queueIdle = () => eventually(() => (s.core.db.prepare(`SELECT COUNT(*) FROM uploads WHERE state = 'pending' AND next_attempt_at <= ?`).pluck().get(Date.now()) as number) === 0, 10_000, 'the queue idle');

describe('a library page (one query per kind for its cards)', () => {
  it("shows each recording as recordings.get does: poster, MP4, upload progress, HD job, who can watch, owner", async () => {
    const plain = await create('Plain');
    const published = await create('Published poster and MP4');
    const uploading = await create('Still uploading');
    const hd = await create('Making HD');
    const restricted = await create('Members only');
    const theirs = await create('Made by a member');
    await queueIdle();
    const uploads = new UploadsRepo(s.core.db, Date.now);
    for (const name of [PUBLISHED.poster, PUBLISHED.download]) {
      const id = uploads.insertGenerated({ recordingId: published.id, key: keys.asset(published.shareId, name), lane: 'backfill', contentType: 'image/jpeg', cacheControl: 'no-cache' }, 'test');
      uploads.finish(id, 'done', 5_000);
    }
    // pending, and not due for an hour: the queue leaves it alone while the test reads it
    const waiting = uploads.insertGenerated({ recordingId: uploading.id, key: keys.asset(uploading.shareId, PUBLISHED.download), lane: 'backfill', contentType: 'video/mp4', cacheControl: 'no-cache' }, 'test');
    uploads.deferAfterFailure(waiting, 1, Date.now() + 3_600_000, 'test: later');
    const jobs = new JobsRepo(s.core.db, Date.now);
    jobs.insert(hd.id);
    jobs.update(hd.id, { state: 'running', progress: 0.25, eta_seconds: 40 });
    valueOf(await s.call('recordings.setAccess', { id: restricted.id, watch: 'members', expiresAt: 4_000_000_000_000 }));
    new AccountsRepo(s.core.db).insert({ id: 'acc_member_page', email: 'member@example.test', password_hash: 'x', role: 'member', created_at: 1 });
    s.core.recordings.repo.update(theirs.id, { owner_id: 'acc_member_page' });

    const shown = (await page({ limit: 100 })).items;
    const ids = [plain, published, uploading, hd, restricted, theirs].map((r) => r.id);
    for (const id of ids) expect(shown.find((r) => r.id === id)).toEqual(await get(id));
    // and what each differs in is really there (the comparison above is not between two empty views)
    const card = (id: string): Recording => shown.find((r) => r.id === id)!;
    expect(card(published.id).posterUrl).toMatch(/\/poster\.jpg$/);
    expect(card(published.id).downloadUrl).toMatch(/\.mp4$/);
    expect(card(plain.id)).toMatchObject({ posterUrl: null, downloadUrl: null, owner: 'owner@example.test' });
    expect(card(uploading.id).upload.filesDone).toBe(card(uploading.id).upload.filesTotal - 1);
    expect(card(hd.id).backfill).toMatchObject({ state: 'running', progress: 0.25, etaSeconds: 40 });
    expect(card(restricted.id).access).toMatchObject({ watch: 'members' });
    expect(card(theirs.id).owner).toBe('member@example.test');
  });
});

describe("a page's totals (kept until something is written)", () => {
  it('follow each new recording, rename, measured size and finished upload', async () => {
    await queueIdle();
    const before = await page({ limit: 1 });
    const search = await page({ query: 'quarterly', limit: 1 });
    const rec = await create('Budget');
    expect((await page({ limit: 1 })).total).toBe(before.total + 1);
    expect((await page({ query: 'quarterly', limit: 1 })).total).toBe(search.total);
    valueOf(await s.call('recordings.rename', { id: rec.id, title: 'Quarterly budget' }));
    expect((await page({ query: 'quarterly', limit: 1 })).total).toBe(search.total + 1);
    await queueIdle();
    await s.core.sizes.idle();
    const bytes = (await page({ limit: 1 })).totalBytes;
    s.core.recordings.repo.update(rec.id, { size_bytes: (s.core.recordings.repo.get(rec.id)!.size_bytes ?? 0) + 777 });
    expect((await page({ limit: 1 })).totalBytes).toBe(bytes + 777);

    // a file waiting to be published makes it "uploading"; once it is published it is not
    const uploads = new UploadsRepo(s.core.db, Date.now);
    const uploadingBefore = (await page({ show: 'uploading', limit: 1 })).total;
    const waiting = uploads.insertGenerated({ recordingId: rec.id, key: keys.asset(rec.shareId, PUBLISHED.download), lane: 'backfill', contentType: 'video/mp4', cacheControl: 'no-cache' }, 'test');
    uploads.deferAfterFailure(waiting, 1, Date.now() + 3_600_000, 'test: later');
    expect((await page({ show: 'uploading', limit: 1 })).total).toBe(uploadingBefore + 1);
    uploads.finish(waiting, 'done', 10);
    expect((await page({ show: 'uploading', limit: 1 })).total).toBe(uploadingBefore);
  });

  it('follow a write committed by another connection to the same library file', async () => {
    const before = await page({ query: 'elsewhere', limit: 1 });
    const rec = await create('Renamed');
    expect((await page({ query: 'elsewhere', limit: 1 })).total).toBe(before.total);
    const other = new BetterSqlite3(join(s.dataDir, 'library.sqlite'));
    try {
      other.pragma('busy_timeout = 5000');
      other.prepare('UPDATE recordings SET title = ? WHERE id = ?').run('Renamed elsewhere', rec.id);
    } finally {
      other.close();
    }
    expect((await page({ query: 'elsewhere', limit: 1 })).total).toBe(before.total + 1);
  });
});
