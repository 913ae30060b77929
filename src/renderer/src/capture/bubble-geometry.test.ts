import { describe, expect, it } from 'vitest';
import { bubbleRect, centerSquare } from './bubble-geometry';

const HD = { width: 1920, height: 1080 };

describe('bubbleRect', () => {
  it('puts the bubble in each corner with an even margin', () => {
    expect(bubbleRect(HD, { corner: 'bottom-left', size: 0.25 })).toEqual({ x: 32, y: 1080 - 32 - 270, diameter: 270 });
    expect(bubbleRect(HD, { corner: 'top-left', size: 0.25 })).toEqual({ x: 32, y: 32, diameter: 270 });
    expect(bubbleRect(HD, { corner: 'top-right', size: 0.25 })).toEqual({ x: 1920 - 32 - 270, y: 32, diameter: 270 });
    expect(bubbleRect(HD, { corner: 'bottom-right', size: 0.25 })).toEqual({ x: 1618, y: 778, diameter: 270 });
  });

  it('keeps every coordinate even and the bubble inside the picture', () => {
    for (const output of [HD, { width: 801, height: 451 }, { width: 1080, height: 1920 }, { width: 100, height: 40 }]) {
      for (const corner of ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const) {
        for (const size of [0.1, 0.33, 0.5, 0.9]) {
          const r = bubbleRect(output, { corner, size });
          expect(r.x % 2 + r.y % 2 + r.diameter % 2).toBe(0);
          expect(r.x).toBeGreaterThanOrEqual(0);
          expect(r.y).toBeGreaterThanOrEqual(0);
          expect(r.x + r.diameter).toBeLessThanOrEqual(output.width);
          expect(r.y + r.diameter).toBeLessThanOrEqual(output.height);
        }
      }
    }
  });

  it('sizes by the shorter side on portrait screens', () => {
    expect(bubbleRect({ width: 1080, height: 1920 }, { corner: 'top-left', size: 0.5 }).diameter).toBe(540);
  });
});

describe('centerSquare', () => {
  it('crops the middle of a landscape or portrait picture', () => {
    expect(centerSquare(640, 480)).toEqual({ sx: 80, sy: 0, side: 480 });
    expect(centerSquare(480, 640)).toEqual({ sx: 0, sy: 80, side: 480 });
  });
});
