// Seek-bar previews: a WebVTT file whose cues name a sprite image and, with a `#xywh=x,y,w,h` media
// fragment, the tile inside it. Image URLs are relative to the VTT file.
export interface ThumbnailCue {
  startSec: number;
  endSec: number;
  /** absolute URL of the image, without the fragment */
  image: string;
  /** the tile; null when the cue shows the whole image */
  tile: { x: number; y: number; w: number; h: number } | null;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)/;

/** WebVTT timestamp ("hh:mm:ss.ttt" or "mm:ss.ttt") to seconds; NaN when malformed. */
export function parseVttTimestamp(text: string): number {
  const parts = text.replace(',', '.').split(':');
  if (parts.length < 2 || parts.length > 3) return Number.NaN;
  const sec = Number(parts.pop());
  const min = Number(parts.pop());
  const hours = parts.length > 0 ? Number(parts.pop()) : 0;
  if (![sec, min, hours].every(Number.isFinite) || sec >= 60 || min >= 60) return Number.NaN;
  return hours * 3600 + min * 60 + sec;
}

function parseTile(fragment: string): ThumbnailCue['tile'] {
  const m = /(?:^|&)xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)(?:&|$)/.exec(fragment);
  if (!m) return null;
  const [x, y, w, h] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/**
 * Parses the thumbnails track. Malformed cues are skipped rather than failing the whole file: a
 * preview is a nicety, and a partial sprite sheet is better than none. Cues come back sorted by start.
 */
export function parseThumbnailVtt(text: string, vttUrl: string): ThumbnailCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return [];
  const cues: ThumbnailCue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const timing = TIMING.exec(lines[i]!.trim());
    if (!timing) continue;
    const payload = (lines[i + 1] ?? '').trim();
    i++;
    if (payload === '') continue;
    const startSec = parseVttTimestamp(timing[1]!);
    const endSec = parseVttTimestamp(timing[2]!);
    if (!Number.isFinite(startSec) || !(endSec > startSec)) continue;
    let absolute: URL;
    try {
      absolute = new URL(payload, vttUrl);
    } catch {
      continue;
    }
    const tile = parseTile(absolute.hash.slice(1));
    absolute.hash = '';
    cues.push({ startSec, endSec, image: absolute.href, tile });
  }
  return cues.sort((a, b) => a.startSec - b.startSec);
}

/** The cue showing at `timeSec`, or the nearest earlier one (a gap between cues keeps the last tile). */
export function thumbnailAt(cues: readonly ThumbnailCue[], timeSec: number): ThumbnailCue | null {
  let lo = 0;
  let hi = cues.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid]!.startSec <= timeSec) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found === -1) return cues[0] ?? null;
  return cues[found]!;
}
