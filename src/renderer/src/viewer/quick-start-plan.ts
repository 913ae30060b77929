// What the quick start (quick-start.ts) may append before hls.js has loaded: the init and first segment
// of the master's first variant (the rung hls.js starts at), when the page preloaded both, the
// recording has ended (a live one starts elsewhere) and its codecs say which SourceBuffer hls.js would
// make (it takes that buffer over, so the names must agree). Pure: the texts come from the preloads.
import { parsePlaylist } from '../../../shared/hls/parse';

/** hls.js's SourceBuffer name for one fMP4 holding these tracks */
export type QuickStartTrack = 'audiovideo' | 'video';

export interface QuickStartPlan {
  mediaPlaylistUrl: string;
  initUrl: string;
  segmentUrl: string;
  /** the SourceBuffer's type, codecs listed audio first as hls.js's passthrough names them */
  mimeType: string;
  codecs: string;
  track: QuickStartTrack;
  /** the recording's length: the MediaSource's duration until hls.js reads the same playlist */
  durationSec: number;
}

const VIDEO_CODEC = /^(avc[13]|hvc1|hev1|vp0?[89]|av01)\b/;
const AUDIO_CODEC = /^(mp4a|opus|flac|ac-3|ec-3)\b/;

/** the first variant's playlist URL and how its one fMP4 is typed; null when the quick start should not try */
export function firstVariantOf(masterText: string, masterUrl: string): { mediaPlaylistUrl: string; codecs: string; track: QuickStartTrack } | null {
  let parsed;
  try {
    parsed = parsePlaylist(masterText);
  } catch {
    return null;
  }
  const first = parsed.kind === 'master' ? parsed.variants[0] : undefined;
  // alternate audio is a second SourceBuffer hls.js fills from another playlist
  if (!first || first.attributes['AUDIO'] !== undefined) return null;
  const codecs = (first.attributes['CODECS'] ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const video = codecs.filter((c) => VIDEO_CODEC.test(c));
  const audio = codecs.filter((c) => AUDIO_CODEC.test(c));
  if (video.length !== 1 || audio.length > 1 || video.length + audio.length !== codecs.length) return null;
  try {
    return { mediaPlaylistUrl: new URL(first.uri, masterUrl).href, codecs: [...audio, ...video].join(','), track: audio.length === 1 ? 'audiovideo' : 'video' };
  } catch {
    return null;
  }
}

/**
 * The plan, from the media playlist's text; null unless it has ended and names an init segment, and
 * both it and the first segment are among `preloaded` (absolute URLs: what the page asked for early).
 */
export function planQuickStart(variant: { mediaPlaylistUrl: string; codecs: string; track: QuickStartTrack }, mediaText: string, preloaded: ReadonlySet<string>): QuickStartPlan | null {
  let parsed;
  try {
    parsed = parsePlaylist(mediaText);
  } catch {
    return null;
  }
  if (parsed.kind !== 'media' || !parsed.ended || parsed.map === null || parsed.segments.length === 0) return null;
  let initUrl: string;
  let segmentUrl: string;
  try {
    initUrl = new URL(parsed.map, variant.mediaPlaylistUrl).href;
    segmentUrl = new URL(parsed.segments[0]!.uri, variant.mediaPlaylistUrl).href;
  } catch {
    return null;
  }
  if (!preloaded.has(initUrl) || !preloaded.has(segmentUrl)) return null;
  const durationSec = parsed.segments.reduce((sum, s) => sum + s.durationSec, 0);
  if (!(durationSec > 0)) return null;
  return { ...variant, initUrl, segmentUrl, mimeType: `video/mp4; codecs="${variant.codecs}"`, durationSec };
}
