import { describe, expect, it } from 'vitest';
import { planThumbnails, writeThumbnailVtt, MAX_TILES } from './thumbnails';

describe('thumbnails', () => {
  it('takes a frame every 2 s of a short recording, in one row', () => {
    const plan = planThumbnails(8, { width: 1920, height: 1080 });
    expect(plan).toEqual({ intervalSec: 2, tile: { width: 160, height: 90 }, columns: 4, rows: 1, count: 4 });
  });

  it('spaces frames out on long recordings, so the sheet stays small', () => {
    const plan = planThumbnails(3600, { width: 1920, height: 1080 });
    expect(plan.intervalSec).toBe(20);
    expect(plan.count).toBeLessThanOrEqual(MAX_TILES);
    expect(plan.columns * plan.tile.width).toBe(1600);
    expect(plan.rows).toBe(18);
  });

  it('keeps the screen shape in its tiles', () => {
    expect(planThumbnails(10, { width: 1080, height: 1920 }).tile).toEqual({ width: 90, height: 160 });
  });

  it('writes cues the viewer parses: tile by tile, row by row, the last cut at the end', () => {
    const plan = planThumbnails(25, { width: 1920, height: 1080 });
    const vtt = writeThumbnailVtt(plan, 25, 'thumbs.jpg');
    expect(vtt.split('\n').slice(0, 5)).toEqual(['WEBVTT', '', '00:00:00.000 --> 00:00:02.000', 'thumbs.jpg#xywh=0,0,160,90', '']);
    expect(vtt).toContain('00:00:20.000 --> 00:00:22.000\nthumbs.jpg#xywh=0,90,160,90');
    expect(vtt.trimEnd().endsWith('00:00:24.000 --> 00:00:25.000\nthumbs.jpg#xywh=320,90,160,90')).toBe(true);
  });

  it('writes hours in cue times', () => {
    const vtt = writeThumbnailVtt(planThumbnails(3700, { width: 1920, height: 1080 }), 3700, 't.jpg');
    expect(vtt).toContain('01:01:20.000 --> 01:01:40.000');
  });
});
