import { describe, expect, it } from 'vitest';
import { evenRect } from './frame-canvas';

describe('evenRect', () => {
  it('moves an odd corner down to even and shrinks an odd size, so a 4:2:0 copy lines up', () => {
    expect(evenRect({ x: 281, y: 0, width: 719, height: 719 })).toEqual({ x: 280, y: 0, width: 718, height: 718 });
  });
  it('keeps an even rect as it is', () => {
    expect(evenRect({ x: 280, y: 40, width: 720, height: 720 })).toEqual({ x: 280, y: 40, width: 720, height: 720 });
  });
  it('never makes an empty rect', () => {
    expect(evenRect({ x: 0, y: 0, width: 1, height: 1 })).toEqual({ x: 0, y: 0, width: 2, height: 2 });
  });
});
