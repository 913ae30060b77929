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
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeMediaPlaylist } from '../../../shared/hls/media-playlist';
import { readTracks, Mp4FormatError } from '../media/mp4';
import { concat, fitRunEnd, joinContiguous, mergeInits, readFragments, runEnd, trackDefaults, writeFragment, type TrackRun } from '../media/fmp4';
import type { RenditionFiles } from './renditions';
import { SEGMENT_SECONDS } from './ffmpeg-args';

export interface CombinedRendition extends RenditionFiles {
  playlistPath: string;
}

/**
 * Writes to `outDir` the rung with the live rendition's audio: init.mp4, seg-NNNNN.m4s and index.m3u8.
 * Segment k holds the rung's video fragment k and the live audio fragment k. The rung ends where the
 * live rendition's video ends, so every rendition lasts as long: a rung with a segment more is cut
 * there, a rung that ends early has its last frame held, and its last segment takes the audio of any
 * live segments past it.
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
  // where the live video ends, in the rung's timescale
  const endSec = Number(runEnd(liveVideoRun)) / liveVideo.timescale;
  const end = BigInt(Math.round(endSec * video.timescale));

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
  await fs.writeFile(
    playlistPath,
    writeMediaPlaylist({ initUri: 'init.mp4', segments: segments.map((s) => ({ uri: s.path.slice(outDir.length + 1), durationSec: s.durationSec })), ended: true, targetDurationSec: SEGMENT_SECONDS }),
  );
  return { initPath: join(outDir, 'init.mp4'), segments, playlistPath };
}
