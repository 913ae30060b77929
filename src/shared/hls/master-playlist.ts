// Writes an HLS master (multivariant) playlist from measured renditions.
export interface VariantStream {
  uri: string;
  /** peak segment bit rate, bits/s */
  bandwidth: number;
  /** mean bit rate over the whole rendition, bits/s */
  averageBandwidth?: number;
  codecs: string;
  width?: number;
  height?: number;
  frameRate?: number;
  /** NAME shown in players' quality menus */
  name?: string;
}

/** a subtitles rendition (captions): every variant names its group */
export interface SubtitlesRendition {
  uri: string;
  /** shown in players' captions menus */
  name: string;
  /** BCP 47; omitted when not known */
  language?: string;
}

export const SUBTITLES_GROUP = 'subs';

const quoted = (text: string): string => text.replace(/["\r\n]/g, (c) => (c === '"' ? "'" : ' '));

export function writeMasterPlaylist(variants: readonly VariantStream[], subtitles?: SubtitlesRendition): string {
  if (variants.length === 0) throw new Error('a master playlist needs at least one variant');
  // Lowest first: players without bandwidth estimates start on the first entry, and starting low is
  // what makes the link play at once.
  const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (subtitles) {
    const language = subtitles.language === undefined ? '' : `,LANGUAGE="${quoted(subtitles.language)}"`;
    // off unless the viewer asks: DEFAULT=NO, AUTOSELECT=NO
    lines.push(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLES_GROUP}",NAME="${quoted(subtitles.name)}"${language},DEFAULT=NO,AUTOSELECT=NO,URI="${subtitles.uri}"`);
  }
  for (const v of sorted) {
    const attrs = [`BANDWIDTH=${Math.round(v.bandwidth)}`];
    if (v.averageBandwidth !== undefined) attrs.push(`AVERAGE-BANDWIDTH=${Math.round(v.averageBandwidth)}`);
    attrs.push(`CODECS="${v.codecs}"`);
    if (v.width !== undefined && v.height !== undefined) attrs.push(`RESOLUTION=${v.width}x${v.height}`);
    if (v.frameRate !== undefined) attrs.push(`FRAME-RATE=${v.frameRate.toFixed(3)}`);
    if (v.name !== undefined) attrs.push(`NAME="${v.name.replace(/"/g, "'")}"`);
    if (subtitles) attrs.push(`SUBTITLES="${SUBTITLES_GROUP}"`);
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, v.uri);
  }
  return lines.join('\n') + '\n';
}
