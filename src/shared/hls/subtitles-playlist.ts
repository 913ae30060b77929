// The media playlist of a subtitles rendition for a finished recording: one WebVTT segment covering
// the whole duration. Without segmenting, players need no X-TIMESTAMP-MAP (cue times are media times).
export function writeSubtitlesPlaylist(p: { uri: string; durationSec: number }): string {
  const duration = Math.max(p.durationSec, 0.001);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    // RFC 8216 4.3.3.1: the EXTINF rounded to the nearest integer must be <= TARGETDURATION
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(duration))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${duration.toFixed(6)},`,
    p.uri,
    '#EXT-X-ENDLIST',
  ].join('\n') + '\n';
}
