import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { risingBandwidth } from './bandwidth-order';
import { writeMasterPlaylist, type VariantStream } from './master-playlist';
import { parsePlaylist } from './parse';

const SIZES = [
  [854, 480],
  [1280, 720],
  [1920, 1080],
  [2560, 1440],
  [3840, 2160],
] as const;

const variant = fc
  .record({
    size: fc.constantFrom(...SIZES),
    bandwidth: fc.integer({ min: 1, max: 40_000_000 }),
    averageShare: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ size, bandwidth, averageShare }): VariantStream => ({
    uri: '',
    codecs: 'avc1.640028,mp4a.40.2',
    width: size[0],
    height: size[1],
    bandwidth,
    ...(averageShare === undefined ? {} : { averageBandwidth: Math.ceil(bandwidth * averageShare) }),
  }));
const ladders = fc.array(variant, { minLength: 1, maxLength: 6 }).map((vs) => vs.map((v, i) => ({ ...v, uri: `v${i}/index.m3u8` })));

describe('risingBandwidth', () => {
  it('lists a larger picture never below a smaller one, never claims less than was measured, and keeps every variant', () => {
    fc.assert(
      fc.property(ladders, (input) => {
        const out = risingBandwidth(input);
        expect(out.map((v) => v.uri).sort()).toEqual(input.map((v) => v.uri).sort());
        for (const [i, v] of out.entries()) {
          const before = input.find((x) => x.uri === v.uri)!;
          expect(v.bandwidth).toBeGreaterThanOrEqual(before.bandwidth);
          if (before.averageBandwidth !== undefined) {
            expect(v.averageBandwidth).toBeGreaterThanOrEqual(before.averageBandwidth);
            expect(v.averageBandwidth).toBeLessThanOrEqual(v.bandwidth);
          }
          const prev = out[i - 1];
          if (!prev) continue;
          expect(v.width! * v.height!).toBeGreaterThanOrEqual(prev.width! * prev.height!);
          expect(v.bandwidth).toBeGreaterThan(prev.bandwidth);
        }
        const averages = out.flatMap((v) => (v.averageBandwidth === undefined ? [] : [v.averageBandwidth]));
        averages.slice(1).forEach((a, i) => expect(a).toBeGreaterThan(averages[i]!));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a ladder that already rises with the picture as it was', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: SIZES.length - 1 }), { minLength: 1, maxLength: SIZES.length }), fc.integer({ min: 1, max: 1_000_000 }), (picks, step) => {
        const input = [...picks].sort((a, b) => a - b).map((k, i): VariantStream => ({ uri: `v${k}`, codecs: 'avc1.640028', width: SIZES[k]![0], height: SIZES[k]![1], bandwidth: (i + 1) * step, averageBandwidth: (i + 1) * step }));
        expect(risingBandwidth([...input].reverse())).toEqual(input);
      }),
    );
  });

  it("writes the issue's master in rising order: 1080p above the constant-rate live 720p it undercut", () => {
    const text = writeMasterPlaylist(
      risingBandwidth([
        { uri: 'live/index.m3u8', codecs: 'avc1.42c01f,mp4a.40.2', width: 1280, height: 720, bandwidth: 1_328_000 },
        { uri: 'r1080/index.m3u8', codecs: 'avc1.640028,mp4a.40.2', width: 1920, height: 1080, bandwidth: 454_420 },
        { uri: 'r480/index.m3u8', codecs: 'avc1.64001e,mp4a.40.2', width: 854, height: 480, bandwidth: 201_000 },
      ]),
    );
    const parsed = parsePlaylist(text);
    if (parsed.kind !== 'master') throw new Error('not a master');
    expect(parsed.variants.map((v) => [v.uri, Number(v.attributes['BANDWIDTH'])])).toEqual([
      ['r480/index.m3u8', 201_000],
      ['live/index.m3u8', 1_328_000],
      ['r1080/index.m3u8', 1_328_001],
    ]);
  });
});
