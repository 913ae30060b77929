import { describe, expect, it } from 'vitest';
import { parseThumbnailVtt, parseVttTimestamp, thumbnailAt } from './thumbnails';

const VTT_URL = 'http://h/v/abc/thumbs.vtt';

describe('parseVttTimestamp', () => {
  it('reads both WebVTT forms', () => {
    expect(parseVttTimestamp('00:00:05.500')).toBe(5.5);
    expect(parseVttTimestamp('01:02:03.004')).toBeCloseTo(3723.004, 6);
    expect(parseVttTimestamp('02:03.250')).toBe(123.25);
    expect(parseVttTimestamp('100:00:00.000')).toBe(360000);
  });
  it('rejects malformed times', () => {
    expect(parseVttTimestamp('5.5')).toBeNaN();
    expect(parseVttTimestamp('00:61:00.000')).toBeNaN();
    expect(parseVttTimestamp('aa:bb')).toBeNaN();
  });
});

describe('parseThumbnailVtt', () => {
  it('reads sprite tiles relative to the VTT file', () => {
    const text = [
      'WEBVTT',
      '',
      '1',
      '00:00:00.000 --> 00:00:02.000',
      'thumbs.jpg#xywh=0,0,160,90',
      '',
      '2',
      '00:00:02.000 --> 00:00:04.000 align:start',
      'sprites/thumbs.jpg#xywh=160,0,160,90',
      '',
    ].join('\r\n');
    expect(parseThumbnailVtt(text, VTT_URL)).toEqual([
      { startSec: 0, endSec: 2, image: 'http://h/v/abc/thumbs.jpg', tile: { x: 0, y: 0, w: 160, h: 90 } },
      { startSec: 2, endSec: 4, image: 'http://h/v/abc/sprites/thumbs.jpg', tile: { x: 160, y: 0, w: 160, h: 90 } },
    ]);
  });

  it('accepts whole images, a BOM, notes, short timestamps and pixel: units', () => {
    const text =
      '\uFEFFWEBVTT - thumbnails\n\nNOTE made by reelay\n\n00:01.000 --> 00:02.000\nhttp://cdn/x.jpg\n\n00:02.000 --> 00:03.000\nb.jpg#xywh=pixel:1,2,3,4\n';
    const cues = parseThumbnailVtt(text, VTT_URL);
    expect(cues).toEqual([
      { startSec: 1, endSec: 2, image: 'http://cdn/x.jpg', tile: null },
      { startSec: 2, endSec: 3, image: 'http://h/v/abc/b.jpg', tile: { x: 1, y: 2, w: 3, h: 4 } },
    ]);
  });

  it('skips broken cues and sorts the rest', () => {
    const text = [
      'WEBVTT',
      '',
      '00:00:04.000 --> 00:00:06.000',
      'c.jpg#xywh=0,0,10,10',
      '',
      '00:00:03.000 --> 00:00:02.000',
      'backwards.jpg',
      '',
      '00:00:00.000 --> 00:00:02.000',
      '',
      '00:00:02.000 --> 00:00:04.000',
      'b.jpg#xywh=0,0,0,10',
    ].join('\n');
    const cues = parseThumbnailVtt(text, VTT_URL);
    expect(cues.map((c) => [c.startSec, c.image, c.tile])).toEqual([
      [2, 'http://h/v/abc/b.jpg', null],
      [4, 'http://h/v/abc/c.jpg', { x: 0, y: 0, w: 10, h: 10 }],
    ]);
  });

  it('returns nothing for a file that is not WebVTT (for example an HTML 404 page)', () => {
    expect(parseThumbnailVtt('<!doctype html><p>Not found', VTT_URL)).toEqual([]);
    expect(parseThumbnailVtt('', VTT_URL)).toEqual([]);
  });
});

describe('thumbnailAt', () => {
  const cues = parseThumbnailVtt(
    'WEBVTT\n\n00:00.000 --> 00:02.000\na.jpg\n\n00:02.000 --> 00:04.000\nb.jpg\n\n00:06.000 --> 00:08.000\nc.jpg\n',
    VTT_URL,
  );
  const at = (t: number) => thumbnailAt(cues, t)?.image.split('/').pop();
  it('finds the cue for a time', () => {
    expect(at(0)).toBe('a.jpg');
    expect(at(1.99)).toBe('a.jpg');
    expect(at(2)).toBe('b.jpg');
    expect(at(7)).toBe('c.jpg');
  });
  it('keeps the last tile across gaps and past the end, and the first before the start', () => {
    expect(at(5)).toBe('b.jpg');
    expect(at(99)).toBe('c.jpg');
    expect(at(-1)).toBe('a.jpg');
  });
  it('is null without cues', () => {
    expect(thumbnailAt([], 3)).toBeNull();
  });
});
