// The seek-bar preview: one sprite sheet of small frames and the WebVTT naming each tile. Pure.
import { fitArea, type VideoSize } from '../../../shared/hls/ladder';

export interface ThumbnailPlan {
  intervalSec: number;
  tile: VideoSize;
  columns: number;
  rows: number;
  /** tiles that hold a frame */
  count: number;
}

/** a tile is about 160x90 (the viewer shows it at that size), whatever the screen's shape */
export const TILE_AREA = 160 * 90;
export const COLUMNS = 10;
/** more tiles than this make a sheet too large to download for a hover preview */
export const MAX_TILES = 200;
const INTERVALS = [2, 5, 10, 15, 20, 30, 60, 120, 300];

export function planThumbnails(durationSec: number, source: VideoSize): ThumbnailPlan {
  const duration = Math.max(0.001, durationSec);
  const intervalSec = INTERVALS.find((i) => Math.ceil(duration / i) <= MAX_TILES) ?? INTERVALS[INTERVALS.length - 1]!;
  const count = Math.min(MAX_TILES, Math.max(1, Math.ceil(duration / intervalSec)));
  const columns = Math.min(COLUMNS, count);
  return { intervalSec, tile: fitArea(source, TILE_AREA), columns, rows: Math.ceil(count / columns), count };
}

function vttTime(sec: number): string {
  const ms = Math.round(sec * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

/** cue k covers [k·interval, (k+1)·interval) and shows the frame taken at its start */
export function writeThumbnailVtt(plan: ThumbnailPlan, durationSec: number, imageUri: string): string {
  const lines = ['WEBVTT', ''];
  for (let k = 0; k < plan.count; k++) {
    const start = k * plan.intervalSec;
    if (start >= durationSec && k > 0) break;
    const end = Math.min(durationSec, start + plan.intervalSec);
    const x = (k % plan.columns) * plan.tile.width;
    const y = Math.floor(k / plan.columns) * plan.tile.height;
    lines.push(`${vttTime(start)} --> ${vttTime(Math.max(end, start + 0.001))}`, `${imageUri}#xywh=${x},${y},${plan.tile.width},${plan.tile.height}`, '');
  }
  return lines.join('\n');
}
