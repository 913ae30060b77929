// master.m3u8 as the backfill leaves it: rendered from the renditions it measured, each listed only
// once its files and playlist were published.
import { describe, expect, it } from 'vitest';
import { listedRenditions, renderMaster } from '../publish/generated';
import type { RenditionRow, SegmentRow } from '../library/recordings-repo';
import { parsePlaylist } from '../../../shared/hls/parse';

const rendition = (r: Partial<RenditionRow> & Pick<RenditionRow, 'name'>): RenditionRow => ({
  recording_id: 'rec',
  state: 'ready',
  codecs: 'avc1.640028,mp4a.40.2',
  width: 1920,
  height: 1080,
  frame_rate: 30,
  bitrate: 4_500_000,
  init_bytes: null,
  listed_after_upload_id: 10,
  ...r,
});

/** 2 s segments of these sizes, published by uploads firstId, firstId+1, ... */
const segments = (bytes: number[], firstId: number, last = 2): SegmentRow[] =>
  bytes.map((b, seq) => ({ seq, duration_sec: seq === bytes.length - 1 ? last : 2, bytes: b, upload_id: firstId + seq }));

describe('master playlist from measured renditions', () => {
  const renditions = [
    rendition({ name: 'live', state: 'live', codecs: 'avc1.42c01f,mp4a.40.2', width: 1280, height: 720, bitrate: 1_200_000, listed_after_upload_id: 3 }),
    rendition({ name: 'r1080', listed_after_upload_id: 40 }),
    rendition({ name: 'r480', codecs: 'avc1.64001e,mp4a.40.2', width: 854, height: 480, bitrate: 600_000, listed_after_upload_id: 50 }),
  ];
  const segs: Record<string, SegmentRow[]> = {
    live: segments([250_000, 300_000, 280_000, 100_000], 1, 0.5),
    // a still screen, then scrolling: the peak is what players must be able to sustain
    r1080: segments([150_000, 1_100_000, 200_000, 40_000], 30, 0.5),
    r480: segments([40_000, 140_000, 60_000, 10_000], 45, 0.5),
  };
  const render = (uploadId: number) => renderMaster(renditions, (name) => segs[name]!, uploadId);

  it('lists every published rendition, lowest first, with peak and average from segment sizes', () => {
    const parsed = parsePlaylist(render(100)!);
    if (parsed.kind !== 'master') throw new Error('not a master');
    expect(parsed.variants.map((v) => v.uri)).toEqual(['r480/index.m3u8', 'live/index.m3u8', 'r1080/index.m3u8']);
    const r1080 = parsed.variants[2]!.attributes;
    expect(r1080).toMatchObject({ BANDWIDTH: String((1_100_000 * 8) / 2), CODECS: 'avc1.640028,mp4a.40.2', RESOLUTION: '1920x1080', 'FRAME-RATE': '30.000' });
    expect(Number(r1080['AVERAGE-BANDWIDTH'])).toBe(Math.ceil(((150_000 + 1_100_000 + 200_000 + 40_000) * 8) / 6.5));
    // the live rendition never claims less than its encoder's target
    expect(Number(parsed.variants[1]!.attributes['BANDWIDTH'])).toBe(1_200_000);
  });

  it('does not name a rung before the upload that published its playlist', () => {
    const before = parsePlaylist(render(45)!);
    expect(before.kind === 'master' && before.variants.map((v) => v.uri)).toEqual(['live/index.m3u8', 'r1080/index.m3u8']);
    const first = parsePlaylist(render(4)!);
    expect(first.kind === 'master' && first.variants.map((v) => v.uri)).toEqual(['live/index.m3u8']);
  });
});

describe('master playlist with captions', () => {
  const renditions = [rendition({ name: 'live', state: 'live', width: 1280, height: 720, listed_after_upload_id: 3 }), rendition({ name: 'r1080', listed_after_upload_id: 40 })];
  const segs = (name: string) => segments([200_000, 200_000], name === 'live' ? 1 : 30);
  const captions = { recording_id: 'rec', vtt: 'WEBVTT\n', label: 'English', language: 'en', cues: 1, bytes: 7, updated_at: 0, listed_after_upload_id: 60 };

  it('names the subtitles rendition on every variant once the captions playlist was published, whichever rung arrives after', () => {
    const before = parsePlaylist(renderMaster(renditions, segs, 60, captions)!);
    expect(before.kind === 'master' && before.media).toEqual([]);
    const after = parsePlaylist(renderMaster(renditions, segs, 61, captions)!);
    if (after.kind !== 'master') throw new Error('not a master');
    expect(after.media.map((m) => [m['URI'], m['NAME'], m['LANGUAGE']])).toEqual([['captions.m3u8', 'English', 'en']]);
    expect(after.variants.map((v) => v.attributes['SUBTITLES'])).toEqual(['subs', 'subs']);
  });
});

describe('master playlist once the live rung has its twin', () => {
  // the case: a constant-rate live 720p above a quality-driven 1080p of a still screen
  const renditions = [
    rendition({ name: 'live', state: 'live', codecs: 'avc1.42c01f,mp4a.40.2', width: 1280, height: 720, bitrate: 1_200_000, listed_after_upload_id: 3 }),
    rendition({ name: 'r1080', listed_after_upload_id: 40 }),
    rendition({ name: 'r720', width: 1280, height: 720, bitrate: 2_400_000, listed_after_upload_id: 60 }),
    rendition({ name: 'r480', codecs: 'avc1.64001e,mp4a.40.2', width: 854, height: 480, bitrate: 600_000, listed_after_upload_id: 50 }),
  ];
  const segs: Record<string, SegmentRow[]> = {
    live: segments([332_000, 332_000, 332_000], 1),
    r1080: segments([113_000, 110_000, 100_000], 30),
    r480: segments([30_000, 28_000, 25_000], 45),
    r720: segments([60_000, 58_000, 50_000], 55),
  };
  const variants = (uploadId: number): [string, number][] => {
    const parsed = parsePlaylist(renderMaster(renditions, (name) => segs[name]!, uploadId)!);
    if (parsed.kind !== 'master') throw new Error('not a master');
    return parsed.variants.map((v) => [v.uri, Number(v.attributes['BANDWIDTH'])]);
  };

  it('lists 1080p above the live 720p while the twin is on its way, however little 1080p measured', () => {
    expect(variants(55)).toEqual([
      ['r480/index.m3u8', 120_000],
      ['live/index.m3u8', 1_328_000],
      ['r1080/index.m3u8', 1_328_001],
    ]);
  });

  it('replaces the live rung with its twin once the twin is listed, every figure as measured and rising', () => {
    expect(variants(61)).toEqual([
      ['r480/index.m3u8', 120_000],
      ['r720/index.m3u8', 240_000],
      ['r1080/index.m3u8', 452_000],
    ]);
  });

  it('keeps the live rung when no finished rung has its size', () => {
    const others = renditions.filter((r) => r.name !== 'r720');
    expect(listedRenditions(others, 100).map((r) => r.name)).toContain('live');
    expect(listedRenditions(renditions, 100).map((r) => r.name)).not.toContain('live');
    // a twin that is still being built does not replace it
    const building = renditions.map((r) => (r.name === 'r720' ? { ...r, state: 'building' as const } : r));
    expect(listedRenditions(building, 100).map((r) => r.name)).toContain('live');
  });
});
