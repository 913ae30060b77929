// Which renditions the backfill adds next to the live one. Pure: the source size and the live rung
// in, the rungs to encode out.
//
// The ladder, for screen recordings (H.264 High, capped CRF: quality-driven, never above the cap):
//
// | rung   | pixel budget         | cap (maxrate)        | crf | added when                                       |
// |--------|----------------------|----------------------|-----|--------------------------------------------------|
// | native | the source, <= 4K    | by area (see below)  | 23  | the source has > 1.1x the live rung's pixels     |
// | r2160  | 3840x2160            | 12.7 Mbps            | 23  | >= 1.5x fewer pixels than the native rung, and   |
// | r1440  | 2560x1440            | 6.9 Mbps             | 23  |   >= 1.5x more than the live rung                |
// | r1080  | 1920x1080            | 4.5 Mbps             | 23  |   "                                              |
// | live   | 1280x720 (renderer)  | 1.2 Mbps             |  -  | always: encoded while recording                  |
// | r720   | the live rung's size | by area (2.4 Mbps)   | 23  | a rung above the live one is made: it replaces   |
// |        |                      |                      |     |   the live rung in master.m3u8 (see below)       |
// | r480   | 854x480              | 0.6 Mbps             | 26  | the live rung has >= 1.5x its pixels             |
// | r720   | 1280x720             | 2.4 Mbps             | 23  | only when there is no live rendition at all      |
//
// So: 1080p source → r1080, r720, r480. 720p source → live, r480 (nothing is upscaled). 1440p →
// r1440, r1080, r720, r480. 4K → r2160, r1440, r1080, r720, r480. A 2560x1600 laptop screen →
// r1600 (native), r1080 (1822x1138), r758 (the live size, 1214x758), r480.
//
// Why:
// - The top rung is the source itself: screen recordings are text, and text is only crisp at its
//   native size, so a 1680x1050 or 2560x1600 screen gets a rung at exactly that size rather than a
//   slightly blurred "standard" one.
// - Budgets are areas, not heights (as for the live rung), so ultrawide and portrait screens keep
//   their detail; every rung keeps the source's aspect ratio, with even sides.
// - Standard steps between the top and the live rung are added only when clearly distinct (1.5x the
//   pixels of both neighbours): near-duplicate rungs cost encode time on two cores and make players
//   flap between them.
// - Caps: bits per pixel fall as pictures grow, so the cap scales with area^0.75 from 4.5 Mbps at
//   1080p (the live rung's rule). Screen content is mostly still, so rate control is capped CRF: a
//   still screen costs a few hundred kbit/s, scrolling and video are held at the cap. The master
//   playlist advertises what was measured, not these numbers.
// - The live rung is encoded in the browser at a constant 1.2 Mbps: on a still screen r1080 measured
//   0.45–0.9 Mbps against it, and players that rank variants by BANDWIDTH (Safari, other MSE players)
//   then took 720p on a fast network and skipped 1080p on the way down. So a rung at the live size is
//   made with the others and replaces the live rung in master.m3u8 once published (the live playlist
//   stays, for viewers already on it); the master's BANDWIDTH also rises with the picture by
//   construction (bandwidth-order.ts) for the moments before the twin is listed.
// - r480 at 0.6 Mbps is the weak-network rung: a phone on a poor connection still reads the screen.
// - Frame rate: at most 30 fps, like the live rung: screen content rarely gains from 60, and 60
//   would double the encode time.
export interface VideoSize {
  width: number;
  height: number;
}

export interface LadderRung extends VideoSize {
  /** rendition name (also its folder in the link): /^[a-z0-9]{1,16}$/ */
  name: string;
  frameRate: number;
  /** the encoder's cap, bits/s */
  maxBitrate: number;
  crf: number;
  /** why this rung is on the ladder (logged and shown in the bench output) */
  reason: string;
}

export interface StandardRung {
  name: string;
  /** pixel budget, as the 16:9 size it is named after */
  size: VideoSize;
  crf: number;
}

export const REFERENCE_AREA = 1920 * 1080;
export const REFERENCE_BITRATE = 4_500_000;
export const MAX_AREA = 3840 * 2160;
export const MAX_FRAME_RATE = 30;
/** rungs closer than this in pixel count are near-duplicates */
export const DISTINCT_AREA_RATIO = 1.5;
/** the native rung must have this many times the live rung's pixels to be worth encoding */
export const NATIVE_OVER_LIVE = 1.1;

export const STANDARD_RUNGS: readonly StandardRung[] = [
  { name: 'r2160', size: { width: 3840, height: 2160 }, crf: 23 },
  { name: 'r1440', size: { width: 2560, height: 1440 }, crf: 23 },
  { name: 'r1080', size: { width: 1920, height: 1080 }, crf: 23 },
];
/** the weak-network rung: a fixed cap, not the area rule (which would give it 1.3 Mbps) */
export const LOW_RUNG = { name: 'r480', size: { width: 854, height: 480 }, maxBitrate: 600_000, crf: 26 } as const;
export const TOP_CRF = 23;

const area = (s: VideoSize): number => s.width * s.height;
const even = (n: number): number => Math.max(16, 2 * Math.round(n / 2));
const floorEven = (n: number): number => n - (n % 2);

/** the largest size with the source's aspect ratio within `budget` pixels; never above the source, even sides */
export function fitArea(source: VideoSize, budget: number): VideoSize {
  if (!(source.width > 0 && source.height > 0)) throw new RangeError('source size must be positive');
  const scale = Math.min(1, Math.sqrt(budget / area(source)));
  return {
    width: Math.min(floorEven(source.width), even(source.width * scale)),
    height: Math.min(floorEven(source.height), even(source.height * scale)),
  };
}

/** the cap for a rung of this many pixels: area^0.75 from the 1080p reference, rounded to 100 kbit/s */
export function bitrateForArea(pixels: number): number {
  return Math.round((REFERENCE_BITRATE * (pixels / REFERENCE_AREA) ** 0.75) / 100_000) * 100_000;
}

/** rungs are named after their short side, as people name video sizes: r1080, r1600, r480 */
export const rungName = (s: VideoSize): string => `r${Math.min(s.width, s.height)}`;

export interface LadderInput {
  source: VideoSize;
  /** the capture's nominal frames per second (the master itself is usually variable) */
  sourceFrameRate: number | null;
  /** the live rendition, or null when there is none (then the ladder fills the 720p slot too) */
  live: VideoSize | null;
}

/** the rungs to encode, largest first */
export function planLadder({ source, sourceFrameRate, live }: LadderInput): LadderRung[] {
  const nominal = Math.round(sourceFrameRate ?? MAX_FRAME_RATE) || MAX_FRAME_RATE;
  const frameRate = Math.max(1, Math.min(MAX_FRAME_RATE, nominal));
  const rungs: LadderRung[] = [];
  const add = (size: VideoSize, name: string, maxBitrate: number, crf: number, reason: string): void => {
    if (!rungs.some((r) => r.name === name)) rungs.push({ name, ...size, frameRate, maxBitrate, crf, reason });
  };

  // without a live rendition, plan as if there were a 720p one, and make it here
  const liveSize = live ?? fitArea(source, 1280 * 720);
  if (!live) add(liveSize, rungName(liveSize), bitrateForArea(area(liveSize)), TOP_CRF, 'no live rendition: fills its 720p slot');

  const top = fitArea(source, MAX_AREA);
  const hasTop = area(top) > area(liveSize) * NATIVE_OVER_LIVE;
  if (hasTop) {
    const reason = area(top) < area(source) ? 'the source, scaled to the 4K pixel budget' : 'the source at its native size';
    add(top, rungName(top), bitrateForArea(area(top)), TOP_CRF, reason);
  }
  // The live rung's twin: the live encoder runs at a constant rate, so on a still screen it costs more
  // than the rungs above it; this one (capped CRF like them) replaces it in the master once published.
  if (live && hasTop) add(live, rungName(live), bitrateForArea(area(live)), TOP_CRF, 'replaces the live rung in the master: its bits follow the content, so they rise with the picture');
  for (const std of STANDARD_RUNGS) {
    const budget = area(std.size);
    const distinct = hasTop && budget * DISTINCT_AREA_RATIO <= area(top) && budget >= area(liveSize) * DISTINCT_AREA_RATIO;
    const size = fitArea(source, budget);
    if (distinct) add(size, std.name, bitrateForArea(area(size)), std.crf, 'a clearly distinct step between the source and the live rung');
  }
  if (area(liveSize) >= area(LOW_RUNG.size) * DISTINCT_AREA_RATIO) {
    add(fitArea(source, area(LOW_RUNG.size)), LOW_RUNG.name, LOW_RUNG.maxBitrate, LOW_RUNG.crf, 'weak networks');
  }
  return rungs.sort((a, b) => area(b) - area(a));
}
