// The backfill with the real bundled ffmpeg, the real core and a real data folder, on media the test
// makes: an 8 s 1080p WebM like MediaRecorder's (starting at 0.3 s, no cues) and a 720p live rendition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createCore, type Core } from '..';
import type { Backfill } from './index';
import { createApi } from '../api';
import type { BackfillOptions } from './worker';
import { feedRecording, makeLive, makeMaster, run, testFfmpeg, testFfprobe, type LiveMedia } from './test-media';
import { parsePlaylist } from '../../../shared/hls/parse';
import { isFastStart } from '../media/mp4';
import { topLevelTypesOfFile } from '../media/mp4-file';
import { readTracks } from '../media/mp4';
import { readFragments, trackDefaults } from '../media/fmp4';
import type { Recording } from '../../../shared/domain';
import type { Storage } from '../storage/storage';
import { LOCAL } from '../accounts/principal';

const SECONDS = 8;
let root: string;
let master: string;
let live: LiveMedia;
const open: { core: Core; backfill: Backfill }[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reelay-backfill-'));
  const media = join(root, 'media');
  await fs.mkdir(media);
  master = await makeMaster(media, { seconds: SECONDS, width: 1920, height: 1080, fps: 30, codec: 'vp9', startOffsetSec: 0.3 });
  live = await makeLive(master, join(media, 'live'));
});

afterAll(async () => {
  for (const { core, backfill } of open.splice(0)) {
    await backfill.close();
    await core.close();
  }
  rmSync(root, { recursive: true, force: true });
});

async function openApp(dataDir: string, options: BackfillOptions = {}, start = true, wrapStorage?: (s: Storage) => Storage): Promise<{ core: Core; backfill: Backfill }> {
  const core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1', wrapStorage, backfill: { progressIntervalMs: 100, ...options } });
  await core.start({ backfill: start });
  const app = { core, backfill: core.backfill };
  open.push(app);
  return app;
}

async function closeApp(app: { core: Core; backfill: Backfill }): Promise<void> {
  open.splice(open.indexOf(app), 1);
  await app.backfill.close();
  await app.core.close();
}

async function until<T>(what: string, f: () => T | undefined | null | false, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** a process's state letter from /proc (R running, S sleeping, T stopped, Z exited but not reaped) */
function processState(pid: number): string {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return '-'; // gone
  }
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** the job's progress once it is done or failed */
async function finished(app: { core: Core }, rec: Recording, timeoutMs?: number): Promise<Recording['backfill']> {
  return until(
    'the job',
    () => {
      const p = app.core.recordings.get(rec.id).backfill;
      return p && (p.state === 'done' || p.state === 'failed') ? p : null;
    },
    timeoutMs,
  );
}

const shareDir = (core: Core, rec: Recording): string => join(core.shareRoot, rec.shareId);

async function drained(core: Core, rec: Recording): Promise<void> {
  await until('the uploads', () => core.publisher.pendingCount(rec.id) === 0);
}

/** the first video and audio packets' presentation times in a segment, as ffprobe sees them (edit lists applied) */
async function ffprobeStarts(init: string, segment: string, scratch: string): Promise<{ video: number; audio: number }> {
  writeFileSync(scratch, Buffer.concat([readFileSync(init), readFileSync(segment)]));
  const first = async (stream: string): Promise<number> => {
    const out = await run(testFfprobe(), ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time', '-read_intervals', '%+#1', '-of', 'csv=p=0', scratch]);
    return Number.parseFloat(out.trim().split('\n')[0]!);
  };
  return { video: await first('v:0'), audio: await first('a:0') };
}

async function ffprobeJson(file: string): Promise<{ streams: Record<string, unknown>[]; format: Record<string, unknown> }> {
  return JSON.parse(await run(testFfprobe(), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]));
}

/** each segment's audio: its decode start, and its frames' durations and bytes */
function audioOf(dir: string, rendition: string): { start: bigint; frames: string }[] {
  const init = new Uint8Array(readFileSync(join(dir, rendition, 'init.mp4')));
  const audio = readTracks(init).find((t) => t.kind === 'audio')!;
  const pl = parsePlaylist(readFileSync(join(dir, rendition, 'index.m3u8'), 'utf8'));
  if (pl.kind !== 'media') throw new Error('not a media playlist');
  return pl.segments.map((s) => {
    const run = readFragments(new Uint8Array(readFileSync(join(dir, rendition, s.uri))), trackDefaults(init)).get(audio.id)!;
    return { start: run.baseDecodeTime, frames: run.samples.map((x) => `${x.duration}:${Buffer.from(x.data).toString('base64')}`).join(' ') };
  });
}

describe('backfill with the bundled ffmpeg', () => {
  it('adds aligned 1080p and 480p rungs, a poster, thumbnails and a faststart download to the same link', async () => {
    const app = await openApp(join(root, 'data-full'));
    const updates: Recording[] = [];
    app.core.events.on('recording-updated', (r) => updates.push(r));
    const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
    const done = await finished(app, rec);
    expect(done).toMatchObject({ state: 'done', progress: 1, error: null });
    await drained(app.core, rec);
    const dir = shareDir(app.core, rec);

    // progress reached the library as events, with an estimate of the time left
    const running = updates.filter((u) => u.id === rec.id && u.backfill.state === 'running');
    expect(running.some((u) => u.backfill.progress > 0.05 && u.backfill.progress < 1)).toBe(true);
    expect(running.some((u) => u.backfill.etaSeconds !== null)).toBe(true);

    // master.m3u8 names every rendition with measured figures and the streams' own codecs
    const masterPl = parsePlaylist(readFileSync(join(dir, 'master.m3u8'), 'utf8'));
    expect(masterPl.kind).toBe('master');
    if (masterPl.kind !== 'master') return;
    const byUri = new Map(masterPl.variants.map((v) => [v.uri, v.attributes]));
    // the ffmpeg-made 720p has taken the live rung's place (the live playlist stays, read below)
    expect([...byUri.keys()].sort()).toEqual(['r1080/index.m3u8', 'r480/index.m3u8', 'r720/index.m3u8']);
    expect(byUri.get('r1080/index.m3u8')).toMatchObject({ RESOLUTION: '1920x1080', CODECS: expect.stringMatching(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/) });
    expect(byUri.get('r480/index.m3u8')).toMatchObject({ RESOLUTION: '854x480' });
    for (const attrs of byUri.values()) {
      expect(Number(attrs['BANDWIDTH'])).toBeGreaterThan(0);
      expect(Number(attrs['AVERAGE-BANDWIDTH'])).toBeGreaterThan(0);
    }

    // CODECS agrees with ffprobe's reading of the stream (profile High, its level)
    const firstSegment = join(root, 'r1080-first.mp4');
    writeFileSync(firstSegment, Buffer.concat([readFileSync(join(dir, 'r1080', 'init.mp4')), readFileSync(join(dir, 'r1080', 'seg-00000.m4s'))]));
    const probe = await ffprobeJson(firstSegment);
    const video = probe.streams.find((s) => s['codec_type'] === 'video')!;
    expect(video['profile']).toBe('High');
    const level = Number(video['level']);
    expect(byUri.get('r1080/index.m3u8')!['CODECS']!.slice(9, 11)).toBe(level.toString(16).padStart(2, '0'));

    // every rendition, the live one included, starts each segment's video within one frame of the
    // others, and carries the live rendition's own audio frames segment for segment: a switch at any
    // boundary neither jumps nor clicks, and the browser sees one audio timeline
    const starts = new Map<string, { video: number; audio: number }[]>();
    for (const name of ['live', 'r1080', 'r720', 'r480']) {
      const pl = parsePlaylist(readFileSync(join(dir, name, 'index.m3u8'), 'utf8'));
      if (pl.kind !== 'media') throw new Error('not a media playlist');
      expect(pl.ended).toBe(true);
      const list = [];
      for (const s of pl.segments) list.push(await ffprobeStarts(join(dir, name, 'init.mp4'), join(dir, name, s.uri), join(root, 'probe.mp4')));
      starts.set(name, list);
    }
    const ref = starts.get('live')!;
    expect(ref.length).toBe(SECONDS / 2);
    // on the 2 s grid from 0 (ffprobe applies the AAC priming's edit list: a few ms on every rendition)
    ref.forEach((s, k) => expect(Math.abs(s.video - 2 * k)).toBeLessThan(1 / 30));
    for (const name of ['r1080', 'r720', 'r480']) {
      const list = starts.get(name)!;
      expect(list.length).toBe(ref.length);
      list.forEach((t, k) => {
        expect(Math.abs(t.video - ref[k]!.video)).toBeLessThanOrEqual(1 / 30);
        expect(t.audio).toBeCloseTo(ref[k]!.audio, 6);
      });
      expect(audioOf(dir, name)).toEqual(audioOf(dir, 'live'));
    }

    // poster at the source size
    const poster = await ffprobeJson(join(dir, 'poster.jpg'));
    expect(poster.streams[0]).toMatchObject({ width: 1920, height: 1080 });
    expect(app.core.recordings.get(rec.id).posterUrl).toBe(`${rec.link}/poster.jpg`);

    // thumbnail sheet and its WebVTT, one tile every 2 s
    const vtt = readFileSync(join(dir, 'thumbs.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('00:00:00.000 --> 00:00:02.000\nthumbs.jpg#xywh=0,0,160,90');
    expect(vtt).toContain('00:00:06.000 --> 00:00:08.000\nthumbs.jpg#xywh=480,0,160,90');
    const sheet = await ffprobeJson(join(dir, 'thumbs.jpg'));
    expect(sheet.streams[0]).toMatchObject({ width: 640, height: 90 });

    // the download: one MP4 with its index first, the whole recording, best quality
    const download = join(dir, 'download.mp4');
    expect(isFastStart(await topLevelTypesOfFile(download))).toBe(true);
    const mp4 = await ffprobeJson(download);
    expect(Number(mp4.format['duration'])).toBeCloseTo(SECONDS, 0);
    expect(mp4.streams.map((s) => s['codec_name']).sort()).toEqual(['aac', 'h264']);
    expect(mp4.streams.find((s) => s['codec_type'] === 'video')).toMatchObject({ width: 1920, height: 1080 });

    // status.json tells the viewer what it may fetch
    expect(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'))).toMatchObject({ backfill: 'done', poster: true, thumbnails: true, download: true });
    await closeApp(app);
  });

  it('runs a job again after the app crashed in the middle of it, and finishes', async () => {
    const dataDir = join(root, 'data-crash');
    // record with the backfill attached but not running, then "quit"
    const first = await openApp(dataDir, {}, false);
    const rec = await feedRecording(first.core, master, live, { width: 1920, height: 1080, fps: 30 });
    expect(first.core.recordings.get(rec.id).backfill?.state).toBe('queued');
    await closeApp(first);

    // the app runs the job in another process; kill it (and its ffmpeg) mid-encode
    const child = spawn(process.execPath, ['node_modules/vite-node/vite-node.mjs', join(__dirname, 'crash-child.ts'), dataDir], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((r) => child.once('exit', r));
    const db = new BetterSqlite3(join(dataDir, 'library.sqlite'), { readonly: true });
    try {
      await until('the encode to be under way', () => {
        const row = db.prepare('SELECT state, progress FROM backfill_jobs WHERE recording_id = ?').get(rec.id) as { state: string; progress: number } | undefined;
        return row?.state === 'running' && row.progress > 0.15;
      });
    } finally {
      db.close();
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }

    const second = await openApp(dataDir);
    const done = await finished(second, rec);
    expect(done.state).toBe('done');
    expect(second.backfill.worker.jobs.get(rec.id)?.attempts).toBe(2);
    await drained(second.core, rec);
    const masterPl = readFileSync(join(shareDir(second.core, rec), 'master.m3u8'), 'utf8');
    expect(masterPl).toContain('r1080/index.m3u8');
    // the crashed attempt's scratch files are gone
    expect(await fs.readdir(join(second.core.recordings.intakeDir(rec.id), 'backfill'))).toEqual(['published']);
    await closeApp(second);
  });

  it('on a slow storage, status.json never promises a product that is not there yet', async () => {
    // every put takes 60 ms, so the queue lags the job: copies of status.json queued early are sent
    // after the job has made more, and must still describe only what came before them
    const put: string[] = [];
    const statuses: { status: Record<string, unknown>; before: string[] }[] = [];
    const slow = (inner: Storage): Storage => ({
      kind: inner.kind,
      linkFor: (id) => inner.linkFor(id),
      deletePrefix: (prefix) => inner.deletePrefix(prefix),
      async put(key, body, options) {
        await new Promise((r) => setTimeout(r, 60));
        await inner.put(key, body, options);
        const name = key.slice(key.indexOf('/') + 1);
        if (name === 'status.json' && 'data' in body) statuses.push({ status: JSON.parse(Buffer.from(body.data).toString('utf8')), before: [...put] });
        put.push(name);
      },
    });
    const app = await openApp(join(root, 'data-slow'), { preset: 'ultrafast' }, true, slow);
    const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
    await finished(app, rec);
    await drained(app.core, rec);
    expect(app.core.recordings.get(rec.id).backfill?.state).toBe('done');
    for (const { status, before } of statuses) {
      if (status['poster']) expect(before).toContain('poster.jpg');
      if (status['thumbnails']) expect(before).toEqual(expect.arrayContaining(['thumbs.jpg', 'thumbs.vtt']));
      if (status['download']) expect(before).toContain('download.mp4');
      if (status['backfill'] === 'done') {
        expect(before).toEqual(expect.arrayContaining(['download.mp4', 'r1080/index.m3u8', 'r480/index.m3u8']));
        expect(before.lastIndexOf('master.m3u8')).toBeGreaterThan(before.lastIndexOf('r1080/index.m3u8'));
      }
    }
    // the last word is that everything is there
    expect(statuses.at(-1)?.status).toMatchObject({ backfill: 'done', poster: true, thumbnails: true, download: true });
    await closeApp(app);
  });

  it('stops the job of a recording that is deleted, and kills its ffmpeg', async () => {
    const app = await openApp(join(root, 'data-delete'));
    const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
    const pid = await until('the encode', () => (app.core.recordings.get(rec.id).backfill?.progress ?? 0) > 0.05 && app.backfill.worker.ffmpegPid(rec.id));
    await app.core.recordings.delete(rec.id, 'both');
    expect(() => process.kill(pid, 0)).toThrow();
    expect(app.backfill.worker.runningJobs()).toEqual([]);
    expect(app.backfill.worker.jobs.get(rec.id)).toBeUndefined();
    expect(existsSync(app.core.recordings.intakeDir(rec.id))).toBe(false);
    expect(existsSync(shareDir(app.core, rec))).toBe(false);
    await closeApp(app);
  });

  it('retries a job whose ffmpeg was killed from outside', async () => {
    const app = await openApp(join(root, 'data-retry'), { retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 50, jitter: 0 }, preset: 'ultrafast' });
    const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
    // kill the ladder encode mid-run: hold it (SIGSTOP) first, so it cannot exit between our look and
    // the kill (a SIGKILL sent to an ffmpeg that has just exited, not yet reaped, would change nothing)
    const pid = await until('the encode', () => {
      const progress = app.core.recordings.get(rec.id).backfill?.progress ?? 0;
      return progress > 0.05 && progress < 0.6 && app.backfill.worker.ffmpegPid(rec.id);
    });
    app.backfill.worker.setCapturing(true);
    if (existsSync('/proc')) {
      // SIGSTOP takes effect once the process is next scheduled
      const state = await until('ffmpeg to stop', () => /^[TtZX-]$/.test(processState(pid)) && processState(pid), 5_000);
      expect(state).toBe('T');
    }
    process.kill(pid, 'SIGKILL');
    app.backfill.worker.setCapturing(false);
    await until('the retry', () => app.backfill.worker.jobs.get(rec.id)?.attempts === 2, 30_000);
    const done = await finished(app, rec, 30_000);
    expect(done.state).toBe('done');
    await closeApp(app);
  });

  it('fails with a clear message when ffmpeg is missing or broken, and the live version keeps playing', async () => {
    const broken = join(root, 'not-ffmpeg.sh');
    writeFileSync(broken, '#!/bin/sh\necho "this is not ffmpeg" >&2\nexit 1\n');
    chmodSync(broken, 0o755);
    for (const [path, expected] of [
      [join(root, 'missing', 'ffmpeg'), /could not run the ffmpeg set in Settings .*missing\/ffmpeg.*could not start ffmpeg \(ENOENT\)/],
      [broken, /could not run the ffmpeg set in Settings .*not-ffmpeg\.sh.*exit code 1/],
    ] as const) {
      const app = await openApp(join(root, `data-${path === broken ? 'broken' : 'missing'}`));
      await app.core.setSettings({ ffmpegPath: path });
      const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
      const failed = await until('the job', () => {
        const p = app.core.recordings.get(rec.id).backfill;
        return p?.state === 'failed' ? p : null;
      });
      expect(failed.error).toMatch(expected);
      expect(failed.error).toContain('The link keeps playing the live version.');
      expect(app.core.recordings.get(rec.id).backfill.state).toBe('failed');
      await drained(app.core, rec);
      const dir = shareDir(app.core, rec);
      const masterPl = parsePlaylist(readFileSync(join(dir, 'master.m3u8'), 'utf8'));
      expect(masterPl.kind === 'master' && masterPl.variants.map((v) => v.uri)).toEqual(['live/index.m3u8']);
      expect(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8'))).toMatchObject({ backfill: 'failed', poster: false });
      // fixing the setting runs the job again
      await app.core.setSettings({ ffmpegPath: null });
      await until('the job to run again', () => app.core.recordings.get(rec.id).backfill?.state !== 'failed');
      await closeApp(app);
    }
  });

  it('finishes a small window recording that needs no rungs: thumbnails, poster and download still come', async () => {
    const media = join(root, 'media-window');
    await fs.mkdir(media);
    const size = { width: 800, height: 600 };
    const small = await makeMaster(media, { seconds: 4, ...size, fps: 30, codec: 'vp9', screenLike: true });
    const smallLive = await makeLive(small, join(media, 'live'), 30, size);
    const app = await openApp(join(root, 'data-window'), { preset: 'ultrafast' });
    const rec = await feedRecording(app.core, small, smallLive, { ...size, fps: 30 });
    const done = await finished(app, rec);
    expect(done).toMatchObject({ state: 'done', error: null });
    await drained(app.core, rec);
    const dir = shareDir(app.core, rec);
    const masterPl = parsePlaylist(readFileSync(join(dir, 'master.m3u8'), 'utf8'));
    expect(masterPl.kind === 'master' && masterPl.variants.map((v) => v.uri)).toEqual(['live/index.m3u8']);
    expect(readFileSync(join(dir, 'thumbs.vtt'), 'utf8')).toContain('thumbs.jpg#xywh=0,0,');
    expect(existsSync(join(dir, 'poster.jpg'))).toBe(true);
    const mp4 = await ffprobeJson(join(dir, 'download.mp4'));
    expect(mp4.streams.find((s) => s['codec_type'] === 'video')).toMatchObject({ width: 800, height: 600 });
    await closeApp(app);
  });

  it('runs failed HD versions again when the user asks, through the API', async () => {
    // an ffmpeg that is broken at first (a disk or install problem the user then fixes)
    const script = join(root, 'ffmpeg-later.sh');
    writeFileSync(script, '#!/bin/sh\necho "ffmpeg: error while loading shared libraries" >&2\nexit 1\n');
    chmodSync(script, 0o755);
    const app = await openApp(join(root, 'data-retry-api'), { ffmpegPath: script, preset: 'ultrafast' });
    const api = createApi(app.core);
    const rec = await feedRecording(app.core, master, live, { width: 1920, height: 1080, fps: 30 });
    expect(await finished(app, rec)).toMatchObject({ state: 'failed', error: expect.stringContaining('error while loading shared libraries') });

    writeFileSync(script, `#!/bin/sh\nexec '${testFfmpeg()}' "$@"\n`);
    const retried = await api('recordings.retryBackfill', { id: rec.id }, LOCAL);
    expect(retried).toMatchObject({ ok: true, value: { id: rec.id, backfill: { state: expect.stringMatching(/^(queued|running)$/), error: null } } });
    expect(await finished(app, rec)).toMatchObject({ state: 'done', error: null });
    await drained(app.core, rec);
    expect(readFileSync(join(shareDir(app.core, rec), 'master.m3u8'), 'utf8')).toContain('r1080/index.m3u8');

    // nothing to run again: a clear error, and the recording is untouched
    expect(await api('recordings.retryBackfill', { id: rec.id }, LOCAL)).toEqual({
      ok: false,
      error: { code: 'invalid-state', message: 'Only HD versions that failed can be tried again.', retryable: false },
    });
    expect(await api('recordings.retryBackfill', { id: 'rec_doesnotexist' }, LOCAL)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await api('recordings.retryBackfill', { id: rec.id, extra: 1 }, LOCAL)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(app.core.recordings.get(rec.id).backfill?.state).toBe('done');
    await closeApp(app);
  });

  it('makes the whole ladder when there is no live rendition, so the link plays after all', async () => {
    const media = join(root, 'media-720');
    await fs.mkdir(media);
    const small = await makeMaster(media, { seconds: 4, width: 1280, height: 720, fps: 30, codec: 'vp8', screenLike: true });
    const app = await openApp(join(root, 'data-nolive'), { preset: 'ultrafast' });
    const rec = await feedRecording(app.core, small, null, { width: 1280, height: 720, fps: 30 });
    const done = await finished(app, rec);
    expect(done).toMatchObject({ state: 'done', error: null });
    await drained(app.core, rec);
    const dir = shareDir(app.core, rec);
    const masterPl = parsePlaylist(readFileSync(join(dir, 'master.m3u8'), 'utf8'));
    expect(masterPl.kind === 'master' && masterPl.variants.map((v) => [v.uri, v.attributes['RESOLUTION']])).toEqual([
      ['r480/index.m3u8', '854x480'],
      ['r720/index.m3u8', '1280x720'],
    ]);
    // the duration came from the master itself (the recorder said nothing): two 2 s tiles
    expect(readFileSync(join(dir, 'thumbs.vtt'), 'utf8')).toMatch(/\n00:00:02\.000 --> 00:00:0(3\.9\d\d|4\.000)\nthumbs\.jpg#xywh=160,0,160,90\n/);
    const mp4 = await ffprobeJson(join(dir, 'download.mp4'));
    expect(mp4.streams.find((s) => s['codec_type'] === 'video')).toMatchObject({ width: 1280, height: 720 });
    await closeApp(app);
  });
});
