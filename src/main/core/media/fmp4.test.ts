// fMP4 fragments sample by sample, and a rung rebuilt around the live audio: pure parts.
import { describe, expect, it } from 'vitest';
import { childBoxes, findBox, readTracks } from './mp4';
import { editMediaTime, endOn, endVideoWithAudio, fitRunEnd, firstSequence, joinContiguous, mergeInits, readFragments, runEnd, writeFragment, type TrackRun } from './fmp4';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const SYNC = 0x02000000;
const DELTA = 0x01010000;

function run(trackId: number, base: number, durations: number[], first = 0): TrackRun {
  return {
    trackId,
    baseDecodeTime: BigInt(base),
    samples: durations.map((duration, i) => ({ duration, flags: i === 0 ? SYNC : DELTA, compositionOffset: 0, data: bytes(trackId, first + i, 0xaa, i) })),
  };
}

describe('fMP4 fragments', () => {
  it('reads back every sample it wrote: times, flags, offsets and bytes, for each track', () => {
    const video = run(1, 15360 * 4, [512, 512, 512]);
    video.samples[1]!.compositionOffset = -512;
    const audio = run(2, 44100 * 4 + 311, [1024, 1024, 1024, 1024]);
    const seg = writeFragment(7, [video, audio]);
    expect(childBoxes(seg).map((b) => b.type)).toEqual(['moof', 'mdat']);
    const back = readFragments(seg, new Map());
    expect(back.get(1)).toEqual(video);
    expect(back.get(2)).toEqual(audio);
    expect(runEnd(audio)).toBe(BigInt(44100 * 4 + 311 + 4096));
    // mfhd carries the sequence number
    const mfhd = findBox(seg, ['moof', 'mfhd'])!;
    expect(new DataView(seg.buffer).getUint32(mfhd.start + 4)).toBe(7);
  });

  it('joins a track over several fragments of one segment, and refuses a gap inside a segment', () => {
    const a = writeFragment(1, [run(2, 1000, [10, 10])]);
    const b = writeFragment(2, [run(2, 1020, [10], 2)]);
    const joined = readFragments(Uint8Array.from([...a, ...b]), new Map()).get(2)!;
    expect(joined.baseDecodeTime).toBe(1000n);
    expect(joined.samples.map((s) => s.data[1])).toEqual([0, 1, 2]);
    const gap = writeFragment(2, [run(2, 1030, [10])]);
    expect(() => readFragments(Uint8Array.from([...a, ...gap]), new Map())).toThrow(/gap inside a segment/);
  });

  it('joins runs that follow each other, and keeps a run after a gap apart, so no sample moves in time', () => {
    const joined = joinContiguous([run(2, 0, [1024, 1024]), run(2, 2048, [1024], 2), run(2, 5000, [1024], 3)]);
    expect(joined.map((r) => [r.baseDecodeTime, r.samples.map((s) => s.data[1])])).toEqual([
      [0n, [0, 1, 2]],
      [5000n, [3]],
    ]);
  });

  it('cuts a run at an end time, or holds its last frame up to it, never dropping the first frame', () => {
    const r = run(1, 1000, [100, 100, 100, 100]);
    expect(runEnd(fitRunEnd(r, 1250n))).toBe(1250n);
    expect(fitRunEnd(r, 1250n).samples.map((s) => s.duration)).toEqual([100, 100, 50]);
    expect(fitRunEnd(r, 1650n).samples.map((s) => s.duration)).toEqual([100, 100, 100, 350]);
    expect(fitRunEnd(r, 1000n).samples).toHaveLength(1);
    // the original is left as it was
    expect(r.samples.map((s) => s.duration)).toEqual([100, 100, 100, 100]);
  });
});

// minimal init segments: ftyp + moov(mvhd, trak(tkhd, mdia(mdhd, hdlr, minf(stbl(stsd)))), mvex(trex))
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const size = 8 + parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
const u32s = (...xs: number[]): Uint8Array => {
  const out = new Uint8Array(xs.length * 4);
  xs.forEach((x, i) => new DataView(out.buffer).setUint32(i * 4, x));
  return out;
};
function trak(id: number, kind: 'vide' | 'soun', timescale: number, edits: [number, number][] = []): Uint8Array {
  const tkhd = u32s(0, 0, 0, id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const mdhd = u32s(0, 0, 0, timescale, 0, 0);
  const hdlr = box('hdlr', u32s(0, 0), new TextEncoder().encode(kind), u32s(0, 0, 0), bytes(0));
  const entry =
    kind === 'vide'
      ? box('avc1', new Uint8Array(24), bytes(0x05, 0x00, 0x02, 0xd0), new Uint8Array(50), box('avcC', bytes(1, 0x64, 0, 0x28)))
      : box('mp4a', new Uint8Array(16), bytes(0, 2, 0, 16), u32s(0), bytes(0xac, 0x44, 0, 0));
  const stsd = box('stsd', u32s(0, 1), entry);
  const edts = edits.length > 0 ? [box('edts', box('elst', u32s(0, edits.length, ...edits.flatMap(([duration, mediaTime]) => [duration, mediaTime, 0x00010000]))))] : [];
  return box('trak', box('tkhd', tkhd), ...edts, box('mdia', box('mdhd', mdhd), hdlr, box('minf', box('stbl', stsd))));
}
function init(traks: Uint8Array[], trexIds: number[]): Uint8Array {
  const mvhd = box('mvhd', new Uint8Array(96), u32s(99));
  return Uint8Array.from([...box('ftyp', new TextEncoder().encode('iso5'), u32s(0)), ...box('moov', mvhd, ...traks, box('mvex', ...trexIds.map((id) => box('trex', u32s(0, id, 1, id * 10, 0, 0)))))]);
}

describe('an init segment from a video init and an audio init', () => {
  it("keeps the video track, adds the audio track under a free id, with both tracks' fragment defaults", () => {
    const videoInit = init([trak(1, 'vide', 15360)], [1]);
    const audioInit = init([trak(1, 'vide', 30), trak(2, 'soun', 44100)], [1, 2]);
    const merged = mergeInits(videoInit, audioInit, 2);
    expect(merged.audioTrackId).toBe(2);
    const tracks = readTracks(merged.init);
    expect(tracks.map((t) => [t.id, t.kind, t.timescale])).toEqual([
      [1, 'video', 15360],
      [2, 'audio', 44100],
    ]);
    expect(tracks[0]!.width).toBe(1280);
    expect(tracks[1]!.sampleRate).toBe(44100);
    const mvex = findBox(merged.init, ['moov', 'mvex'])!;
    const trexes = childBoxes(merged.init, mvex.start, mvex.end).map((b) => [new DataView(merged.init.buffer).getUint32(b.start + 4), new DataView(merged.init.buffer).getUint32(b.start + 12)]);
    expect(trexes).toEqual([
      [1, 10],
      [2, 20],
    ]);
    // next_track_ID after both
    const mvhd = findBox(merged.init, ['moov', 'mvhd'])!;
    expect(new DataView(merged.init.buffer).getUint32(mvhd.end - 4)).toBe(3);
  });

  it('renumbers the audio track when the video init already uses its id', () => {
    const merged = mergeInits(init([trak(1, 'vide', 15360)], [1]), init([trak(1, 'soun', 48000)], [1]), 1);
    expect(merged.audioTrackId).toBe(2);
    expect(readTracks(merged.init).map((t) => [t.id, t.kind])).toEqual([
      [1, 'video'],
      [2, 'audio'],
    ]);
    const mvex = findBox(merged.init, ['moov', 'mvex'])!;
    expect(childBoxes(merged.init, mvex.start, mvex.end).map((b) => new DataView(merged.init.buffer).getUint32(b.start + 4))).toEqual([1, 2]);
  });
});

describe('where a rendition ends', () => {
  it("reads a track's edit-list media time: past empty edits, 0 without an edit list", () => {
    const withEdits = init([trak(1, 'vide', 15360, [[14, 0xffffffff], [0, 0]]), trak(2, 'soun', 48000, [[0, 1024]])], [1, 2]);
    expect(editMediaTime(withEdits, 1)).toBe(0);
    expect(editMediaTime(withEdits, 2)).toBe(1024);
    expect(editMediaTime(init([trak(1, 'vide', 15360)], [1]), 1)).toBe(0);
  });

  it("places one track's end on another track's clock, edit lists included", () => {
    const audio = run(2, 48000 * 6, [1024, 1024]);
    // 6 s + 2048/48000 s, on a 15360 clock
    expect(endOn(audio, { timescale: 48000, editMediaTime: 0 }, { timescale: 15360, editMediaTime: 0 })).toBe(BigInt(Math.round((6 + 2048 / 48000) * 15360)));
    // the audio's priming trimmed by its edit list: it ends 1024 samples earlier on the video's clock
    expect(endOn(audio, { timescale: 48000, editMediaTime: 1024 }, { timescale: 15360, editMediaTime: 0 })).toBe(BigInt(Math.round((6 + 1024 / 48000) * 15360)));
  });

  it("rewrites a last segment so its video ends where its audio ends, and leaves one that does alone", () => {
    const initSeg = init([trak(1, 'vide', 15360), trak(2, 'soun', 48000)], [1, 2]);
    // video 6.0 s to 6.4 s (12 frames of 512), audio 6.0 s to 6.4 s + one AAC frame
    const video = run(1, 15360 * 6, Array<number>(12).fill(512));
    const audio = run(2, 48000 * 6, Array<number>(19).fill(1024));
    const seg = writeFragment(41, [video, audio]);
    const ended = endVideoWithAudio(initSeg, seg)!;
    const back = readFragments(ended.segment, new Map());
    expect(Number(runEnd(back.get(1)!)) / 15360).toBeCloseTo(Number(runEnd(audio)) / 48000, 4);
    expect(back.get(1)!.samples.map((x) => x.duration).slice(0, 11)).toEqual(Array<number>(11).fill(512));
    expect(back.get(2)).toEqual(audio);
    expect(firstSequence(ended.segment)).toBe(41);
    expect(endVideoWithAudio(initSeg, ended.segment)).toBeNull();
  });
});
