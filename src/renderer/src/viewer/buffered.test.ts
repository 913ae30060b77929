import { describe, expect, it } from 'vitest';
import { bufferedPercent, clampSeek, isBuffered, knownDuration, type Ranges } from './buffered';

const ranges = (...spans: [number, number][]): Ranges => ({
  length: spans.length,
  start: (i) => spans[i]![0],
  end: (i) => spans[i]![1],
});

describe('knownDuration', () => {
  it('is 0 until the duration is known and finite', () => {
    expect(knownDuration(Number.NaN)).toBe(0);
    expect(knownDuration(Number.POSITIVE_INFINITY)).toBe(0);
    expect(knownDuration(0)).toBe(0);
    expect(knownDuration(9.5)).toBe(9.5);
  });
});

describe('clampSeek', () => {
  it('keeps seeks inside the recording, just short of its end', () => {
    expect(clampSeek(-3, 10)).toBe(0);
    expect(clampSeek(4, 10)).toBe(4);
    expect(clampSeek(12, 10)).toBeCloseTo(9.95);
  });
  it('does not cap when the duration is unknown', () => {
    expect(clampSeek(42, 0)).toBe(42);
  });
});

describe('isBuffered', () => {
  it('finds the time in any range, ends included', () => {
    const b = ranges([0, 4], [6, 8]);
    expect(isBuffered(b, 4)).toBe(true);
    expect(isBuffered(b, 7)).toBe(true);
    expect(isBuffered(b, 5)).toBe(false);
    expect(isBuffered(ranges(), 0)).toBe(false);
  });
});

describe('bufferedPercent', () => {
  it('reaches the end of the range playing now', () => {
    expect(bufferedPercent(ranges([0, 4], [6, 8]), 1, 10)).toBe(40);
    expect(bufferedPercent(ranges([0, 4], [6, 8]), 5.6, 10)).toBe(80);
  });
  it('falls back to the playhead outside every range, and is 0 without a duration', () => {
    expect(bufferedPercent(ranges([0, 2]), 5, 10)).toBe(50);
    expect(bufferedPercent(ranges([0, 2]), 1, 0)).toBe(0);
  });
  it('never passes 100', () => {
    expect(bufferedPercent(ranges([0, 11]), 1, 10)).toBe(100);
  });
});
