// Writes an HLS media playlist (RFC 8216) for fMP4 segments from what the library knows.
export interface PlaylistSegment {
  uri: string;
  durationSec: number;
}

export interface MediaPlaylist {
  initUri: string;
  segments: readonly PlaylistSegment[];
  /** true once the recording has ended and no segment will be added */
  ended: boolean;
  /** the nominal segment length; TARGETDURATION never drops below it so it stays stable while live */
  targetDurationSec: number;
}

export function writeMediaPlaylist(p: MediaPlaylist): string {
  const longest = p.segments.reduce((m, s) => Math.max(m, s.durationSec), 0);
  // RFC 8216 4.3.3.1: each EXTINF rounded to the nearest integer must be <= TARGETDURATION.
  const target = Math.max(Math.round(longest), Math.ceil(p.targetDurationSec), 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    // EVENT: segments are only ever appended, so a viewer can seek back to the start while live.
    `#EXT-X-PLAYLIST-TYPE:${p.ended ? 'VOD' : 'EVENT'}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MAP:URI="${p.initUri}"`,
  ];
  for (const s of p.segments) {
    lines.push(`#EXTINF:${s.durationSec.toFixed(6)},`, s.uri);
  }
  if (p.ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}
