import { describe, expect, it } from 'vitest';
import { LIVE_BEHIND_CLEAR_SEC, LIVE_BEHIND_WARN_SEC, LiveBacklogWatch } from './live-backlog';

describe('LiveBacklogWatch', () => {
  it('is quiet while the live stream is within a few segments of the recording', () => {
    const watch = new LiveBacklogWatch();
    for (let t = 0; t < 60; t++) expect(watch.check(t, Math.max(0, Math.floor(t / 2) * 2 - 2))).toBeNull();
  });

  it('warns once the live stream falls behind, with the whole seconds, until it is back under the lower mark', () => {
    const watch = new LiveBacklogWatch();
    expect(watch.check(100, 100 - LIVE_BEHIND_WARN_SEC)).toBeNull();
    expect(watch.check(101, 90)).toBe(11);
    expect(watch.check(102, 90)).toBe(12);
    // between the marks it keeps warning (no flicker)
    expect(watch.check(103, 103 - (LIVE_BEHIND_CLEAR_SEC + 1))).toBe(LIVE_BEHIND_CLEAR_SEC + 1);
    expect(watch.check(104, 104 - (LIVE_BEHIND_CLEAR_SEC - 1))).toBeNull();
    expect(watch.check(105, 105 - (LIVE_BEHIND_CLEAR_SEC + 1))).toBeNull();
  });

  it('never reports a negative lag (a segment that ends after the clock read)', () => {
    expect(new LiveBacklogWatch().check(10, 12)).toBeNull();
  });
});
