import { describe, expect, it } from 'vitest';
import { AudioStamper } from './audio-stamper';

const SR = 48_000;
const CHUNK = 480; // 10 ms

describe('AudioStamper', () => {
  it('anchors the first chunk to the clock, then counts samples', () => {
    const s = new AudioStamper();
    expect(s.stamp(CHUNK, SR, 0.05)).toEqual({ timestampSec: 0.04, keepFrames: CHUNK });
    // jitter in arrival time does not move the next chunk
    expect(s.stamp(CHUNK, SR, 0.07)!.timestampSec).toBeCloseTo(0.05, 9);
    expect(s.stamp(CHUNK, SR, 0.058)!.timestampSec).toBeCloseTo(0.06, 9);
  });

  it('never stamps before zero', () => {
    const s = new AudioStamper();
    expect(s.stamp(CHUNK, SR, 0.001)!.timestampSec).toBe(0);
  });

  it('re-anchors after a pause without going back in time', () => {
    const s = new AudioStamper();
    s.stamp(CHUNK, SR, 1.0);
    s.markDiscontinuity();
    // resumed: the clock excluded the pause, first chunk lands where the clock says
    expect(s.stamp(CHUNK, SR, 1.1)!.timestampSec).toBeCloseTo(1.09, 9);
    s.markDiscontinuity();
    // a clock reading earlier than audio already stamped must not overlap it
    expect(s.stamp(CHUNK, SR, 1.1)!.timestampSec).toBeCloseTo(1.1, 9);
  });

  it('leaves a gap when audio falls behind the clock', () => {
    const s = new AudioStamper();
    s.stamp(CHUNK, SR, 0.01);
    expect(s.stamp(CHUNK, SR, 0.5)!.timestampSec).toBeCloseTo(0.49, 9);
  });

  it('drops chunks that run ahead of the clock', () => {
    const s = new AudioStamper();
    s.stamp(CHUNK * 30, SR, 0.3); // 0..0.3
    // another 0.3 s arriving 10 ms later would start 0.29 s ahead of the clock
    expect(s.stamp(CHUNK * 30, SR, 0.31)).toBeNull();
    expect(s.dropped).toBe(1);
    expect(s.stamp(CHUNK, SR, 0.32)!.timestampSec).toBeCloseTo(0.3, 9);
  });

  it('has reached the end at once when the audio already covers it', () => {
    const s = new AudioStamper();
    s.stamp(CHUNK, SR, 0.01);
    s.endAt(0.005);
    expect(s.reachedEnd).toBe(true);
  });

  it('cuts the chunk that crosses the end and drops everything after it', () => {
    const s = new AudioStamper();
    s.stamp(CHUNK, SR, 0.01); // 0..0.01
    s.endAt(0.015);
    expect(s.reachedEnd).toBe(false);
    expect(s.stamp(CHUNK, SR, 0.02)).toEqual({ timestampSec: 0.01, keepFrames: 240 });
    expect(s.reachedEnd).toBe(true);
    expect(s.stamp(CHUNK, SR, 0.03)).toBeNull();
    expect(s.coveredUntilSec).toBeCloseTo(0.015, 9);
  });
});
