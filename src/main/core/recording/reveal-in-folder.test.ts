// Reveal in folder: the desktop app's core (a real SQLite library in a temporary data folder, called
// the way the IPC adapter calls it) shows the recording's own files and nothing else; a Reelay Server
// refuses it over real HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ApiResult, MethodInput, MethodName } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import { createCore, type Core } from '..';
import { createApi } from '../api';
import { LOCAL } from '../accounts/principal';
import { eventually, startTestServer, type TestServer } from '../testing/test-server';
import { isInside, revealCandidates } from './reveal-in-folder';

describe('revealCandidates and isInside', () => {
  it('prefers the master selected in its folder, else the folder', () => {
    expect(revealCandidates('/d', 'abcdefgh', 'video/webm;codecs=vp9')).toEqual([join('/d', 'recordings', 'abcdefgh', 'master.webm'), join('/d', 'recordings', 'abcdefgh')]);
    expect(revealCandidates('/d', 'abcdefgh', null)).toEqual([join('/d', 'recordings', 'abcdefgh')]);
  });
  it('admits only paths strictly inside the root', () => {
    expect(isInside('/d/recordings', '/d/recordings/abc')).toBe(true);
    expect(isInside('/d/recordings', '/d/recordings')).toBe(false);
    expect(isInside('/d/recordings', '/d/recordings-other/abc')).toBe(false);
    expect(isInside('/d/recordings', '/d/secrets.json')).toBe(false);
    expect(isInside('/d/recordings', '/etc/passwd')).toBe(false);
    expect(isInside('/d/recordings', '/d/recordings/../x')).toBe(false);
    expect(isInside('/d/recordings', '/d/recordings/..abc')).toBe(true); // a name that starts with two dots
  });
});

describe('Reveal in folder in the desktop app', () => {
  let dataDir: string;
  let core: Core;
  const shown: string[] = [];
  let dispatch: ReturnType<typeof createApi>;
  const call = <M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<unknown>> => dispatch(method, input, LOCAL);
  const value = async <T>(p: Promise<ApiResult<unknown>>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`call failed: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'reelay-reveal-'));
    core = await createCore({ dataDir, shell: 'electron', version: 'test', shareBaseUrl: 'http://127.0.0.1:1', showItemInFolder: (p) => void shown.push(p) });
    await core.start({ backfill: false });
    dispatch = createApi(core);
  });
  afterAll(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterEach(() => {
    shown.length = 0;
  });

  async function record(withMaster: boolean): Promise<Recording> {
    const rec = await value<Recording>(call('recordings.create', { width: 1280, height: 720, fps: 30, title: 'Demo' }));
    await value(call('recordings.start', { id: rec.id }));
    await value(call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) }));
    await value(call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(4000) }));
    if (withMaster) await value(call('recordings.putMasterChunk', { id: rec.id, seq: 0, mimeType: 'video/webm;codecs=vp9,opus', data: randomBytes(5000) }));
    await value(call('recordings.stop', { id: rec.id, durationMs: 2000 }));
    return rec;
  }

  it('shows the full-quality master selected in the recording folder', async () => {
    const rec = await record(true);
    const answer = await value<{ path: string }>(call('recordings.reveal', { id: rec.id }));
    expect(answer.path).toMatch(new RegExp(`[\\\\/]recordings[\\\\/]${rec.id}[\\\\/]master\\.webm$`));
    expect(shown).toEqual([answer.path]);
  });

  it('shows the recording folder when it has no master file', async () => {
    const rec = await record(false);
    const answer = await value<{ path: string }>(call('recordings.reveal', { id: rec.id }));
    expect(answer.path).toMatch(new RegExp(`[\\\\/]recordings[\\\\/]${rec.id}$`));
    expect(shown).toEqual([answer.path]);
  });

  it('refuses an unknown id, a malformed one and a path, and shows nothing', async () => {
    expect(await call('recordings.reveal', { id: 'AAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('recordings.reveal', { id: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await call('recordings.reveal', { id: 'abcdefgh', path: '/etc' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(shown).toEqual([]);
  });

  it('says so once the recording was deleted from this computer, or its folder went', async () => {
    const deleted = await record(true);
    await eventually(() => core.publisher.pendingCount(deleted.id) === 0, 10_000, 'the uploads');
    await value(call('recordings.delete', { id: deleted.id, from: 'local' }));
    const gone = await call('recordings.reveal', { id: deleted.id });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('deleted from this computer') } });

    const moved = await record(true);
    renameSync(join(dataDir, 'recordings', moved.id), join(dataDir, `moved-${moved.id}`));
    const missing = await call('recordings.reveal', { id: moved.id });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('moved or deleted outside Reelay') } });
    expect(shown).toEqual([]);
  });

  it('never shows a folder a symlink leads out of the data folder', async () => {
    const rec = await record(false);
    const elsewhere = mkdtempSync(join(tmpdir(), 'reelay-elsewhere-'));
    mkdirSync(join(elsewhere, 'inside'));
    rmSync(join(dataDir, 'recordings', rec.id), { recursive: true, force: true });
    symlinkSync(join(elsewhere, 'inside'), join(dataDir, 'recordings', rec.id));
    const refused = await call('recordings.reveal', { id: rec.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('outside Reelay') } });
    expect(shown).toEqual([]);
    rmSync(elsewhere, { recursive: true, force: true });
  });
});

describe('Reveal in folder on a Reelay Server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('is refused as unsupported over HTTP, for a real recording and an unknown id alike', async () => {
    const rec = (await s.call('recordings.create', { width: 1280, height: 720, fps: 30 })) as { value: Recording };
    for (const id of [rec.value.id, 'AAAAAAAAAAAAAAAA']) {
      const res = await s.call('recordings.reveal', { id });
      expect(res).toMatchObject({ ok: false, status: 501, error: { code: 'unsupported', retryable: false, message: expect.stringContaining('desktop app only') } });
    }
    // and, like every control call, not without a session or token
    expect(await s.call('recordings.reveal', { id: rec.value.id }, { token: null })).toMatchObject({ ok: false, status: 401, error: { code: 'unauthorized' } });
  });
});
