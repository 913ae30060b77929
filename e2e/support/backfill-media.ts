// What the backfill spec reads from a share link: the master playlist and its variants, the extra
// files, and a viewer page playing across forced rung switches.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page, Route } from 'playwright-core';
import { parsePlaylist, type ParsedMasterPlaylist, type ParsedMediaPlaylist } from '../../src/shared/hls/parse';

export interface Variant {
  uri: string;
  /** absolute URL of the media playlist */
  url: string;
  width: number;
  height: number;
  bandwidth: number;
  attributes: Record<string, string>;
}

/**
 * Responses that came short or never finished (timed out, connection closed mid-body). The share
 * server measures and reads the same open file (http-files.ts), so a replaced playlist is never sent
 * torn; a short body here means a dropped connection. Requests are retried and counted, so the spec
 * can say how often it happened.
 */
export const shortBodies: string[] = [];

/** records a torn read (see shortBodies) and gives undefined, for polls that simply look again */
export function tornRead(url: string): (e: unknown) => undefined {
  return (e) => {
    shortBodies.push(`${url}: ${String(e)}`);
    return undefined;
  };
}

const FETCH_TIMEOUT_MS = 3_000;
const FETCH_ATTEMPTS = 4;

async function get(url: string, ok404 = false): Promise<Response | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (ok404 && res.status === 404) return null;
      if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
      // read the body under the same timeout, then hand out a complete copy
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, headers: res.headers });
    } catch (e) {
      const name = (e as Error).name;
      const cause = String((e as { cause?: unknown }).cause ?? '');
      const cutShort = name === 'TimeoutError' || name === 'AbortError' || /other side closed|terminated/.test(`${String(e)} ${cause}`);
      if (!cutShort || attempt >= FETCH_ATTEMPTS) throw e;
      shortBodies.push(`${url}: ${name} ${cause}`.trim());
    }
  }
}

export async function fetchOk(url: string): Promise<Response> {
  return (await get(url))!;
}

/** the master playlist's variants, or null while it is not there yet */
export async function readMaster(link: string): Promise<Variant[] | null> {
  const url = `${link}/master.m3u8`;
  const res = await get(url, true);
  if (!res) return null;
  const parsed = parsePlaylist(await res.text());
  if (parsed.kind !== 'master') throw new Error(`${url} is not a master playlist`);
  return (parsed as ParsedMasterPlaylist).variants.map((v) => {
    const [w, h] = (v.attributes['RESOLUTION'] ?? '0x0').split('x').map(Number);
    return { uri: v.uri, url: new URL(v.uri, url).href, width: w ?? 0, height: h ?? 0, bandwidth: Number(v.attributes['BANDWIDTH'] ?? 0), attributes: v.attributes };
  });
}

/** status.json as the viewer reads it, or null while there is none */
export async function readStatus(link: string): Promise<{ backfill?: string; download?: boolean } | null> {
  const res = await get(`${link}/status.json`, true);
  return res ? ((await res.json()) as { backfill?: string; download?: boolean }) : null;
}

export interface MediaCheck {
  ended: boolean;
  totalSec: number;
  segments: number;
  /** each segment's EXTINF */
  durations: number[];
  bytes: number;
}

/** reads a variant's media playlist and fetches its init segment and every media segment */
export async function checkMediaPlaylist(variant: Variant): Promise<MediaCheck> {
  const parsed = parsePlaylist(await (await fetchOk(variant.url)).text());
  if (parsed.kind !== 'media') throw new Error(`${variant.url} is not a media playlist`);
  const media = parsed as ParsedMediaPlaylist;
  let bytes = 0;
  const files = [...(media.map ? [media.map] : []), ...media.segments.map((s) => s.uri)];
  for (const uri of files) {
    const body = new Uint8Array(await (await fetchOk(new URL(uri, variant.url).href)).arrayBuffer());
    if (body.byteLength === 0) throw new Error(`${uri} of ${variant.uri} is empty`);
    bytes += body.byteLength;
  }
  return { ended: media.ended, totalSec: media.segments.reduce((s, x) => s + x.durationSec, 0), segments: media.segments.length, durations: media.segments.map((x) => x.durationSec), bytes };
}

/** [first presentation time, end of the last sample] of one track in one segment, seconds */
export type Span = [number, number];

export interface SegmentSpans {
  video: Span | null;
  audio: Span | null;
}

export interface RenditionTimeline {
  name: string;
  segments: SegmentSpans[];
  videoFrameRate: number | null;
}

function ffprobePath(): string {
  const require = createRequire(import.meta.url);
  const path = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    chmodSync(path, 0o755); // the tarball may lose the +x bit
  }
  return path;
}

/**
 * Where each segment's audio and video start and end, as a player appending it after the init segment
 * sees them (ffprobe on init + segment). Used to tell what a switch between two renditions at a segment
 * boundary leaves for the browser to bridge.
 */
export async function renditionTimeline(variant: Variant): Promise<RenditionTimeline> {
  const parsed = parsePlaylist(await (await fetchOk(variant.url)).text()) as ParsedMediaPlaylist;
  if (!parsed.map) throw new Error(`${variant.url} has no init segment`);
  const init = new Uint8Array(await (await fetchOk(new URL(parsed.map, variant.url).href)).arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), 'reelay-e2e-probe-'));
  const result: RenditionTimeline = { name: variant.uri.split('/')[0] ?? variant.uri, segments: [], videoFrameRate: null };
  try {
    for (const [i, seg] of parsed.segments.entries()) {
      const body = new Uint8Array(await (await fetchOk(new URL(seg.uri, variant.url).href)).arrayBuffer());
      const file = join(dir, `s${i}.mp4`);
      writeFileSync(file, Buffer.concat([init, body]));
      const { stdout } = await promisify(execFile)(ffprobePath(), ['-v', 'error', '-show_entries', 'stream=index,codec_type,avg_frame_rate:packet=stream_index,pts_time,duration_time', '-of', 'json', file]);
      const probe = JSON.parse(stdout) as {
        streams: { index: number; codec_type: string; avg_frame_rate?: string }[];
        packets: { stream_index: number; pts_time: string; duration_time?: string }[];
      };
      const spans: SegmentSpans = { video: null, audio: null };
      for (const stream of probe.streams) {
        const kind = stream.codec_type === 'video' ? 'video' : stream.codec_type === 'audio' ? 'audio' : null;
        if (!kind) continue;
        if (kind === 'video' && stream.avg_frame_rate) {
          const [n, d] = stream.avg_frame_rate.split('/').map(Number);
          if (n && d) result.videoFrameRate = n / d;
        }
        const packets = probe.packets.filter((p) => p.stream_index === stream.index);
        if (packets.length === 0) continue;
        const starts = packets.map((p) => Number(p.pts_time));
        const ends = packets.map((p) => Number(p.pts_time) + Number(p.duration_time ?? 0));
        spans[kind] = [Math.min(...starts), Math.max(...ends)];
      }
      result.segments.push(spans);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

export interface SwitchGap {
  from: string;
  to: string;
  /** the boundary: segment `at` of `from` is followed by segment `at + 1` of `to` */
  at: number;
  /** seconds of nothing between them (negative: they overlap) */
  audio: number | null;
  video: number | null;
}

/** what every switch from one rendition to another at every segment boundary leaves uncovered */
export function switchGaps(renditions: RenditionTimeline[]): SwitchGap[] {
  const gaps: SwitchGap[] = [];
  for (const a of renditions) {
    for (const b of renditions) {
      if (a === b) continue;
      const n = Math.min(a.segments.length, b.segments.length);
      for (let k = 0; k + 1 < n; k++) {
        const end = a.segments[k]!;
        const next = b.segments[k + 1]!;
        gaps.push({
          from: a.name,
          to: b.name,
          at: k,
          audio: end.audio && next.audio ? next.audio[0] - end.audio[1] : null,
          video: end.video && next.video ? next.video[0] - end.video[1] : null,
        });
      }
    }
  }
  return gaps;
}

export interface PictureRun {
  /** media time of the first and last presented frame of this height in a row */
  from: number;
  to: number;
  height: number;
}

export interface RungPlayResult {
  ended: boolean;
  /** media time when playback ended */
  playedSeconds: number;
  /** `waiting` events after the first frame played */
  stalls: number;
  /** the picture as presented (requestVideoFrameCallback): runs of frames of one height, in order */
  pictures: PictureRun[];
  /**
   * every 100 ms while playing: media time, the picture's height, and how many frames the element has
   * shown so far. requestVideoFrameCallback can go quiet on a loaded machine while frames still show;
   * frames counted between two samples say the picture moved all the same.
   */
  samples: { t: number; height: number; frames: number }[];
  /** the level of each fragment as it started playing (hls.js FRAG_CHANGED), consecutive repeats merged */
  levelsPlayed: number[];
  /** the level each fragment was buffered at, by fragment number */
  levelsLoaded: number[];
  errors: string[];
  /** what happened, in order: wall ms since the start, media time, event */
  trace: string[];
}

/**
 * Opens the link in a fresh page whose media segments are held back until `release()`: hls.js reads the
 * playlists and picks a rung, but nothing is buffered or shown yet, so a test can choose the first rung
 * without flushing anything.
 */
export async function openHeldViewer(browser: Browser, link: string): Promise<{ page: Page; release: () => void }> {
  const context = await browser.newContext();
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await context.route(/\/seg-\d+\.m4s(\?.*)?$/, async (route: Route) => {
    await released;
    await route.continue().catch(() => undefined); // hls.js may have given up on it meanwhile
  });
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForFunction(() => (window as unknown as { __reelayViewer?: { hls?: { levels?: unknown[] } | null } }).__reelayViewer?.hls?.levels?.length, null, { timeout: 30_000 });
  return { page, release };
}

/**
 * Plays the viewer from the start at `rate` with hls.js forced onto the rungs in `order` in turn, round
 * and round (down the ladder, then up again while fragments remain). The page must come from `openHeldViewer`
 * (nothing buffered yet): the first rung is forced with `currentLevel` before any segment gets through;
 * each time a fragment of the wanted rung is buffered, the next rung is set with `loadLevel` (no flush),
 * for the fragments after it. hls.js may already be fetching the next fragment at the rung it had (it
 * decides the next load before the last one is appended), so a rung can get two fragments in a row; the
 * wanted rung only moves on once one of its fragments is in the buffer, so every rung gets its turn.
 */
export async function playAcrossRungs(page: Page, release: () => void, order: number[], opts: { fragments: number; rate: number; timeoutMs: number }): Promise<RungPlayResult> {
  const run = page.evaluate(
    async ({ order, fragments, rate, timeoutMs }) => {
      type Frag = { level: number; sn: number | string; start: number };
      type HlsLike = {
        loadLevel: number;
        currentLevel: number;
        on(event: string, cb: (event: string, data: { frag?: Frag; fatal?: boolean; details?: string; type?: string }) => void): void;
      };
      const viewer = (window as unknown as { __reelayViewer: { hls: HlsLike | null; video: HTMLVideoElement } }).__reelayViewer;
      const video = viewer.video;
      const hls = viewer.hls;
      if (!hls) throw new Error('the viewer is not using hls.js');
      const within = <T,>(p: Promise<T>, ms: number, what: string) =>
        Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms))]);

      const result = { ended: false, playedSeconds: 0, stalls: 0, pictures: [] as { from: number; to: number; height: number }[], samples: [] as { t: number; height: number; frames: number }[], levelsPlayed: [] as number[], levelsLoaded: [] as number[], errors: [] as string[], trace: [] as string[] };
      const t0 = performance.now();
      const trace = (what: string) => result.trace.push(`${Math.round(performance.now() - t0)}ms @${video.currentTime.toFixed(2)} ${what}`);
      let playing = false;
      let turn = 0;
      hls.on('hlsError', (_e, data) => {
        result.errors.push(`${data.fatal ? 'fatal ' : ''}${data.type}/${data.details}`);
        trace(`error ${data.type}/${data.details}${data.fatal ? ' (fatal)' : ''}`);
      });
      hls.on('hlsFragLoading', (_e, { frag }) => trace(`loading level ${frag?.level} sn ${frag?.sn}`));
      let firstIn: () => void = () => undefined;
      const firstBuffered = new Promise<void>((resolve) => (firstIn = resolve));
      const ranges = (b: TimeRanges) => Array.from({ length: b.length }, (_, i) => `${b.start(i).toFixed(3)}-${b.end(i).toFixed(3)}`).join(' ');
      hls.on('hlsFragBuffered', (_e, { frag }) => {
        trace(`buffered level ${frag?.level} sn ${frag?.sn}; buffered ${ranges(video.buffered)}`);
        if (!frag || typeof frag.sn !== 'number') return;
        result.levelsLoaded[frag.sn] = frag.level;
        if (frag.sn === 0) firstIn();
        // No new rung once the last fragment may be on its way: hls.js would fetch it again at the new
        // rung, append it after it has ended the stream, and the video then never fires `ended`.
        if (frag.sn >= fragments - 2 || frag.level !== order[turn % order.length]) return;
        turn++;
        const next = order[turn % order.length]!;
        trace(`next rung: level ${next}`);
        hls.loadLevel = next;
      });
      hls.on('hlsBufferFlushed', () => trace('buffer flushed'));
      hls.on('hlsFragChanged', (_e, { frag }) => {
        trace(`playing level ${frag?.level} sn ${frag?.sn}`);
        const level = frag?.level ?? -1;
        if (result.levelsPlayed[result.levelsPlayed.length - 1] !== level) result.levelsPlayed.push(level);
      });
      video.addEventListener('playing', () => (playing = true));
      video.addEventListener('waiting', () => {
        trace(`waiting; buffered ${ranges(video.buffered)}`);
        if (playing && !video.ended) result.stalls++;
      });
      for (const type of ['playing', 'seeking', 'seeked', 'ended']) video.addEventListener(type, () => trace(type));
      const onFrame = (_now: number, meta: { mediaTime: number; height: number }) => {
        const last = result.pictures[result.pictures.length - 1];
        if (last && last.height === meta.height) last.to = meta.mediaTime;
        else {
          result.pictures.push({ from: meta.mediaTime, to: meta.mediaTime, height: meta.height });
          trace(`picture ${meta.height}p from ${meta.mediaTime.toFixed(3)}`);
        }
        if (!video.ended) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);

      video.muted = true;
      hls.currentLevel = order[0]!;
      (window as unknown as { __rungsReady: boolean }).__rungsReady = true;
      await within(firstBuffered, 30_000, 'the first fragment');
      video.playbackRate = rate;
      const ended = new Promise<boolean>((resolve) => {
        video.addEventListener('ended', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), timeoutMs);
      });
      const sampler = setInterval(() => {
        const q = video.getVideoPlaybackQuality();
        result.samples.push({ t: video.currentTime, height: video.videoHeight, frames: q.totalVideoFrames - q.droppedVideoFrames });
      }, 100);
      await within(video.play(), 30_000, 'play()');
      result.ended = await ended;
      clearInterval(sampler);
      const q = video.getVideoPlaybackQuality();
      trace(`frames shown ${q.totalVideoFrames - q.droppedVideoFrames}, dropped ${q.droppedVideoFrames}`);
      result.playedSeconds = video.currentTime;
      return result;
    },
    { order, ...opts },
  );
  // the listeners are in place and the first rung is chosen: let the segments through
  await Promise.race([page.waitForFunction(() => (window as unknown as { __rungsReady?: boolean }).__rungsReady === true), run]);
  release();
  return run;
}
