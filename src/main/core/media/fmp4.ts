// Reading and writing fMP4 fragments and init segments, sample by sample: enough to build a rung's
// segments from its own video and the live rendition's audio (see backfill/shared-audio.ts). Pure.
import { childBoxes, field, findBox, Mp4FormatError, readTracks, type Box } from './mp4';

export interface Sample {
  /** in the track's timescale */
  duration: number;
  /** ISO BMFF sample flags (bit 16: not a sync sample) */
  flags: number;
  compositionOffset: number;
  data: Uint8Array;
}

export interface TrackRun {
  trackId: number;
  /** decode time of the first sample, in the track's timescale */
  baseDecodeTime: bigint;
  samples: Sample[];
}

interface TrackDefaults {
  duration: number;
  size: number;
  flags: number;
}

const u32 = (buf: Uint8Array, at: number): number => new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(at);
/** a 32-bit field at `at` of box `b`'s payload: a box too short for it is a format error, not a read past it */
const u32In = (buf: Uint8Array, b: Box, at: number): number => u32(buf, field(b, at, 4));

/** the trex defaults of each track of an init segment */
export function trackDefaults(init: Uint8Array): Map<number, TrackDefaults> {
  const out = new Map<number, TrackDefaults>();
  const mvex = findBox(init, ['moov', 'mvex']);
  if (!mvex) return out;
  for (const trex of childBoxes(init, mvex.start, mvex.end).filter((b) => b.type === 'trex')) {
    // version/flags, track_ID, default_sample_description_index, duration, size, flags
    out.set(u32In(init, trex, 4), { duration: u32In(init, trex, 12), size: u32In(init, trex, 16), flags: u32In(init, trex, 20) });
  }
  return out;
}

/**
 * Where a track's presentation starts in its media, from the init segment's edit list: the media time
 * of its first edit that is not empty (ffmpeg trims AAC priming this way), in the track's timescale;
 * 0 without an edit list. A player presents a sample at its decode time less this.
 */
export function editMediaTime(init: Uint8Array, trackId: number): number {
  const moov = findBox(init, ['moov']);
  if (!moov) throw new Mp4FormatError('no moov box');
  const trak = childBoxes(init, moov.start, moov.end).find((b) => b.type === 'trak' && trakId(init, b) === trackId);
  const elst = trak && findBox(init, ['edts', 'elst'], trak.start, trak.end);
  if (!elst) return 0;
  const view = new DataView(init.buffer, init.byteOffset, init.byteLength);
  const wide = init[field(elst, 0, 1)] === 1;
  const count = u32In(init, elst, 4);
  for (let i = 0, at = 8; i < count; i++, at += wide ? 20 : 12) {
    const mediaTime = wide ? Number(view.getBigInt64(field(elst, at + 8, 8))) : view.getInt32(field(elst, at + 4, 4));
    if (mediaTime >= 0) return mediaTime;
  }
  return 0;
}

/** the sequence number of a media segment's first fragment (its first moof's mfhd) */
export function firstSequence(seg: Uint8Array): number {
  const mfhd = findBox(seg, ['moof', 'mfhd']);
  if (!mfhd) throw new Mp4FormatError('a media segment without moof');
  return u32In(seg, mfhd, 4);
}

/**
 * Every track's samples in a media segment (one or more moof + mdat pairs), by track id. A track's
 * fragments must follow each other without a gap: a segment is one stretch of time.
 */
export function readFragments(seg: Uint8Array, defaults: Map<number, TrackDefaults>): Map<number, TrackRun> {
  const view = new DataView(seg.buffer, seg.byteOffset, seg.byteLength);
  const runs = new Map<number, TrackRun & { next: bigint }>();
  const top = childBoxes(seg);
  for (const moof of top.filter((b) => b.type === 'moof')) {
    const moofStart = moof.at;
    let previousEnd = moofStart;
    for (const traf of childBoxes(seg, moof.start, moof.end).filter((b) => b.type === 'traf')) {
      const tfhd = findBox(seg, ['tfhd'], traf.start, traf.end);
      if (!tfhd) throw new Mp4FormatError('traf without tfhd');
      const tf = u32In(seg, tfhd, 0) & 0xffffff;
      const trackId = u32In(seg, tfhd, 4);
      const d = defaults.get(trackId) ?? { duration: 0, size: 0, flags: 0 };
      let p = 8;
      let base = tf & 0x020000 ? moofStart : previousEnd;
      if (tf & 0x01) {
        base = Number(view.getBigUint64(field(tfhd, p, 8)));
        p += 8;
      }
      if (tf & 0x02) p += 4;
      const defDuration = tf & 0x08 ? u32In(seg, tfhd, (p += 4) - 4) : d.duration;
      const defSize = tf & 0x10 ? u32In(seg, tfhd, (p += 4) - 4) : d.size;
      const defFlags = tf & 0x20 ? u32In(seg, tfhd, (p += 4) - 4) : d.flags;
      const tfdt = findBox(seg, ['tfdt'], traf.start, traf.end);
      if (!tfdt) throw new Mp4FormatError(`track ${trackId} fragment without tfdt`);
      let dts = seg[field(tfdt, 0, 1)] === 1 ? view.getBigUint64(field(tfdt, 4, 8)) : BigInt(u32In(seg, tfdt, 4));
      let run = runs.get(trackId);
      if (!run) runs.set(trackId, (run = { trackId, baseDecodeTime: dts, samples: [], next: dts }));
      else if (run.next !== dts) throw new Mp4FormatError(`track ${trackId} has a gap inside a segment (${run.next} to ${dts})`);
      let dataAt = base;
      for (const trun of childBoxes(seg, traf.start, traf.end).filter((b) => b.type === 'trun')) {
        const version = seg[field(trun, 0, 1)]!;
        const fl = u32In(seg, trun, 0) & 0xffffff;
        const count = u32In(seg, trun, 4);
        let q = 8;
        if (fl & 0x01) {
          dataAt = base + view.getInt32(field(trun, q, 4));
          q += 4;
          if (dataAt < 0) throw new Mp4FormatError(`track ${trackId} sample data starts before the segment`);
        }
        let firstFlags: number | null = null;
        if (fl & 0x04) {
          firstFlags = u32In(seg, trun, q);
          q += 4;
        }
        // a count is only as large as the box holds entries for, or the segment holds sample bytes for
        const entryBytes = [0x100, 0x200, 0x400, 0x800].filter((f) => fl & f).length * 4;
        if (entryBytes > 0 ? q + count * entryBytes > trun.end - trun.start : defSize === 0 ? count > 0 : count * defSize > seg.byteLength) {
          throw new Mp4FormatError(`track ${trackId}: a trun claims ${count} samples that are not there`);
        }
        for (let i = 0; i < count; i++) {
          const duration = fl & 0x100 ? u32In(seg, trun, (q += 4) - 4) : defDuration;
          const size = fl & 0x200 ? u32In(seg, trun, (q += 4) - 4) : defSize;
          let flags = fl & 0x400 ? u32In(seg, trun, (q += 4) - 4) : defFlags;
          if (i === 0 && firstFlags !== null) flags = firstFlags;
          const compositionOffset = fl & 0x800 ? (version === 0 ? u32In(seg, trun, (q += 4) - 4) : view.getInt32(field(trun, (q += 4) - 4, 4))) : 0;
          if (dataAt + size > seg.byteLength) throw new Mp4FormatError(`track ${trackId} sample data runs past the end of the segment`);
          run.samples.push({ duration, flags, compositionOffset, data: seg.subarray(dataAt, dataAt + size) });
          dataAt += size;
          dts += BigInt(duration);
        }
      }
      run.next = dts;
      previousEnd = dataAt;
    }
  }
  return new Map([...runs].map(([id, { next: _next, ...run }]) => [id, run]));
}

/** the decode time just past a run's last sample */
export const runEnd = (run: TrackRun): bigint => run.samples.reduce((t, s) => t + BigInt(s.duration), run.baseDecodeTime);

/**
 * Consecutive runs of a track (a live segment's audio, then the next one's, ...) joined wherever one
 * ends where the next begins; a run after a gap starts a new one, so no sample moves in time.
 */
export function joinContiguous(runs: readonly TrackRun[]): TrackRun[] {
  const out: TrackRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && runEnd(last) === r.baseDecodeTime) last.samples.push(...r.samples);
    else out.push({ ...r, samples: [...r.samples] });
  }
  return out;
}

/**
 * The run cut or stretched to end at `end` (same timescale): samples starting at or after it are
 * dropped (never the first: a segment starts with its keyframe), and the last one lasts up to it.
 * Without B-frames, dropping trailing frames leaves every remaining frame decodable.
 */
export function fitRunEnd(run: TrackRun, end: bigint): TrackRun {
  if (run.samples.length === 0) throw new Mp4FormatError(`track ${run.trackId} has no samples to end`);
  const samples = [];
  let dts = run.baseDecodeTime;
  for (const s of run.samples) {
    if (samples.length > 0 && dts >= end) break;
    samples.push({ ...s });
    dts += BigInt(s.duration);
  }
  const last = samples[samples.length - 1]!;
  const lastStart = dts - BigInt(last.duration);
  if (end > lastStart) last.duration = Number(end - lastStart);
  return { ...run, samples };
}

/** how a track counts time: its timescale, and the media time its presentation starts at (its edit list) */
export interface TrackClock {
  timescale: number;
  editMediaTime: number;
}

export function trackClock(init: Uint8Array, track: { id: number; timescale: number }): TrackClock {
  return { timescale: track.timescale, editMediaTime: editMediaTime(init, track.id) };
}

/** the decode time on `to` (rounded to its timescale) of the instant at which `run`, on `from`, ends */
export function endOn(run: TrackRun, from: TrackClock, to: TrackClock): bigint {
  const sec = (Number(runEnd(run)) - from.editMediaTime) / from.timescale;
  return BigInt(Math.round(sec * to.timescale) + to.editMediaTime);
}

/**
 * A media segment (a rendition's last) rewritten as one fragment whose video ends where its audio
 * ends: the last frame held up to the audio's end (or the frames past it dropped); the sound stays
 * whole. A player plays up to where every track has media, so a video that stopped a frame short of
 * the audio left it standing still before the end. Null when the segment already ends so, or lacks
 * either track.
 */
export function endVideoWithAudio(init: Uint8Array, segment: Uint8Array): { segment: Uint8Array; videoRun: TrackRun; video: TrackClock } | null {
  const tracks = readTracks(init);
  const v = tracks.find((t) => t.kind === 'video');
  const a = tracks.find((t) => t.kind === 'audio');
  if (!v || !a) return null;
  const runs = readFragments(segment, trackDefaults(init));
  const video = runs.get(v.id);
  const audio = runs.get(a.id);
  if (!video || !audio) return null;
  const clock = trackClock(init, v);
  const end = endOn(audio, trackClock(init, a), clock);
  if (runEnd(video) === end) return null;
  const videoRun = fitRunEnd(video, end);
  const out = writeFragment(firstSequence(segment), [...runs.values()].map((r) => (r === video ? videoRun : r)));
  return { segment: out, videoRun, video: clock };
}

// ---- writing ----------------------------------------------------------------------------------

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const header = words(8 + parts.reduce((s, p) => s + p.byteLength, 0), 0);
  for (let i = 0; i < 4; i++) header[4 + i] = type.charCodeAt(i);
  return concat([header, ...parts]);
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}

/** one moof + mdat holding every run given, in that order */
export function writeFragment(sequence: number, runs: readonly TrackRun[]): Uint8Array {
  const trafs = (dataOffsets: number[]): Uint8Array[] =>
    runs.map((run, i) => {
      const withOffsets = run.samples.some((s) => s.compositionOffset !== 0);
      const trunFlags = 0x01 | 0x100 | 0x200 | 0x400 | (withOffsets ? 0x800 : 0);
      const entries = run.samples.flatMap((s) => (withOffsets ? [s.duration, s.data.byteLength, s.flags, s.compositionOffset] : [s.duration, s.data.byteLength, s.flags]));
      const tfdt = new Uint8Array(12);
      new DataView(tfdt.buffer).setUint32(0, 0x01000000);
      new DataView(tfdt.buffer).setBigUint64(4, run.baseDecodeTime);
      return box(
        'traf',
        // default-base-is-moof: data offsets count from the moof's first byte
        box('tfhd', words(0x020000, run.trackId)),
        box('tfdt', tfdt),
        box('trun', words((1 << 24) | trunFlags, run.samples.length, dataOffsets[i]!, ...entries)),
      );
    });
  const build = (offsets: number[]): Uint8Array => box('moof', box('mfhd', words(0, sequence)), ...trafs(offsets));
  const moofSize = build(runs.map(() => 0)).byteLength;
  const offsets: number[] = [];
  let at = moofSize + 8;
  for (const run of runs) {
    offsets.push(at);
    at += run.samples.reduce((s, x) => s + x.data.byteLength, 0);
  }
  return concat([build(offsets), box('mdat', ...runs.flatMap((r) => r.samples.map((s) => s.data)))]);
}

/** one fresh Uint8Array (not Buffer.concat: its result may sit at an offset in Node's shared pool) */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.byteLength;
  }
  return out;
}

const bytesOf = (buf: Uint8Array, b: Box): Uint8Array => buf.subarray(b.at, b.end);

function trakId(buf: Uint8Array, trak: Box): number {
  const tkhd = findBox(buf, ['tkhd'], trak.start, trak.end);
  if (!tkhd) throw new Mp4FormatError('trak without tkhd');
  return u32In(buf, tkhd, buf[field(tkhd, 0, 1)] === 1 ? 20 : 12);
}

/** a copy of a trak (or trex) box with its track id replaced */
function withTrackId(buf: Uint8Array, b: Box, id: number): Uint8Array {
  const copy = bytesOf(buf, b).slice();
  const shift = b.at;
  const view = new DataView(copy.buffer);
  if (b.type === 'trex') view.setUint32(b.start - shift + 4, id);
  else {
    const tkhd = findBox(buf, ['tkhd'], b.start, b.end)!;
    view.setUint32(tkhd.start - shift + (buf[tkhd.start] === 1 ? 20 : 12), id);
  }
  return copy;
}

/**
 * An init segment with the video track(s) of `videoInit` and the audio track of `audioInit`: the
 * video init's ftyp and movie header, its video traks, the audio trak (renumbered if its id is taken),
 * and both tracks' fragment defaults. Returns the new init and the audio track's id in it.
 */
export function mergeInits(videoInit: Uint8Array, audioInit: Uint8Array, audioTrackId: number): { init: Uint8Array; audioTrackId: number } {
  const vMoov = findBox(videoInit, ['moov']);
  const aMoov = findBox(audioInit, ['moov']);
  const ftyp = findBox(videoInit, ['ftyp']);
  if (!vMoov || !aMoov || !ftyp) throw new Mp4FormatError('an init segment without ftyp or moov');
  const vChildren = childBoxes(videoInit, vMoov.start, vMoov.end);
  const vTraks = vChildren.filter((b) => b.type === 'trak');
  const videoIds = vTraks.map((t) => trakId(videoInit, t));
  const aTrak = childBoxes(audioInit, aMoov.start, aMoov.end).find((b) => b.type === 'trak' && trakId(audioInit, b) === audioTrackId);
  if (!aTrak) throw new Mp4FormatError(`no track ${audioTrackId} in the audio init segment`);
  const newId = videoIds.includes(audioTrackId) ? Math.max(...videoIds) + 1 : audioTrackId;

  const aMvex = findBox(audioInit, ['moov', 'mvex']);
  const aTrex = aMvex && childBoxes(audioInit, aMvex.start, aMvex.end).find((b) => b.type === 'trex' && u32In(audioInit, b, 4) === audioTrackId);
  const vMvex = vChildren.find((b) => b.type === 'mvex');
  const vTrexes = vMvex ? childBoxes(videoInit, vMvex.start, vMvex.end).filter((b) => b.type === 'trex') : [];
  const mvex = box('mvex', ...vTrexes.map((b) => bytesOf(videoInit, b)), aTrex ? withTrackId(audioInit, aTrex, newId) : box('trex', words(0, newId, 1, 0, 0, 0)));

  const parts: Uint8Array[] = [];
  for (const b of vChildren) {
    if (b.type === 'mvhd') {
      const mvhd = bytesOf(videoInit, b).slice();
      // next_track_ID is the header's last field
      new DataView(mvhd.buffer).setUint32(mvhd.byteLength - 4, Math.max(newId, ...videoIds) + 1);
      parts.push(mvhd);
    } else if (b.type === 'trak') {
      parts.push(bytesOf(videoInit, b));
      if (b === vTraks[vTraks.length - 1]) parts.push(withTrackId(audioInit, aTrak, newId));
    } else if (b.type === 'mvex') {
      parts.push(mvex);
    } else parts.push(bytesOf(videoInit, b));
  }
  if (!vMvex) parts.push(mvex);
  return { init: concat([bytesOf(videoInit, ftyp), box('moov', ...parts)]), audioTrackId: newId };
}
