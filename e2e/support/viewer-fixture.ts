// A published recording without recording anything: the bundled ffmpeg makes a short test video with
// audio as a three-rung fMP4 HLS ladder on the 2 s grid (the backfill's own command line), plus the
// poster, the thumbnail sheet and its WebVTT; master.m3u8 and status.json are written the way the
// core writes them. A tiny static server puts the built viewer and these files at /v/<id>, laid out
// as the share server does (share-routes.ts).
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { bundledFfmpegPath } from '../../src/main/core/backfill/ffmpeg-path';
import { ladderArgs, posterArgs, rungDir, LADDER_PLAYLIST } from '../../src/main/core/backfill/ffmpeg-args';
import { SEGMENT_SECONDS } from '../../src/shared/published';
import { planThumbnails, writeThumbnailVtt, type ThumbnailPlan } from '../../src/main/core/backfill/thumbnails';
import { codecsOf, readTracks } from '../../src/main/core/media/mp4';
import type { LadderRung, VideoSize } from '../../src/shared/hls/ladder';
import { writeMasterPlaylist } from '../../src/shared/hls/master-playlist';
import { writeMediaPlaylist } from '../../src/shared/hls/media-playlist';
import { parsePlaylist } from '../../src/shared/hls/parse';
import { PUBLISHED, RENDITION_FILES, segmentName, statusSchema, type PublishedStatus } from '../../src/shared/published';

export interface FixtureRendition {
  name: string;
  width: number;
  height: number;
  /** peak segment bit rate, as the master lists it */
  bandwidth: number;
}

export interface ViewerFixture {
  /** the link: the viewer page, with the files under it */
  link: string;
  title: string;
  durationSec: number;
  /** lowest first, the master's order */
  renditions: FixtureRendition[];
  thumbnails: ThumbnailPlan;
  close(): Promise<void>;
}

const SOURCE: VideoSize = { width: 1280, height: 720 };
const FRAME_RATE = 30;
const SHARE_ID = 'ViewerControlsFixture0';
const TITLE = 'Viewer controls fixture';
const RUNGS: LadderRung[] = [
  { name: 'r720', width: 1280, height: 720, frameRate: FRAME_RATE, maxBitrate: 2_500_000, crf: 23, reason: 'test' },
  { name: 'r480', width: 854, height: 480, frameRate: FRAME_RATE, maxBitrate: 1_000_000, crf: 25, reason: 'test' },
  { name: 'r360', width: 640, height: 360, frameRate: FRAME_RATE, maxBitrate: 600_000, crf: 27, reason: 'test' },
];

function run(binary: string, args: string[], cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`ffmpeg ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** Makes the recording's files in `dir` (ffmpeg, a few seconds) and describes them. */
export async function makeRecordingFiles(dir: string, seconds = 10): Promise<Omit<ViewerFixture, 'link' | 'close'>> {
  const ffmpeg = bundledFfmpegPath();
  if (!ffmpeg) throw new Error('the bundled ffmpeg (@ffmpeg-installer) is not installed');
  const { width: w, height: h } = SOURCE;
  // testsrc2 shows a moving picture and a clock; a tone for the audio track
  await run(ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${w}x${h}:r=${FRAME_RATE}:d=${seconds}`,
    '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'pcm_s16le', 'source.mkv',
  ], dir);

  const thumbnails = planThumbnails(seconds, SOURCE);
  const work = join(dir, 'ladder');
  await fs.mkdir(work);
  await run(ffmpeg, ladderArgs({
    input: join(dir, 'source.mkv'),
    source: SOURCE,
    rungs: RUNGS,
    audio: { sampleRate: 48_000, channels: 2 },
    thumbnails: { plan: thumbnails, path: join(dir, PUBLISHED.thumbnailsSheet), frameRate: FRAME_RATE },
    preset: 'ultrafast',
  }), work);
  await run(ffmpeg, posterArgs(join(dir, 'source.mkv'), 1, SOURCE, join(dir, PUBLISHED.poster)), dir);

  const renditions: FixtureRendition[] = [];
  const variants = [];
  let durationSec = 0;
  for (const [i, rung] of RUNGS.entries()) {
    // the published layout: <link>/<rendition>/index.m3u8, init.mp4 and the segments
    const from = join(work, rungDir(i));
    const to = join(dir, rung.name);
    await fs.rename(from, to);
    const made = parsePlaylist(await fs.readFile(join(to, LADDER_PLAYLIST), 'utf8'));
    if (made.kind !== 'media' || !made.map) throw new Error(`ffmpeg wrote no fMP4 media playlist for ${rung.name}`);
    // the 2 s grid: every segment but the last is 2 s long
    const offGrid = made.segments.slice(0, -1).filter((s) => Math.abs(s.durationSec - SEGMENT_SECONDS) > 0.01);
    if (offGrid.length > 0) throw new Error(`${rung.name}: segments off the ${SEGMENT_SECONDS} s grid: ${JSON.stringify(offGrid)}`);
    // named as published (ffmpeg calls the init init_<i>.mp4 with -var_stream_map), the playlist rendered as the core does
    const segments = [];
    for (const [seq, segment] of made.segments.entries()) {
      await fs.rename(join(to, segment.uri), join(to, segmentName(seq)));
      segments.push({ uri: segmentName(seq), durationSec: segment.durationSec });
    }
    await fs.rename(join(to, made.map), join(to, RENDITION_FILES.init));
    await fs.rm(join(to, LADDER_PLAYLIST));
    await fs.writeFile(join(to, RENDITION_FILES.mediaPlaylist), writeMediaPlaylist({ initUri: RENDITION_FILES.init, segments, ended: true, targetDurationSec: SEGMENT_SECONDS }));
    let peak = 0;
    for (const segment of segments) {
      const bytes = (await fs.stat(join(to, segment.uri))).size;
      peak = Math.max(peak, (bytes * 8) / Math.max(segment.durationSec, 0.5));
    }
    durationSec = segments.reduce((sum, s) => sum + s.durationSec, 0);
    const codecs = codecsOf(readTracks(new Uint8Array(await fs.readFile(join(to, RENDITION_FILES.init)))));
    const bandwidth = Math.round(peak);
    renditions.push({ name: rung.name, width: rung.width, height: rung.height, bandwidth });
    variants.push({ uri: `${rung.name}/${RENDITION_FILES.mediaPlaylist}`, bandwidth, codecs, width: rung.width, height: rung.height, frameRate: FRAME_RATE, name: `${rung.height}p` });
  }
  await fs.writeFile(join(dir, PUBLISHED.master), writeMasterPlaylist(variants));
  await fs.writeFile(join(dir, PUBLISHED.thumbnailsVtt), writeThumbnailVtt(thumbnails, durationSec, PUBLISHED.thumbnailsSheet));
  const status: PublishedStatus = statusSchema.parse({
    title: TITLE,
    state: 'ready',
    durationMs: Math.round(durationSec * 1000),
    createdAt: Date.now(),
    width: SOURCE.width,
    height: SOURCE.height,
    backfill: 'done',
    poster: true,
    thumbnails: true,
    download: false,
  });
  await fs.writeFile(join(dir, PUBLISHED.status), JSON.stringify(status));
  await fs.rm(join(dir, 'source.mkv'));
  await fs.rm(work, { recursive: true, force: true });
  renditions.sort((a, b) => a.bandwidth - b.bandwidth);
  return { title: TITLE, durationSec, renditions, thumbnails };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.json': 'application/json',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** `root`/`path`, or null when the path climbs out of root */
function inside(root: string, path: string): string | null {
  const full = normalize(join(root, decodeURIComponent(path)));
  return full.startsWith(root + sep) ? full : null;
}

/** Serves `rendererDir` (the built viewer.html and assets/) and the files in `filesDir` at /v/<id>. */
export async function serveViewer(rendererDir: string, filesDir: string, shareId = SHARE_ID): Promise<{ link: string; server: Server }> {
  const page = await fs.readFile(join(rendererDir, 'viewer.html'), 'utf8');
  const send = async (res: ServerResponse, file: string | null, head: boolean) => {
    const body = file ? await fs.readFile(file).catch(() => null) : null;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file!)] ?? 'application/octet-stream', 'content-length': String(body.byteLength), 'cache-control': 'no-cache' });
    res.end(head ? undefined : body);
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return void res.writeHead(405).end();
    if (path.startsWith('/v/assets/')) return void send(res, inside(join(rendererDir, 'assets'), path.slice('/v/assets/'.length)), head);
    if (path === `/v/${shareId}`) {
      // the share server's page policy (share-routes.ts)
      res.writeHead(200, {
        'content-type': TYPES['.html']!,
        'cache-control': 'no-cache',
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'",
        'referrer-policy': 'no-referrer',
      });
      return void res.end(head ? undefined : page);
    }
    if (path.startsWith(`/v/${shareId}/`)) return void send(res, inside(filesDir, path.slice(`/v/${shareId}/`.length)), head);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fixture server has no port');
  return { link: `http://127.0.0.1:${address.port}/v/${shareId}`, server };
}

/** Makes the files and serves them with the built viewer (out/renderer, which e2e/global-setup.ts builds). */
export async function startViewerFixture(rendererDir = resolve('out/renderer')): Promise<ViewerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'reelay-viewer-fixture-'));
  try {
    const files = await makeRecordingFiles(dir);
    const { link, server } = await serveViewer(rendererDir, dir);
    return {
      ...files,
      link,
      async close() {
        await new Promise<void>((ok) => server.close(() => ok()));
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
}
