import { describe, expect, it } from 'vitest';
import { FrameGrid, KeyframeGrid, frameIndex } from './frame-timing';

describe('FrameGrid', () => {
  it('snaps jittery capture times onto the frame grid', () => {
    const grid = new FrameGrid(30);
    expect(grid.take(0.001)).toBe(0);
    expect(grid.take(0.0351)).toBeCloseTo(1 / 30, 9);
    expect(grid.take(0.064)).toBeCloseTo(2 / 30, 9);
  });

  it('keeps one frame per slot, so 60 fps in gives 30 fps out', () => {
    const grid = new FrameGrid(30);
    let kept = 0;
    for (let i = 0; i < 120; i++) if (grid.take(i / 60) !== null) kept++;
    expect(kept).toBe(61); // slots 0..60: the last capture (1.983 s) rounds to frame 60
  });

  it('leaves a gap when frames are late, never going back', () => {
    const grid = new FrameGrid(30);
    grid.take(0);
    expect(grid.take(0.2)).toBeCloseTo(0.2, 9);
    expect(grid.take(0.19)).toBeNull();
  });

  it('peeks without taking the slot', () => {
    const grid = new FrameGrid(30);
    expect(grid.peek(0)).toBe(0);
    expect(grid.take(0)).toBe(0);
    expect(grid.peek(0.01)).toBeNull();
  });

  it('rejects a zero frame rate and clamps negative time', () => {
    expect(() => new FrameGrid(0)).toThrow(RangeError);
    expect(frameIndex(-1, 30)).toBe(0);
  });
});

describe('KeyframeGrid', () => {
  it('puts a key frame on the first frame at or after every 2 s', () => {
    const grid = new KeyframeGrid(2);
    const keys: number[] = [];
    for (let n = 0; n < 30 * 7; n++) if (grid.isKeyFrame(n / 30)) keys.push(n);
    expect(keys).toEqual([0, 60, 120, 180]);
  });

  it('moves the key frame to the next frame when the due one was dropped', () => {
    const grid = new KeyframeGrid(2);
    expect(grid.isKeyFrame(0)).toBe(true);
    expect(grid.isKeyFrame(1.9)).toBe(false);
    expect(grid.isKeyFrame(2.1)).toBe(true);
    expect(grid.isKeyFrame(2.2)).toBe(false);
  });

  it('does not add a key frame for a frame that starts a pause-shortened slot twice', () => {
    const grid = new KeyframeGrid(2);
    grid.isKeyFrame(0);
    expect(grid.isKeyFrame(5.9)).toBe(true); // a gap spanning several slots gives one key frame
    expect(grid.isKeyFrame(6.0)).toBe(true);
  });
});
