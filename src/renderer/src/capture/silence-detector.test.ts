import { describe, expect, it } from 'vitest';
import { SILENCE_LEVEL, SILENCE_SAMPLE_EVERY_MS, SILENCE_WARN_AFTER_MS, SilenceDetector, watchSilence } from './silence-detector';

/** feeds the detector one reading every 250 ms from `from` to `to` (inclusive), collecting changes */
function feed(detector: SilenceDetector, from: number, to: number, level: number | null): (boolean | null)[] {
  const changes: (boolean | null)[] = [];
  for (let t = from; t <= to; t += 250) {
    const change = detector.sample(t, level);
    if (change !== null) changes.push(change);
  }
  return changes;
}

describe('SilenceDetector', () => {
  it('warns once after 10 s of silence, not before', () => {
    const detector = new SilenceDetector();
    expect(feed(detector, 0, 9_750, 0)).toEqual([]);
    expect(detector.silent).toBe(false);
    expect(detector.sample(10_000, 0)).toBe(true);
    expect(detector.silent).toBe(true);
    expect(feed(detector, 10_250, 30_000, 0.0001)).toEqual([]);
  });

  it('clears the warning as soon as sound comes back, and warns again after 10 s more of silence', () => {
    const detector = new SilenceDetector();
    feed(detector, 0, 10_000, 0);
    expect(detector.sample(12_000, 0.2)).toBe(false);
    expect(detector.silent).toBe(false);
    expect(feed(detector, 12_250, 22_000, 0)).toEqual([]);
    expect(detector.sample(22_250, 0)).toBe(true);
  });

  it('does not warn when the speaker pauses: any sound restarts the count', () => {
    const detector = new SilenceDetector();
    expect(feed(detector, 0, 8_000, 0)).toEqual([]);
    expect(detector.sample(8_250, SILENCE_LEVEL)).toBeNull();
    expect(feed(detector, 8_500, 18_000, 0)).toEqual([]);
    expect(detector.silent).toBe(false);
  });

  it('does not count paused time, and keeps a warning given until sound comes back', () => {
    const detector = new SilenceDetector();
    feed(detector, 0, 6_000, 0);
    expect(feed(detector, 6_250, 60_000, null)).toEqual([]);
    // recording again: the count starts over
    expect(feed(detector, 60_250, 70_000, 0)).toEqual([]);
    expect(detector.sample(70_250, 0)).toBe(true);
    expect(feed(detector, 70_500, 80_000, null)).toEqual([]);
    expect(detector.silent).toBe(true);
    expect(detector.sample(80_250, 0.5)).toBe(false);
  });
});

describe('watchSilence', () => {
  it('reads the level on a timer while recording and reports changes', () => {
    let tick: (() => void) | null = null;
    let stopped = false;
    let t = 0;
    let level = 0;
    let recording = true;
    const changes: boolean[] = [];
    const stop = watchSilence({
      level: () => level,
      recording: () => recording,
      onChange: (silent) => changes.push(silent),
      now: () => t,
      every: (fn, ms) => {
        expect(ms).toBe(SILENCE_SAMPLE_EVERY_MS);
        tick = fn;
        return () => (stopped = true);
      },
    });
    const run = (untilMs: number): void => {
      for (; t <= untilMs; t += SILENCE_SAMPLE_EVERY_MS) tick!();
    };
    run(SILENCE_WARN_AFTER_MS);
    expect(changes).toEqual([true]);
    level = 0.3;
    run(SILENCE_WARN_AFTER_MS + 1_000);
    expect(changes).toEqual([true, false]);
    // paused: silence does not count
    level = 0;
    recording = false;
    run(40_000);
    expect(changes).toEqual([true, false]);
    stop();
    expect(stopped).toBe(true);
  });
});
