import { describe, expect, it } from 'vitest';
import { cutPlanar } from './planar-audio';

describe('cutPlanar', () => {
  it('keeps the head of every channel', () => {
    const stereo = Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]); // L then R, 4 frames each
    expect([...cutPlanar(stereo, 2, 4, 3)]).toEqual([1, 2, 3, 10, 20, 30]);
    expect([...cutPlanar(stereo, 2, 4, 0)]).toEqual([]);
  });
  it('refuses to cut more than there is', () => {
    expect(() => cutPlanar(new Float32Array(4), 1, 4, 5)).toThrow(RangeError);
    expect(() => cutPlanar(new Float32Array(3), 2, 2, 1)).toThrow(RangeError);
  });
});
