import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childBoxes, fragmentStarts, isFastStart, Mp4FormatError, readTracks, topLevelTypes, videoStartSec } from './mp4';
import { topLevelTypesOfFile } from './mp4-file';

// a tiny box writer: enough to build the structures ffmpeg and mediabunny write
const u8 = (...bytes: number[]): number[] => bytes;
const u16 = (n: number): number[] => [(n >> 8) & 255, n & 255];
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
const u64 = (n: bigint): number[] => [...u32(Number(n >> 32n)), ...u32(Number(n & 0xffffffffn))];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const box = (type: string, ...payload: number[][]): number[] => {
  const body = payload.flat();
  return [...u32(8 + body.length), ...ascii(type), ...body];
};
const full = (version: number, flags = 0): number[] => [version, ...u32(flags).slice(1)];
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

function trak(id: number, handler: string, timescale: number, entry: number[]): number[] {
  return box(
    'trak',
    box('tkhd', full(0, 3), zeros(8), u32(id), zeros(68)),
    box(
      'mdia',
      box('mdhd', full(0), zeros(8), u32(timescale), zeros(8)),
      box('hdlr', full(0), zeros(4), ascii(handler), zeros(12), [0]),
      box('minf', box('stbl', box('stsd', full(0), u32(1), entry))),
    ),
  );
}

const avc1 = box(
  'avc1',
  zeros(6), u16(1), zeros(16), u16(1920), u16(1080), zeros(78 - 28),
  // AVCDecoderConfigurationRecord: version 1, High (0x64), no constraints, level 4.0 (0x28)
  box('avcC', u8(1, 0x64, 0x00, 0x28, 0xff, 0xe0, 0x00)),
);
// ES_Descriptor > DecoderConfigDescriptor (MPEG-4 audio) > DecoderSpecificInfo: AAC-LC, 48 kHz, stereo
const esds = box('esds', full(0), u8(0x03, 25), u16(1), u8(0), u8(0x04, 17), u8(0x40, 0x15), zeros(11), u8(0x05, 2, 0x11, 0x90));
const mp4a = box('mp4a', zeros(6), u16(1), zeros(8), u16(2), u16(16), zeros(4), u32(48000 << 16), esds);
const init = new Uint8Array([...box('ftyp', ascii('iso5'), zeros(4)), ...box('moov', box('mvhd', zeros(100)), trak(1, 'vide', 15360, avc1), trak(2, 'soun', 48000, mp4a))]);

const traf = (id: number, v: 0 | 1, time: bigint): number[] =>
  box('traf', box('tfhd', full(0, 0x020000), u32(id)), box('tfdt', full(v), v === 1 ? u64(time) : u32(Number(time))), box('trun', full(0), u32(0)));
const segment = new Uint8Array([
  ...box('styp', ascii('msdh')),
  ...box('moof', box('mfhd', full(0), u32(2)), traf(1, 1, 30720n), traf(2, 0, 97280n)),
  ...box('mdat', zeros(16)),
]);

describe('mp4 reading', () => {
  it('reads track kinds, timescales, sizes and RFC 6381 codecs from an init segment', () => {
    expect(readTracks(init)).toEqual([
      { id: 1, kind: 'video', timescale: 15360, codec: 'avc1.640028', width: 1920, height: 1080, sampleRate: null, channels: null },
      { id: 2, kind: 'audio', timescale: 48000, codec: 'mp4a.40.2', width: null, height: null, sampleRate: 48000, channels: 2 },
    ]);
  });

  it("reads each track's decode start from a media segment (32- and 64-bit tfdt)", () => {
    expect(fragmentStarts(segment)).toEqual(new Map([[1, 30720n], [2, 97280n]]));
    expect(videoStartSec(readTracks(init), segment)).toBe(2);
  });

  it('lists top-level boxes, and tells a faststart MP4 (moov before mdat) from one that is not', () => {
    expect(topLevelTypes(segment)).toEqual(['styp', 'moof', 'mdat']);
    const ftyp = box('ftyp', ascii('isom'), zeros(4));
    const moov = box('moov', box('mvhd', zeros(100)));
    const mdat = box('mdat', zeros(32));
    const fast = new Uint8Array([...ftyp, ...moov, ...mdat]);
    const slow = new Uint8Array([...ftyp, ...mdat, ...moov]);
    expect(topLevelTypes(fast)).toEqual(['ftyp', 'moov', 'mdat']);
    expect(isFastStart(topLevelTypes(fast))).toBe(true);
    expect(isFastStart(topLevelTypes(slow))).toBe(false);
    expect(isFastStart(topLevelTypes(segment))).toBe(false); // no moov at all
  });

  it('reads the top-level boxes of a file header by header, 64-bit sizes included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelay-mp4-'));
    try {
      // an mdat with a 64-bit largesize header (size field 1), as large downloads have
      const largeMdat = [...u32(1), ...ascii('mdat'), ...u64(16n + 40n), ...zeros(40)];
      const file = join(dir, 'download.mp4');
      writeFileSync(file, new Uint8Array([...box('ftyp', ascii('isom'), zeros(4)), ...box('moov', box('mvhd', zeros(100))), ...largeMdat, ...box('free', zeros(4))]));
      expect(await topLevelTypesOfFile(file)).toEqual(['ftyp', 'moov', 'mdat', 'free']);
      writeFileSync(file, new Uint8Array([...box('ftyp', zeros(8)), ...u32(4096), ...ascii('mdat'), ...zeros(8)]));
      await expect(topLevelTypesOfFile(file)).rejects.toThrow(Mp4FormatError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses boxes that overrun their parent', () => {
    const broken = new Uint8Array([...u32(64), ...ascii('moov'), ...zeros(8)]);
    expect(() => childBoxes(broken)).toThrow(Mp4FormatError);
    expect(() => readTracks(new Uint8Array(box('ftyp', zeros(8))))).toThrow(/no moov/);
  });
});
