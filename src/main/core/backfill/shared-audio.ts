// Every rung carries the live rendition's own audio: the same AAC frames, cut into segments at the same
// frames. ffmpeg makes the rungs' video only; this builds each rung segment from its video fragment and
// the live segment's audio fragment.
//
// Why: a player switching rungs appends the new rung's next segment after the old one's. Chromium's
// MSE takes an audio decode time that goes back, or jumps ahead by more than two frames, for a
// discontinuity and then drops every track's frames up to the next keyframe: the picture stood still
// for up to a whole segment after a switch while the sound played on. Re-encoded audio (and even
// copied audio, which ffmpeg's HLS muxer cuts at other frames than the live encoder did) made such
// jumps at segment boundaries; the live rendition's own audio fragments make none.
//
// Every rendition ends its video and its audio together (issue 11): a player plays up to where every
// track has media, so a last segment whose video stopped a frame before its audio left players other
// than hls.js (Safari's, other MSE players) standing still short of the end, without `ended`. The
// live audio runs past the live video's last frame (its AAC encoder's priming frame stays at the start
// of its timeline and its last frame is padded), so a rung holds its last frame until the live sound
// ends: the sound stays whole, and every rung ends at the same instant.
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { writeMediaPlaylist } from '../../../shared/hls/media-playlist';
import { readTracks, Mp4FormatError } from '../media/mp4';
import { concat, endOn, endVideoWithAudio, fitRunEnd, joinContiguous, mergeInits, readFragments, runEnd, trackClock, trackDefaults, writeFragment, type TrackRun } from '../media/fmp4';
import type { RenditionFiles } from './renditions';
import { SEGMENT_SECONDS } from '../../../shared/published';

export interface CombinedRendition extends RenditionFiles {
  playlistPath: string;
}

/**
 * Writes to `outDir` the rung with the live rendition's audio: init.mp4, seg-NNNNN.m4s and index.m3u8.
 * Segment k holds the rung's video fragment k and the live audio fragment k. The rung's video ends
 * where the live sound ends (where the live video ends if its last segment has no sound), so every
 * rung lasts as long and ends both tracks together: a rung with a segment more is cut there, a rung
 * that ends early has its last frame held, and its last segment takes the audio of any live segments
 * past it.
 */
export async function withLiveAudio(rung: RenditionFiles, live: RenditionFiles, outDir: string): Promise<CombinedRendition> {
  const rungInit = new Uint8Array(await fs.readFile(rung.initPath));
  const liveInit = new Uint8Array(await fs.readFile(live.initPath));
  const rungTracks = readTracks(rungInit);
  const liveTracks = readTracks(liveInit);
  const video = rungTracks.find((t) => t.kind === 'video');
  const liveVideo = liveTracks.find((t) => t.kind === 'video');
  const liveAudio = liveTracks.find((t) => t.kind === 'audio');
  if (!video || !liveVideo || !liveAudio) throw new Mp4FormatError('a rung needs a video track and the live rendition video and audio tracks');
  if (rungTracks.some((t) => t.kind === 'audio')) throw new Mp4FormatError('the rung already has an audio track');
  const merged = mergeInits(rungInit, liveInit, liveAudio.id);
  const rungDefaults = trackDefaults(rungInit);
  const liveDefaults = trackDefaults(liveInit);

  const readLive = async (k: number) => readFragments(new Uint8Array(await fs.readFile(live.segments[k]!.path)), liveDefaults);
  const lastLive = await readLive(live.segments.length - 1);
  const liveVideoRun = lastLive.get(liveVideo.id);
  if (!liveVideoRun) throw new Mp4FormatError('the last live segment has no video');
  // where the rung's video ends, on its own clock: with the live sound, which outlasts the live video
  const rungClock = trackClock(rungInit, video);
  const lastAudio = lastLive.get(liveAudio.id);
  const end = lastAudio ? endOn(lastAudio, trackClock(liveInit, liveAudio), rungClock) : endOn(liveVideoRun, trackClock(liveInit, liveVideo), rungClock);

  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(join(outDir, 'init.mp4'), merged.init);
  const n = Math.min(rung.segments.length, live.segments.length);
  const segments: RenditionFiles['segments'] = [];
  let fragment = 0;
  for (let k = 0; k < n; k++) {
    const last = k === n - 1;
    const v = readFragments(new Uint8Array(await fs.readFile(rung.segments[k]!.path)), rungDefaults).get(video.id);
    if (!v) throw new Mp4FormatError(`rung segment ${k} has no video`);
    const audioRuns: TrackRun[] = [];
    for (let j = k; j < (last ? live.segments.length : k + 1); j++) {
      const a = (j === live.segments.length - 1 ? lastLive : await readLive(j)).get(liveAudio.id);
      if (a) audioRuns.push(a);
    }
    const videoRun = last ? fitRunEnd(v, end) : v;
    // one fragment with the video and the audio; more only if the live audio had a gap in between
    const [audio, ...afterGaps] = joinContiguous(audioRuns).map((r) => ({ ...r, trackId: merged.audioTrackId }));
    const fragments = [writeFragment(++fragment, audio ? [videoRun, audio] : [videoRun])];
    for (const r of afterGaps) fragments.push(writeFragment(++fragment, [r]));
    const data = concat(fragments);
    const path = join(outDir, `seg-${String(k).padStart(5, '0')}.m4s`);
    await fs.writeFile(path, data);
    segments.push({ path, durationSec: Number(runEnd(videoRun) - videoRun.baseDecodeTime) / video.timescale, bytes: data.byteLength });
  }
  const playlistPath = join(outDir, 'index.m3u8');
  await fs.writeFile(playlistPath, playlistOf(outDir, join(outDir, 'init.mp4'), segments));
  return { initPath: join(outDir, 'init.mp4'), segments, playlistPath };
}

/**
 * A rung whose sound ffmpeg encoded (there was no live audio to share) ends its video with that sound:
 * its last segment is rewritten so the last frame lasts until the audio ends (or the frames past the
 * audio's end are dropped), and its playlist (index.m3u8 in `dir`) says so. Every such rung's audio
 * comes from the same master through the same encoder, so the rungs still share one timeline.
 */
export async function endWithOwnAudio(rung: RenditionFiles, dir: string): Promise<CombinedRendition> {
  const playlistPath = join(dir, 'index.m3u8');
  const last = rung.segments[rung.segments.length - 1];
  const ended = last && endVideoWithAudio(new Uint8Array(await fs.readFile(rung.initPath)), new Uint8Array(await fs.readFile(last.path)));
  if (!last || !ended) return { ...rung, playlistPath };
  await fs.writeFile(last.path, ended.segment);
  const run = ended.videoRun;
  const segments = [...rung.segments.slice(0, -1), { path: last.path, durationSec: Number(runEnd(run) - run.baseDecodeTime) / ended.video.timescale, bytes: ended.segment.byteLength }];
  await fs.writeFile(playlistPath, playlistOf(dir, rung.initPath, segments));
  return { initPath: rung.initPath, segments, playlistPath };
}

function playlistOf(dir: string, initPath: string, segments: RenditionFiles['segments']): string {
  const rel = (path: string): string => relative(dir, path).split(sep).join('/');
  return writeMediaPlaylist({ initUri: rel(initPath), segments: segments.map((s) => ({ uri: rel(s.path), durationSec: s.durationSec })), ended: true, targetDurationSec: SEGMENT_SECONDS });
}
