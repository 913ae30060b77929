// Issue 11: the ladder must rise with the picture for players that rank variants by BANDWIDTH
// (Safari's native HLS, other MSE players): they take the highest variant whose BANDWIDTH their
// measured throughput covers. With the live 720p (constant rate) listed above a quality-driven 1080p
// of a still screen, such a player played 720p on a fast network and fell from 1080p straight to 480p.
//
// The real job (bundled ffmpeg, the core, its share folder) on a screen-like 1080p master and a live
// 720p rendition at a constant 1.2 Mbit/s like the browser's; then a small bandwidth-ranking player
// model reads the master.m3u8 the link serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '..';
import { feedRecording, makeMaster, readLiveFolder, run, testFfmpeg, type LiveMedia } from './test-media';
import { parsePlaylist } from '../../../shared/hls/parse';

const SECONDS = 8;

interface Variant {
  uri: string;
  bandwidth: number;
  height: number;
}

/** what a bandwidth-ranking player plays: the highest BANDWIDTH its throughput covers, else the lowest */
function pick(variants: readonly Variant[], throughputBps: number): Variant {
  const byBandwidth = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
  return byBandwidth.filter((v) => v.bandwidth <= throughputBps).pop() ?? byBandwidth[0]!;
}

function variantsOf(text: string): Variant[] {
  const parsed = parsePlaylist(text);
  if (parsed.kind !== 'master') throw new Error('not a master playlist');
  return parsed.variants.map((v) => ({ uri: v.uri, bandwidth: Number(v.attributes['BANDWIDTH']), height: Number(v.attributes['RESOLUTION']!.split('x')[1]) }));
}

/** the bits per second a rendition's published segments really cost */
async function realBitrate(dir: string): Promise<number> {
  const pl = parsePlaylist(await fs.readFile(join(dir, 'index.m3u8'), 'utf8'));
  if (pl.kind !== 'media') throw new Error('not a media playlist');
  let bytes = 0;
  for (const s of pl.segments) bytes += (await fs.stat(join(dir, s.uri))).size;
  return (bytes * 8) / pl.segments.reduce((t, s) => t + s.durationSec, 0);
}

/** a live rendition like the browser's: 720p H.264 at a constant 1.2 Mbit/s whatever the screen shows, AAC, 2 s fMP4 */
async function makeConstantRateLive(master: string, dir: string): Promise<LiveMedia> {
  await fs.mkdir(dir, { recursive: true });
  await run(
    testFfmpeg(),
    [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', master,
      '-vf', 'fps=fps=30:start_time=0,scale=1280:720,setsar=1',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-pix_fmt', 'yuv420p',
      '-b:v', '1200k', '-minrate', '1200k', '-maxrate', '1200k', '-bufsize', '600k', '-x264-params', 'nal-hrd=cbr:filler=1',
      '-force_key_frames', 'expr:gte(t,n_forced*2)', '-sc_threshold', '0', '-g', '60',
      '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
      '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_type', 'fmp4',
      '-hls_fmp4_init_filename', 'init.mp4', '-hls_segment_filename', 'seg-%05d.m4s', 'index.m3u8',
    ],
    { cwd: dir },
  );
  return readLiveFolder(dir);
}

let root: string;
let core: Core | null = null;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reelay-ladder-ranking-'));
});

afterAll(async () => {
  if (core) {
    await core.backfill.close();
    await core.close();
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the finished ladder, as a player that ranks variants by BANDWIDTH sees it', () => {
  it('plays 1080p on a fast network, steps down one rung at a time, and pays more bits only for a larger picture', async () => {
    const media = join(root, 'media');
    await fs.mkdir(media);
    const master = await makeMaster(media, { seconds: SECONDS, width: 1920, height: 1080, fps: 30, codec: 'vp8', screenLike: true });
    const live = await makeConstantRateLive(master, join(media, 'live'));
    core = await createCore({ dataDir: join(root, 'data'), shell: 'server', version: 'test', shareBaseUrl: 'http://127.0.0.1:1', backfill: { progressIntervalMs: 100 } });
    await core.start({ backfill: true });
    const c = core;
    const rec = await feedRecording(c, master, live, { width: 1920, height: 1080, fps: 30 });
    const end = Date.now() + 120_000;
    for (;;) {
      const b = c.recordings.get(rec.id).backfill;
      if (b?.state === 'done' && c.publisher.pendingCount(rec.id) === 0) break;
      if (b?.state === 'failed') throw new Error(`the backfill failed: ${b.error}`);
      if (Date.now() > end) throw new Error('timed out waiting for the backfill');
      await new Promise((r) => setTimeout(r, 100));
    }
    const dir = join(c.shareRoot, rec.shareId);
    const variants = variantsOf(readFileSync(join(dir, 'master.m3u8'), 'utf8'));
    const real = new Map<string, number>();
    for (const v of variants) real.set(v.uri, await realBitrate(join(dir, v.uri, '..')));
    const liveBitrate = await realBitrate(join(dir, 'live'));
    console.log(
      `[ladder] live 720p ${Math.round(liveBitrate / 1000)} kbit/s; master: ${variants.map((v) => `${v.height}p BANDWIDTH ${Math.round(v.bandwidth / 1000)}k (real ${Math.round(real.get(v.uri)! / 1000)}k)`).join(', ')}`,
    );

    // the ffmpeg-made 720p has replaced the live rung; the live playlist stays, complete, for viewers already on it
    expect(variants.map((v) => v.uri).sort()).toEqual(['r1080/index.m3u8', 'r480/index.m3u8', 'r720/index.m3u8']);
    const livePlaylist = parsePlaylist(readFileSync(join(dir, 'live', 'index.m3u8'), 'utf8'));
    expect(livePlaylist.kind === 'media' && livePlaylist.ended).toBe(true);
    // the case of the issue: the live rung costs more than the 1080p made from the same screen
    expect(liveBitrate).toBeGreaterThan(real.get('r1080/index.m3u8')!);

    // a fast network (unthrottled loopback) plays the largest picture
    expect(pick(variants, 1e9).height).toBe(1080);
    // from fast to weak, each rung in turn: never from 1080p straight to 480p, never a smaller picture for more throughput
    const seen: number[] = [];
    for (let bps = 20e6; bps >= 50e3; bps *= 0.97) {
      const h = pick(variants, bps).height;
      if (seen.at(-1) !== h) seen.push(h);
    }
    expect(seen).toEqual([1080, 720, 480]);
    // and the bits follow the picture: no rung costs more than a larger one
    const bySize = [...variants].sort((a, b) => a.height - b.height);
    bySize.slice(1).forEach((v, i) => {
      expect(v.bandwidth).toBeGreaterThan(bySize[i]!.bandwidth);
      expect(real.get(v.uri)!).toBeGreaterThan(real.get(bySize[i]!.uri)!);
    });
  }, 180_000);
});
