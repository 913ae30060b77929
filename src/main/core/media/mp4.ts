// Just enough ISO BMFF reading to describe an MP4 without another process: the CODECS string from an
// init segment (what ffmpeg or the browser wrote), each fragment's decode start, whether a file is
// faststart.
export interface Box {
  type: string;
  /** offset of the box's first byte (its header) */
  at: number;
  /** offset of the box's payload (after its header) */
  start: number;
  /** offset just past the box */
  end: number;
}

export class Mp4FormatError extends Error {
  override name = 'Mp4FormatError';
}

/**
 * The header of the box at `p` (8 or 16 bytes of `bytes`, which may hold only the header) in a
 * parent that ends at `end`: the one place a box header is decoded, for buffers and files alike.
 */
export function readBoxHeader(bytes: Uint8Array, p: number, end: number, offset = p): { type: string; size: number; header: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size = view.getUint32(p);
  let header = 8;
  if (size === 1) {
    if (offset + 16 > end || p + 16 > bytes.byteLength) throw new Mp4FormatError('truncated 64-bit box header');
    size = Number(view.getBigUint64(p + 8));
    header = 16;
  } else if (size === 0) {
    size = end - offset;
  }
  if (size < header || offset + size > end) throw new Mp4FormatError(`box at ${offset} overruns its parent`);
  return { type: String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!, bytes[p + 6]!, bytes[p + 7]!), size, header };
}

/** the boxes directly inside [start, end) */
export function childBoxes(buf: Uint8Array, start = 0, end = buf.byteLength): Box[] {
  const boxes: Box[] = [];
  let p = start;
  while (p + 8 <= end) {
    const { type, size, header } = readBoxHeader(buf, p, end);
    boxes.push({ type, at: p, start: p + header, end: p + size });
    p += size;
  }
  return boxes;
}

/** the first box found along a path of types, e.g. ['moov', 'trak'] */
export function findBox(buf: Uint8Array, path: readonly string[], start = 0, end = buf.byteLength): Box | null {
  let scope: Box = { type: '', at: start, start, end };
  for (const type of path) {
    const next = childBoxes(buf, scope.start, scope.end).find((b) => b.type === type);
    if (!next) return null;
    scope = next;
  }
  return scope;
}

export interface TrackInfo {
  id: number;
  kind: 'video' | 'audio' | 'other';
  timescale: number;
  /** RFC 6381 codec string, e.g. avc1.64002a or mp4a.40.2 */
  codec: string | null;
  width: number | null;
  height: number | null;
  sampleRate: number | null;
  channels: number | null;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** the offset of `n` bytes at `at` in the payload of `b`; a box too short for its fields is a format error, not a read past it */
export function field(b: Box, at: number, n: number): number {
  if (b.start + at + n > b.end) throw new Mp4FormatError(`${b.type} box too short: ${b.end - b.start} bytes, its fields need ${at + n}`);
  return b.start + at;
}

/** tracks of an init segment (or a whole MP4), with their codec strings */
export function readTracks(buf: Uint8Array): TrackInfo[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const moov = findBox(buf, ['moov']);
  if (!moov) throw new Mp4FormatError('no moov box');
  const tracks: TrackInfo[] = [];
  for (const trak of childBoxes(buf, moov.start, moov.end).filter((b) => b.type === 'trak')) {
    const tkhd = findBox(buf, ['tkhd'], trak.start, trak.end);
    const mdhd = findBox(buf, ['mdia', 'mdhd'], trak.start, trak.end);
    const hdlr = findBox(buf, ['mdia', 'hdlr'], trak.start, trak.end);
    const stsd = findBox(buf, ['mdia', 'minf', 'stbl', 'stsd'], trak.start, trak.end);
    if (!tkhd || !mdhd || !hdlr || !stsd) throw new Mp4FormatError('incomplete trak');
    const id = view.getUint32(field(tkhd, buf[field(tkhd, 0, 1)] === 1 ? 20 : 12, 4));
    const timescale = view.getUint32(field(mdhd, buf[field(mdhd, 0, 1)] === 1 ? 20 : 12, 4));
    const handler = String.fromCharCode(...buf.subarray(field(hdlr, 8, 4), hdlr.start + 12));
    const kind = handler === 'vide' ? 'video' : handler === 'soun' ? 'audio' : 'other';
    // stsd: version/flags (4), entry count (4), then sample entries
    const entry = childBoxes(buf, stsd.start + 8, stsd.end)[0];
    let codec: string | null = null;
    let width: number | null = null;
    let height: number | null = null;
    let sampleRate: number | null = null;
    let channels: number | null = null;
    if (entry && kind === 'video') {
      // VisualSampleEntry: 6 reserved + 2 data ref index + 16 predefined/reserved, then width, height
      width = view.getUint16(field(entry, 24, 4));
      height = view.getUint16(entry.start + 26);
      codec = videoCodec(buf, entry);
    } else if (entry && kind === 'audio') {
      // AudioSampleEntry: 6 reserved + 2 data ref index + 8 reserved, channel count, sample size,
      // 4 predefined/reserved, then the rate as 16.16 fixed point
      channels = view.getUint16(field(entry, 16, 12));
      sampleRate = view.getUint32(entry.start + 24) >>> 16;
      codec = audioCodec(buf, entry);
    }
    tracks.push({ id, kind, timescale, codec, width, height, sampleRate, channels });
  }
  return tracks;
}

function videoCodec(buf: Uint8Array, entry: Box): string {
  // the sample entry's own fields take 78 bytes, then its child boxes (avcC, pasp, ...)
  const children = childBoxes(buf, entry.start + 78, entry.end);
  if (entry.type === 'avc1' || entry.type === 'avc3') {
    const avcC = children.find((b) => b.type === 'avcC');
    if (!avcC) throw new Mp4FormatError('avc1 sample entry without avcC');
    // AVCDecoderConfigurationRecord: version, profile, profile compatibility, level
    const at = field(avcC, 1, 3);
    return `${entry.type}.${hex2(buf[at]!)}${hex2(buf[at + 1]!)}${hex2(buf[at + 2]!)}`;
  }
  return entry.type;
}

function audioCodec(buf: Uint8Array, entry: Box): string {
  // AudioSampleEntry fields take 28 bytes before its child boxes
  if (entry.type === 'Opus') return 'opus';
  if (entry.type !== 'mp4a') return entry.type;
  const esds = childBoxes(buf, entry.start + 28, entry.end).find((b) => b.type === 'esds');
  if (!esds) return 'mp4a.40.2';
  // ES_Descriptor (0x03) > DecoderConfigDescriptor (0x04: objectTypeIndication) > DecoderSpecificInfo (0x05)
  /** a byte of the esds payload: the descriptors' sizes are not trusted to stay inside it */
  const byte = (at: number): number => buf[field(esds, at - esds.start, 1)]!;
  let p = esds.start + 4;
  const readDescriptor = (): { tag: number; start: number; size: number } => {
    const tag = byte(p++);
    let size = 0;
    for (let i = 0; i < 4; i++) {
      const b = byte(p++);
      size = (size << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    return { tag, start: p, size };
  };
  const es = readDescriptor();
  if (es.tag !== 0x03) return 'mp4a.40.2';
  const flags = byte(es.start + 2);
  p = es.start + 3 + (flags & 0x80 ? 2 : 0) + (flags & 0x40 ? 1 + byte(es.start + 3) : 0) + (flags & 0x20 ? 2 : 0);
  const dc = readDescriptor();
  if (dc.tag !== 0x04) return 'mp4a.40.2';
  const objectType = byte(dc.start);
  p = dc.start + 13;
  const dsi = readDescriptor();
  if (objectType !== 0x40 || dsi.tag !== 0x05) return `mp4a.${hex2(objectType)}`;
  let aot = byte(dsi.start) >> 3;
  if (aot === 31) aot = 32 + (((byte(dsi.start) & 0x07) << 3) | (byte(dsi.start + 1) >> 5));
  return `mp4a.40.${aot}`;
}

/** the baseMediaDecodeTime of each track's first fragment in a media segment, by track id */
export function fragmentStarts(buf: Uint8Array): Map<number, bigint> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const starts = new Map<number, bigint>();
  for (const moof of childBoxes(buf).filter((b) => b.type === 'moof')) {
    for (const traf of childBoxes(buf, moof.start, moof.end).filter((b) => b.type === 'traf')) {
      const tfhd = findBox(buf, ['tfhd'], traf.start, traf.end);
      const tfdt = findBox(buf, ['tfdt'], traf.start, traf.end);
      if (!tfhd || !tfdt) continue;
      const id = view.getUint32(field(tfhd, 4, 4));
      const time = buf[field(tfdt, 0, 1)] === 1 ? view.getBigUint64(field(tfdt, 4, 8)) : BigInt(view.getUint32(field(tfdt, 4, 4)));
      if (!starts.has(id)) starts.set(id, time);
    }
  }
  return starts;
}

/** the CODECS attribute of HLS for these tracks: video first, e.g. "avc1.640028,mp4a.40.2" */
export function codecsOf(tracks: readonly TrackInfo[]): string {
  const video = tracks.find((t) => t.kind === 'video')?.codec;
  const audio = tracks.find((t) => t.kind === 'audio')?.codec;
  return [video, audio].filter((c): c is string => typeof c === 'string').join(',');
}

/** the top-level box types in order (a faststart MP4 has moov before mdat) */
export function topLevelTypes(buf: Uint8Array): string[] {
  return childBoxes(buf).map((b) => b.type);
}

/** a faststart MP4: its index (moov) comes before its media (mdat), so playback starts before the download ends */
export function isFastStart(types: readonly string[]): boolean {
  const moov = types.indexOf('moov');
  const mdat = types.indexOf('mdat');
  return moov !== -1 && mdat !== -1 && moov < mdat;
}

/** the first video track's decode start in seconds, from an init segment's tracks and a media segment */
export function videoStartSec(tracks: readonly TrackInfo[], segment: Uint8Array): number | null {
  const video = tracks.find((t) => t.kind === 'video');
  if (!video) return null;
  const start = fragmentStarts(segment).get(video.id);
  return start === undefined ? null : Number(start) / video.timescale;
}
