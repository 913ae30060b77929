// A small HLS parser: enough to read back what we write, and to check what other tools wrote.
export interface ParsedMediaPlaylist {
  kind: 'media';
  targetDuration: number | null;
  playlistType: string | null;
  map: string | null;
  segments: { uri: string; durationSec: number }[];
  ended: boolean;
}
export interface ParsedMasterPlaylist {
  kind: 'master';
  variants: { uri: string; attributes: Record<string, string> }[];
  /** EXT-X-MEDIA renditions (subtitles, alternate audio): their attributes */
  media: Record<string, string>[];
}

export class PlaylistParseError extends Error {
  override name = 'PlaylistParseError';
}

export function parseAttributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  // a name starts only where the one before it could not go on (the lookbehind): without it, a long
  // run of name characters with no '=' after it is tried from each of its characters, quadratic time
  const re = /(?<![A-Z0-9-])([A-Z0-9-]+)=("([^"]*)"|[^,]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(list)) !== null) {
    out[m[1]!] = m[3] !== undefined ? m[3] : m[2]!;
  }
  return out;
}

export function parsePlaylist(text: string): ParsedMediaPlaylist | ParsedMasterPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines[0] !== '#EXTM3U') throw new PlaylistParseError('not an HLS playlist: first line is not #EXTM3U');
  if (lines.some((l) => l.startsWith('#EXT-X-STREAM-INF:'))) {
    const variants: ParsedMasterPlaylist['variants'] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
      const uri = lines[i + 1];
      if (uri === undefined || uri.startsWith('#')) throw new PlaylistParseError(`variant on line ${i + 1} has no URI`);
      variants.push({ uri, attributes: parseAttributes(line.slice('#EXT-X-STREAM-INF:'.length)) });
    }
    const media = lines.filter((l) => l.startsWith('#EXT-X-MEDIA:')).map((l) => parseAttributes(l.slice('#EXT-X-MEDIA:'.length)));
    return { kind: 'master', variants, media };
  }
  const result: ParsedMediaPlaylist = { kind: 'media', targetDuration: null, playlistType: null, map: null, segments: [], ended: false };
  let pending: number | null = null;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) result.targetDuration = Number(line.split(':')[1]);
    else if (line.startsWith('#EXT-X-PLAYLIST-TYPE:')) result.playlistType = line.split(':')[1] ?? null;
    else if (line.startsWith('#EXT-X-MAP:')) result.map = parseAttributes(line.slice('#EXT-X-MAP:'.length))['URI'] ?? null;
    else if (line.startsWith('#EXTINF:')) {
      const d = Number.parseFloat(line.slice('#EXTINF:'.length));
      if (!Number.isFinite(d) || d < 0) throw new PlaylistParseError(`bad EXTINF: ${line}`);
      pending = d;
    } else if (line === '#EXT-X-ENDLIST') result.ended = true;
    else if (!line.startsWith('#')) {
      if (pending === null) throw new PlaylistParseError(`segment ${line} has no EXTINF`);
      result.segments.push({ uri: line, durationSec: pending });
      pending = null;
    }
  }
  return result;
}
