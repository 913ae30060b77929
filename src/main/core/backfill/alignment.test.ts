import { describe, expect, it } from 'vitest';
import { checkAlignment, type Timeline } from './alignment';

const grid = (name: string, n: number, jitter = 0, last = 2): Timeline => ({
  name,
  starts: Array.from({ length: n }, (_, k) => k * 2 + (k > 0 ? jitter : 0)),
  totalSec: (n - 1) * 2 + last,
  frameRate: 30,
});

describe('checkAlignment', () => {
  it('accepts renditions whose segments start within one frame of the live one', () => {
    const live = { ...grid('live', 5), starts: [0, 2.013, 4.021, 6.0, 8.033] };
    const report = checkAlignment(live, [grid('r1080', 5), grid('r480', 5)]);
    expect(report.ok).toBe(true);
    expect(report.worstOffsetSec).toBeCloseTo(0.033);
    expect(report.toleranceSec).toBeCloseTo(1 / 30 + 0.001);
  });

  it('rejects a rendition off by more than a frame, naming the segment', () => {
    const report = checkAlignment(grid('live', 5), [grid('r1080', 5, 0.066)]);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toBe('r1080 segment 1 starts at 2.066 s, live at 2.000 s');
  });

  it('rejects a rendition that stops more than a segment short, allows one that runs on', () => {
    expect(checkAlignment(grid('live', 10), [grid('r1080', 8)]).ok).toBe(false);
    expect(checkAlignment(grid('live', 10, 0, 2), [grid('r1080', 10, 0, 0.5)]).ok).toBe(true);
    expect(checkAlignment(grid('live', 8), [grid('r1080', 10)]).ok).toBe(true);
  });
});
