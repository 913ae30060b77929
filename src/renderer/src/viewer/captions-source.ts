// Where a recording's captions are: the master playlist's subtitles rendition, its playlist, and the
// one WebVTT file that playlist names. The viewer shows them as a <track> on the video itself (hls.js's
// light build has no subtitles), so they play the same under hls.js, native HLS and a master swap. Pure.
import { parsePlaylist } from '../../../shared/hls/parse';

export interface CaptionsSource {
  /** the subtitles playlist, absolute */
  playlistUrl: string;
  label: string;
  language: string | null;
}

/** the master's first subtitles rendition, or null (none, or not a master) */
export function captionsInMaster(masterText: string, masterUrl: string): CaptionsSource | null {
  try {
    const parsed = parsePlaylist(masterText);
    if (parsed.kind !== 'master') return null;
    const subs = parsed.media.find((m) => m['TYPE'] === 'SUBTITLES' && m['URI']);
    if (!subs) return null;
    return { playlistUrl: new URL(subs['URI']!, masterUrl).href, label: subs['NAME'] || 'Captions', language: subs['LANGUAGE'] ?? null };
  } catch {
    return null;
  }
}

/** the VTT file a subtitles playlist names (absolute), or null; a segmented one is not ours */
export function captionsFileIn(playlistText: string, playlistUrl: string): string | null {
  try {
    const parsed = parsePlaylist(playlistText);
    if (parsed.kind !== 'media' || parsed.segments.length !== 1) return null;
    return new URL(parsed.segments[0]!.uri, playlistUrl).href;
  } catch {
    return null;
  }
}

/** the viewer's choice, remembered across links on this origin: captions on or off (off unless chosen) */
export const CAPTIONS_KEY = 'reelay.viewer.captions';
export const savedCaptionsOn = (stored: string | null): boolean => stored === 'on';
export const captionsChoice = (on: boolean): string => (on ? 'on' : 'off');
