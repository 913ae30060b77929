// The size, frame rate and bit rate of the variant encoded live while recording. It has to keep up in
// real time on a modest laptop next to the full-quality master, so it is a low rung: about 720p worth
// of pixels, never above the source, same aspect ratio, even dimensions (H.264 needs them).

export interface Size {
  width: number;
  height: number;
}

export interface LiveRung extends Size {
  frameRate: number;
  bitrate: number;
}

/** 1280x720: the pixel budget of the live rung, whatever the shape of the screen. */
export const LIVE_PIXEL_BUDGET = 1280 * 720;
export const LIVE_MAX_FRAME_RATE = 30;
/** bits per second at the full pixel budget */
export const LIVE_BITRATE_AT_BUDGET = 1_200_000;
const MIN_BITRATE = 200_000;
const MIN_SIDE = 16;

const even = (n: number): number => Math.max(MIN_SIDE, 2 * Math.floor(n / 2));

export function liveRungSize(source: Size, pixelBudget = LIVE_PIXEL_BUDGET): Size {
  if (!(source.width > 0 && source.height > 0)) throw new RangeError('source size must be positive');
  // Budget by area rather than by height, so ultrawide and portrait screens keep readable detail.
  const scale = Math.min(1, Math.sqrt(pixelBudget / (source.width * source.height)));
  return { width: even(source.width * scale), height: even(source.height * scale) };
}

export function liveRung(source: Size, sourceFrameRate: number): LiveRung {
  const size = liveRungSize(source);
  const frameRate = Math.max(1, Math.min(LIVE_MAX_FRAME_RATE, Math.round(sourceFrameRate) || LIVE_MAX_FRAME_RATE));
  // Bits per pixel fall as the picture grows; ^0.75 is the usual rule of thumb for a ladder.
  const ratio = (size.width * size.height) / LIVE_PIXEL_BUDGET;
  const bitrate = Math.max(MIN_BITRATE, Math.round((LIVE_BITRATE_AT_BUDGET * ratio ** 0.75) / 1000) * 1000);
  return { ...size, frameRate, bitrate };
}
