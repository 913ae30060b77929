// Issue 11: every rendition ends its video and its audio together. A player (MSE, Safari's, Chromium's
// native HLS) plays up to where every track has media: a last segment whose video stops a frame
// before its audio leaves the element short of its duration, standing still without `ended`.
//
// Checked at the fMP4 level, on what the backfill publishes (the real job, the bundled ffmpeg, the
// core's share folder): for each rendition, the last segment's video end (tfdt + the samples'
// durations, in the track's timescale) and its audio end agree within half an AAC frame, and the
// playlist's EXTINF add up to that end; the download MP4 made from a rung ends its two tracks within
// an AAC frame of each other. The live rendition is the renderer's, published at Stop: the test shows
// its end and checks that every rung keeps its sound whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '..';
import { feedRecording, makeMaster, run, testFfmpeg, testFfprobe, type LiveMedia } from './test-media';
import { parsePlaylist } from '../../../shared/hls/parse';
import { childBoxes, codecsOf, findBox, readTracks } from '../media/mp4';
import { editMediaTime, readFragments, runEnd, trackDefaults } from '../media/fmp4';
import type { Recording } from '../../../shared/domain';

/** 6.47 s: the last segment is a short one, like the 12.47 s recording */
const SECONDS = 6.47;
/** where the live video stops: 193 frames at 30 fps, like a live encoder that got the last one at 6.4 s */
const LIVE_VIDEO_END = 193 / 30;
/** half an AAC frame at 48 kHz: ends closer than this are the same end for every decoder */
const HALF_AAC_FRAME = 512 / 48_000;

let root: string;
const open: Core[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reelay-rendition-ends-'));
});

afterAll(async () => {
  for (const core of open.splice(0)) {
    await core.backfill.close();
    await core.close();
  }
  rmSync(root, { recursive: true, force: true });
});

/**
 * ffmpeg delays the video's presentation by the AAC priming it trims (an empty edit); mediabunny's
 * live rendition has no edit list: each edts becomes a free box, which players skip.
 */
function withoutEditLists(init: Uint8Array): Uint8Array {
  const out = init.slice();
  const moov = findBox(out, ['moov'])!;
  for (const trak of childBoxes(out, moov.start, moov.end).filter((b) => b.type === 'trak')) {
    const edts = childBoxes(out, trak.start, trak.end).find((b) => b.type === 'edts');
    if (edts) out.set([...'free'].map((c) => c.charCodeAt(0)), edts.at + 4);
  }
  return out;
}

/**
 * A live rendition that ends the way the renderer's does: its sound is cut where its video ends
 * (AudioGate), and the AAC encoder's priming frame stays at the start of its timeline (no edit list),
 * so the audio runs a little past the last video frame (mediabunny's encoder pads the last frame too:
 * up to two AAC frames past it, measured in an e2e recording).
 */
async function makeRendererLikeLive(master: string, dir: string, size: { width: number; height: number }): Promise<LiveMedia> {
  await fs.mkdir(dir, { recursive: true });
  const end = LIVE_VIDEO_END.toFixed(6);
  await run(
    testFfmpeg(),
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', master,
      '-filter_complex', `[0:v]fps=fps=30:start_time=0,trim=end=${end},scale=${size.width}:${size.height},setsar=1[v];[0:a]atrim=end=${end}[a]`,
      '-map', '[v]', '-map', '[a]',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-b:v', '1200k', '-pix_fmt', 'yuv420p',
      '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0', '-g', '60',
      '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
      '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', 'seg-%05d.m4s', 'index.m3u8',
    ],
    { cwd: dir },
  );
  const pl = parsePlaylist(await fs.readFile(join(dir, 'index.m3u8'), 'utf8'));
  if (pl.kind !== 'media' || !pl.map) throw new Error('ffmpeg wrote no media playlist');
  const init = withoutEditLists(new Uint8Array(await fs.readFile(join(dir, pl.map))));
  await fs.writeFile(join(dir, pl.map), init);
  const tracks = readTracks(init);
  const video = tracks.find((t) => t.kind === 'video')!;
  const segments = [];
  for (const [seq, s] of pl.segments.entries()) segments.push({ seq, durationSec: s.durationSec, data: new Uint8Array(await fs.readFile(join(dir, s.uri))) });
  return { dir, init, codecs: codecsOf(tracks), width: video.width!, height: video.height!, segments };
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

/** records into a fresh core, lets its backfill run to the end, and returns the link's share folder */
async function backfilled(name: string, input: string, withLive: LiveMedia | null, size: { width: number; height: number }): Promise<string> {
  const core = await createCore({ dataDir: join(root, name), shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1', backfill: { progressIntervalMs: 100, preset: 'ultrafast' } });
  open.push(core);
  await core.start({ backfill: true });
  const rec: Recording = await feedRecording(core, input, withLive, { ...size, fps: 30 });
  const done = await until('the job', () => {
    const p = core.recordings.get(rec.id).backfill;
    return p && (p.state === 'done' || p.state === 'failed') ? p : null;
  });
  expect(done).toMatchObject({ state: 'done', error: null });
  await until('the uploads', () => core.publisher.pendingCount(rec.id) === 0);
  return join(core.shareRoot, rec.shareId);
}

interface Ends {
  name: string;
  /** where the last segment's video and audio end, seconds (decode time less any edit list's media time) */
  video: number;
  audio: number;
  /** the same, as decode times only (tfdt + durations) */
  videoDecode: number;
  audioDecode: number;
  /** the playlist's EXTINF, added up, and the last one */
  extinfTotal: number;
  extinfLast: number;
  /** where the first segment's video starts: EXTINF add up from there */
  videoStart: number;
}

/** the end of a published rendition, read from its playlist, init segment and last media segment */
function endsOf(dir: string, name: string): Ends {
  const pl = parsePlaylist(readFileSync(join(dir, name, 'index.m3u8'), 'utf8'));
  if (pl.kind !== 'media' || !pl.map || !pl.ended) throw new Error(`${name}: not a complete media playlist`);
  const init = new Uint8Array(readFileSync(join(dir, name, pl.map)));
  const tracks = readTracks(init);
  const v = tracks.find((t) => t.kind === 'video')!;
  const a = tracks.find((t) => t.kind === 'audio')!;
  const runsOf = (uri: string) => readFragments(new Uint8Array(readFileSync(join(dir, name, uri))), trackDefaults(init));
  const last = runsOf(pl.segments.at(-1)!.uri);
  const first = runsOf(pl.segments[0]!.uri);
  const sec = (t: bigint, timescale: number): number => Number(t) / timescale;
  const videoDecode = sec(runEnd(last.get(v.id)!), v.timescale);
  const audioDecode = sec(runEnd(last.get(a.id)!), a.timescale);
  return {
    name,
    videoDecode,
    audioDecode,
    video: videoDecode - editMediaTime(init, v.id) / v.timescale,
    audio: audioDecode - editMediaTime(init, a.id) / a.timescale,
    extinfTotal: pl.segments.reduce((s, x) => s + x.durationSec, 0),
    extinfLast: pl.segments.at(-1)!.durationSec,
    videoStart: sec(first.get(v.id)!.baseDecodeTime, v.timescale) - editMediaTime(init, v.id) / v.timescale,
  };
}

const show = (e: Ends): string =>
  `${e.name}: video ends ${e.video.toFixed(4)} s, audio ${e.audio.toFixed(4)} s (${((e.audio - e.video) * 1000).toFixed(1)} ms apart; decode times ${e.videoDecode.toFixed(4)}/${e.audioDecode.toFixed(4)}), EXTINF total ${e.extinfTotal.toFixed(6)}, last ${e.extinfLast.toFixed(6)}`;

/** the tracks' ends in an MP4 file, as ffprobe reads its packets (edit lists applied) */
async function mp4Ends(path: string): Promise<{ video: number; audio: number }> {
  const end = async (stream: string): Promise<number> => {
    const out = await run(testFfprobe(), ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', path]);
    return Math.max(...out.trim().split('\n').map((l) => l.split(',').map(Number).reduce((x, y) => x + y, 0)));
  };
  return { video: await end('v:0'), audio: await end('a:0') };
}

/**
 * What every rung must satisfy at its end. Ends are compared as a player presents them: decode time
 * less the track's edit-list media time (ffmpeg trims its own AAC priming with one; without an edit
 * list, as in every rung built around the live sound, that is the decode time itself).
 */
function expectEndsTogether(e: Ends): void {
  expect(Math.abs(e.video - e.audio), show(e)).toBeLessThanOrEqual(HALF_AAC_FRAME);
  // the playlist says where the rendition ends: EXTINF are rounded to the microsecond
  expect(Math.abs(e.videoStart + e.extinfTotal - e.video), show(e)).toBeLessThan(0.001);
}

/**
 * The download: ffmpeg's remux gives each track's last sample its nominal length (a frame, 1024 AAC
 * samples) whatever the fMP4 said, so made from a rung its tracks end together to within one AAC
 * frame. (A file player plays to its longer track: no stall there.)
 */
async function downloadEnds(dir: string, label: string): Promise<number> {
  const download = await mp4Ends(join(dir, 'download.mp4'));
  console.log(`[rendition-ends] ${label} download.mp4: video ends ${download.video.toFixed(4)} s, audio ${download.audio.toFixed(4)} s (${((download.audio - download.video) * 1000).toFixed(1)} ms apart)`);
  return Math.abs(download.video - download.audio);
}

describe('every rendition ends its video and its audio together', () => {
  it('with a live rendition: each rung holds its last frame until the live sound ends, and the download ends with it', async () => {
    const media = join(root, 'media-1080');
    await fs.mkdir(media);
    const master = await makeMaster(media, { seconds: SECONDS, width: 1920, height: 1080, fps: 30, codec: 'vp8', startOffsetSec: 0.3 });
    const live = await makeRendererLikeLive(master, join(media, 'live'), { width: 1280, height: 720 });
    const dir = await backfilled('data-live', master, live, { width: 1920, height: 1080 });
    const [liveEnds, ...rungs] = ['live', 'r1080', 'r720', 'r480'].map((n) => endsOf(dir, n));
    // the live rendition is what the renderer made and published at Stop: its sound outlasts its video
    console.log(`[rendition-ends] ${show(liveEnds!)} (the renderer's, published at Stop: not changed by the backfill)`);
    expect(liveEnds!.video).toBeCloseTo(LIVE_VIDEO_END, 4);
    expect(liveEnds!.audio).toBeGreaterThan(liveEnds!.video + HALF_AAC_FRAME);
    for (const e of rungs) {
      console.log(`[rendition-ends] ${show(e)}`);
      expectEndsTogether(e);
      // the live sound whole, to its last frame, and one end for the whole ladder
      expect(e.audioDecode).toBe(liveEnds!.audioDecode);
      expect(e.extinfTotal).toBeCloseTo(rungs[0]!.extinfTotal, 6);
    }
    expect(await downloadEnds(dir, 'with live (from r1080):')).toBeLessThanOrEqual(2 * HALF_AAC_FRAME);
  });

  it('with a live rendition and no rung above it: the rung below ends both tracks together', async () => {
    const media = join(root, 'media-720-live');
    await fs.mkdir(media);
    const master = await makeMaster(media, { seconds: SECONDS, width: 1280, height: 720, fps: 30, codec: 'vp8', startOffsetSec: 0.3 });
    const live = await makeRendererLikeLive(master, join(media, 'live'), { width: 1280, height: 720 });
    const dir = await backfilled('data-live-720', master, live, { width: 1280, height: 720 });
    const r480 = endsOf(dir, 'r480');
    console.log(`[rendition-ends] 720p: ${show(r480)}`);
    expectEndsTogether(r480);
    // made from the live rendition, the download keeps the live's own end (its sound past its video,
    // as the renderer made it): shown, not checked
    await downloadEnds(dir, 'with live (from live):');
  });

  it('without a live rendition: each rung, whose sound ffmpeg encoded, ends its video with it, and so does the download', async () => {
    const media = join(root, 'media-720');
    await fs.mkdir(media);
    const master = await makeMaster(media, { seconds: SECONDS, width: 1280, height: 720, fps: 30, codec: 'vp8', startOffsetSec: 0.3 });
    const dir = await backfilled('data-nolive', master, null, { width: 1280, height: 720 });
    const ends = ['r720', 'r480'].map((n) => endsOf(dir, n));
    for (const e of ends) {
      console.log(`[rendition-ends] no live: ${show(e)}`);
      expectEndsTogether(e);
    }
    expect(ends[1]!.extinfTotal).toBeCloseTo(ends[0]!.extinfTotal, 6);
    expect(await downloadEnds(dir, 'no live (from r720):')).toBeLessThanOrEqual(2 * HALF_AAC_FRAME);
  });
});
