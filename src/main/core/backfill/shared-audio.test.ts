// Rungs rebuilt around the live rendition's audio, with the real bundled ffmpeg on media the test makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, promises as fs, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLive, makeMaster, run, testFfmpeg, testFfprobe } from './test-media';
import { ladderArgs, rungDir, LADDER_PLAYLIST } from './ffmpeg-args';
import { readHlsFolder, type RenditionFiles } from './renditions';
import { withLiveAudio } from './shared-audio';
import { readTracks } from '../media/mp4';
import { readFragments, runEnd, trackDefaults } from '../media/fmp4';
import { planLadder } from '../../../shared/hls/ladder';

let root: string;
let live: RenditionFiles;
let rung: RenditionFiles;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'reelay-shared-audio-'));
  const master = await makeMaster(root, { seconds: 7, width: 1280, height: 720, fps: 30, codec: 'vp8', startOffsetSec: 0.2 });
  const liveMedia = await makeLive(master, join(root, 'live'), 30, { width: 854, height: 480 });
  live = await readHlsFolder(liveMedia.dir, 'index.m3u8');
  const source = { width: 1280, height: 720 };
  const rungs = planLadder({ source, sourceFrameRate: 30, live: { width: 854, height: 480 } }).slice(0, 1);
  await fs.mkdir(join(root, 'ladder'));
  await run(testFfmpeg(), ladderArgs({ input: master, source, rungs, audio: null }), { cwd: join(root, 'ladder') });
  rung = await readHlsFolder(join(root, 'ladder', rungDir(0)), LADDER_PLAYLIST);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Segment {
  video: { start: number; end: number };
  audio: { start: bigint; end: bigint; frames: string[] };
  /** where the audio ends, seconds */
  audioEndSec: number;
}

/** each segment's video span (seconds) and its audio frames, as a player's demuxer reads them */
function segmentsOf(files: RenditionFiles): Segment[] {
  const init = new Uint8Array(readFileSync(files.initPath));
  const tracks = readTracks(init);
  const v = tracks.find((t) => t.kind === 'video')!;
  const a = tracks.find((t) => t.kind === 'audio')!;
  return files.segments.map((s) => {
    const runs = readFragments(new Uint8Array(readFileSync(s.path)), trackDefaults(init));
    const video = runs.get(v.id)!;
    const audio = runs.get(a.id)!;
    return {
      video: { start: Number(video.baseDecodeTime) / v.timescale, end: Number(runEnd(video)) / v.timescale },
      audio: { start: audio.baseDecodeTime, end: runEnd(audio), frames: audio.samples.map((x) => Buffer.from(x.data).toString('base64')) },
      audioEndSec: Number(runEnd(audio)) / a.timescale,
    };
  });
}

async function decodes(files: RenditionFiles, name: string): Promise<{ errors: string; durationSec: number; streams: string[] }> {
  const joined = join(root, `${name}.mp4`);
  await fs.writeFile(joined, Buffer.concat([files.initPath, ...files.segments.map((s) => s.path)].map((p) => readFileSync(p))));
  const errors = await run(testFfmpeg(), ['-hide_banner', '-nostdin', '-v', 'error', '-i', joined, '-f', 'null', '-']).catch((e: Error) => e.message);
  const probe = JSON.parse(await run(testFfprobe(), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', joined])) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { errors, durationSec: Number(probe.format.duration), streams: probe.streams.map((s) => s.codec_name).sort() };
}

describe("a rung with the live rendition's audio", () => {
  it('holds, segment for segment, the live audio frames next to its own video, and plays as one stream', async () => {
    const combined = await withLiveAudio(rung, live, join(root, 'combined'));
    const liveSegs = segmentsOf(live);
    const segs = segmentsOf(combined);
    expect(segs.length).toBe(liveSegs.length);
    segs.forEach((s, k) => {
      expect(s.audio).toEqual(liveSegs[k]!.audio);
      expect(s.audioEndSec).toBe(liveSegs[k]!.audioEndSec);
      expect(Math.abs(s.video.start - liveSegs[k]!.video.start)).toBeLessThanOrEqual(1 / 30 + 0.001);
    });
    // ends where the live sound ends (video and audio together: issue 11), and the playlist says so
    expect(segs.at(-1)!.video.end).toBeCloseTo(liveSegs.at(-1)!.audioEndSec, 4);
    const total = combined.segments.reduce((t, s) => t + s.durationSec, 0);
    expect(total).toBeCloseTo(live.segments.reduce((t, s) => t + s.durationSec, 0), 1);
    const playlist = readFileSync(combined.playlistPath, 'utf8');
    expect(playlist).toContain('#EXT-X-MAP:URI="init.mp4"');
    expect(playlist).toContain('#EXT-X-ENDLIST');

    const played = await decodes(combined, 'combined');
    expect(played.errors).toBe('');
    expect(played.streams).toEqual(['aac', 'h264']);
    expect(played.durationSec).toBeCloseTo(segs.at(-1)!.video.end, 1);
  });

  it('a rung that stops a segment short of the live rendition still lasts as long, with all of its sound', async () => {
    const short: RenditionFiles = { ...rung, segments: rung.segments.slice(0, -1) };
    const combined = await withLiveAudio(short, live, join(root, 'short'));
    const liveSegs = segmentsOf(live);
    const segs = segmentsOf(combined);
    expect(segs.length).toBe(short.segments.length);
    // the last segment takes the audio of the live segments past it, and holds its last frame
    const last = segs.at(-1)!;
    const from = liveSegs[segs.length - 1]!;
    expect(last.audio.start).toBe(from.audio.start);
    expect(last.audio.end).toBe(liveSegs.at(-1)!.audio.end);
    expect(last.audio.frames).toEqual(liveSegs.slice(segs.length - 1).flatMap((s) => s.audio.frames));
    expect(last.video.end).toBeCloseTo(liveSegs.at(-1)!.audioEndSec, 4);
    expect((await decodes(combined, 'short')).errors).toBe('');
  });

  it('refuses a rung that already has audio, rather than muxing two', async () => {
    await expect(withLiveAudio(live, live, join(root, 'twice'))).rejects.toThrow(/already has an audio track/);
  });
});
