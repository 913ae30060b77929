// Property-based tests (fast-check) of the playlist parser and the writers it reads back:
// parse(write(x)) gives x back for arbitrary valid playlists, and arbitrary text (binary junk, huge
// lines, no #EXTM3U) either parses or is refused with a PlaylistParseError, quickly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeMediaPlaylist, type PlaylistSegment } from './media-playlist';
import { writeMasterPlaylist, type VariantStream } from './master-playlist';
import { parseAttributes, parsePlaylist, PlaylistParseError } from './parse';

/** any text of one line that the parser keeps as it is: no line break, nothing trimmed away */
const oneLine = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> => arb.filter((s) => s.length > 0 && !/[\r\n]/.test(s) && s.trim() === s);
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
/** a URI line: a path, or anything on one line that is not a comment or tag */
const uri = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~/%-]{1,40}$/), oneLine(anyText)).filter((s) => !s.startsWith('#'));
/** a quoted-string's content (RFC 8216 4.2: no double quote, CR or LF) */
const quoted = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 ._/-]{0,40}$/), anyText).filter((s) => !/["\r\n]/.test(s));

const segment: fc.Arbitrary<PlaylistSegment> = fc.record({
  uri,
  durationSec: fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.integer({ min: 0, max: 10 })),
});

const variant: fc.Arbitrary<VariantStream> = fc
  .record(
    {
      uri,
      bandwidth: fc.oneof(fc.integer({ min: 1, max: 200_000_000 }), fc.double({ min: 1, max: 1e9, noNaN: true })),
      averageBandwidth: fc.integer({ min: 1, max: 200_000_000 }),
      codecs: fc.oneof(fc.stringMatching(/^[A-Za-z0-9.,-]{1,60}$/), quoted),
      size: fc.tuple(fc.integer({ min: 1, max: 8192 }), fc.integer({ min: 1, max: 8192 })),
      frameRate: fc.double({ min: 1, max: 240, noNaN: true }),
      // the writer turns a double quote into a single one; anything else it keeps
      name: fc.oneof(quoted, fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s))),
    },
    { requiredKeys: ['uri', 'bandwidth', 'codecs'] },
  )
  .map(({ size, ...v }) => (size ? { ...v, width: size[0], height: size[1] } : v));

describe('playlists round-trip through the writers and the parser', () => {
  it('media: every segment URI and duration (as written, to the microsecond), ENDLIST, the init, TARGETDURATION', () => {
    fc.assert(
      fc.property(
        fc.record({ initUri: quoted, segments: fc.array(segment, { maxLength: 40 }), ended: fc.boolean(), targetDurationSec: fc.double({ min: 0.001, max: 60, noNaN: true }) }),
        (p) => {
          const parsed = parsePlaylist(writeMediaPlaylist(p));
          expect(parsed.kind).toBe('media');
          if (parsed.kind !== 'media') return;
          expect(parsed.segments).toEqual(p.segments.map((s) => ({ uri: s.uri, durationSec: Number(s.durationSec.toFixed(6)) })));
          expect(parsed.ended).toBe(p.ended);
          expect(parsed.playlistType).toBe(p.ended ? 'VOD' : 'EVENT');
          expect(parsed.map).toBe(p.initUri);
          const longest = Math.max(0, ...p.segments.map((s) => s.durationSec));
          expect(parsed.targetDuration).toBe(Math.max(Math.round(longest), Math.ceil(p.targetDurationSec), 1));
          // RFC 8216 4.3.3.1: every EXTINF, rounded, within TARGETDURATION
          for (const s of parsed.segments) expect(Math.round(s.durationSec)).toBeLessThanOrEqual(parsed.targetDuration!);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('master: every variant, lowest bandwidth first, with exactly the attributes written', () => {
    fc.assert(
      fc.property(fc.array(variant, { minLength: 1, maxLength: 8 }), (variants) => {
        const parsed = parsePlaylist(writeMasterPlaylist(variants));
        expect(parsed.kind).toBe('master');
        if (parsed.kind !== 'master') return;
        const sorted = [...variants].sort((a, b) => a.bandwidth - b.bandwidth);
        expect(parsed.variants).toEqual(
          sorted.map((v) => {
            const attributes: Record<string, string> = { BANDWIDTH: String(Math.round(v.bandwidth)), CODECS: v.codecs };
            if (v.averageBandwidth !== undefined) attributes['AVERAGE-BANDWIDTH'] = String(Math.round(v.averageBandwidth));
            if (v.width !== undefined && v.height !== undefined) attributes['RESOLUTION'] = `${v.width}x${v.height}`;
            if (v.frameRate !== undefined) attributes['FRAME-RATE'] = v.frameRate.toFixed(3);
            if (v.name !== undefined) attributes['NAME'] = v.name.replace(/"/g, "'");
            return { uri: v.uri, attributes };
          }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

// ---- arbitrary text ------------------------------------------------------------------------------

const TAGS = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:', '#EXT-X-PLAYLIST-TYPE:', '#EXT-X-MAP:', '#EXT-X-MAP:URI="', '#EXTINF:', '#EXT-X-ENDLIST', '#EXT-X-STREAM-INF:', '#EXT-X-STREAM-INF:BANDWIDTH=', '#', ''];
/** a line that looks like a playlist's: a tag, maybe with junk after it, or junk */
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...TAGS), fc.oneof(fc.constant(''), anyText, fc.stringMatching(/^[A-Z0-9=",.x-]{0,30}$/), fc.double().map(String))).map(([t, rest]) => t + rest),
  anyText,
  fc.constantFrom('seg.m4s', '  seg.m4s  ', 'index.m3u8', '\u0000', '\ufeff#EXTM3U'),
);
const separator = fc.constantFrom('\n', '\r\n', '\r', '\n\n', ' \n');
const playlistLike = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(line, separator), { maxLength: 30 }))
  .map(([header, lines]) => (header ? '#EXTM3U\n' : '') + lines.map(([l, s]) => l + s).join(''));
/** one huge line after a header and a tag (an attribute list, a duration, a URI): its recipe, short enough to print */
const hugeLine = fc.tuple(
  fc.constantFrom('#EXT-X-STREAM-INF:', '#EXT-X-MAP:', '#EXTINF:', '#EXT-X-TARGETDURATION:', '', '#'),
  fc.constantFrom('A', 'A-', '9', 'A=', 'A="', '"', ',', 'x', ' ', '\u00e9'),
  fc.integer({ min: 10_000, max: 100_000 }),
  fc.boolean(),
);
const hugeLineText = ([tag, unit, n, withUri]: [string, string, number, boolean]): string =>
  `#EXTM3U\n${tag}${unit.repeat(Math.ceil(n / unit.length))}\n${withUri ? 'a.m3u8\n' : ''}`;
const bytesAsText = fc.uint8Array({ maxLength: 2000 }).map((b) => new TextDecoder('utf-8').decode(b));

/** the parser's contract: a parsed playlist of sound values, or a PlaylistParseError; nothing else, and quickly */
function parsesOrRefuses(text: string): void {
  const started = performance.now();
  let result: ReturnType<typeof parsePlaylist> | undefined;
  try {
    result = parsePlaylist(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PlaylistParseError);
    expect((e as Error).message.length).toBeGreaterThan(0);
  }
  // linear work on at most ~100 kB: a few milliseconds; a quadratic regex takes seconds
  expect(performance.now() - started).toBeLessThan(1_000);
  if (result?.kind === 'media') {
    for (const s of result.segments) {
      expect(Number.isFinite(s.durationSec) && s.durationSec >= 0).toBe(true);
      expect(s.uri.length).toBeGreaterThan(0);
      expect(s.uri.startsWith('#')).toBe(false);
    }
  } else if (result?.kind === 'master') {
    for (const v of result.variants) {
      expect(v.uri.length).toBeGreaterThan(0);
      expect(v.uri.startsWith('#')).toBe(false);
    }
  }
}

describe('the parser on arbitrary text', () => {
  it('returns a playlist or throws PlaylistParseError: playlist-like lines, any separators, with or without #EXTM3U', () => {
    fc.assert(fc.property(playlistLike, parsesOrRefuses), { numRuns: 1000 });
  });

  it('returns a playlist or throws PlaylistParseError: any string, any bytes', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 500 }), bytesAsText), parsesOrRefuses), { numRuns: 500 });
  });

  it('takes linear time on huge lines (attribute lists, durations, URIs)', () => {
    fc.assert(fc.property(hugeLine, (recipe) => parsesOrRefuses(hugeLineText(recipe))), { numRuns: 40 });
  });

  // found by the property above: the attribute regex tried every position inside a run of name
  // characters with no '=' after it, so 100 kB took seconds (quadratic) and 1 MB minutes
  it('regression: a 100 kB attribute list of name characters without "=" parses in milliseconds', () => {
    const started = performance.now();
    expect(parsePlaylist(`#EXTM3U\n#EXT-X-STREAM-INF:${'A'.repeat(100_000)}\na.m3u8\n`)).toEqual({ kind: 'master', variants: [{ uri: 'a.m3u8', attributes: {} }], media: [] });
    expect(parsePlaylist(`#EXTM3U\n#EXT-X-MAP:${'A'.repeat(100_000)}\n`)).toMatchObject({ kind: 'media', map: null });
    expect(performance.now() - started).toBeLessThan(500);
    expect(parseAttributes(`${'9'.repeat(100_000)},BANDWIDTH=1,X-Y="a=b,c"`)).toEqual({ BANDWIDTH: '1', 'X-Y': 'a=b,c' });
  });

  it('parseAttributes never throws and keeps only NAME=value pairs it can read', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[A-Z0-9=",.x-]{0,60}$/)), (list) => {
        const attrs = parseAttributes(list);
        for (const key of Object.keys(attrs)) expect(key).toMatch(/^[A-Z0-9-]+$/);
      }),
      { numRuns: 500 },
    );
  });
});
