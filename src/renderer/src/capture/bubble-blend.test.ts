import { describe, expect, it } from 'vitest';
import { blendBubble, prepareBubble, type RawFrame } from './bubble-blend';

const BT709_LIMITED = { matrix: 'bt709', fullRange: false } as const;

/** A d*d bubble of one colour, opaque inside a circle, transparent outside. */
function disc(d: number, [r, g, b]: [number, number, number]): Uint8ClampedArray {
  const px = new Uint8ClampedArray(d * d * 4);
  for (let y = 0; y < d; y++) {
    for (let x = 0; x < d; x++) {
      const inside = (x + 0.5 - d / 2) ** 2 + (y + 0.5 - d / 2) ** 2 <= (d / 2) ** 2;
      px.set([r, g, b, inside ? 255 : 0], (y * d + x) * 4);
    }
  }
  return px;
}

function i420(width: number, height: number, [y, u, v]: [number, number, number]): RawFrame {
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const data = new Uint8Array(ySize + 2 * cSize);
  data.fill(y, 0, ySize);
  data.fill(u, ySize, ySize + cSize);
  data.fill(v, ySize + cSize);
  return {
    format: 'I420',
    width,
    height,
    data,
    layout: [
      { offset: 0, stride: width },
      { offset: ySize, stride: width / 2 },
      { offset: ySize + cSize, stride: width / 2 },
    ],
  };
}

const yAt = (f: RawFrame, x: number, y: number) => f.data[f.layout[0]!.offset + y * f.layout[0]!.stride + x];
const uAt = (f: RawFrame, x: number, y: number) => f.data[f.layout[1]!.offset + (y >> 1) * f.layout[1]!.stride + (x >> 1)];

describe('prepareBubble', () => {
  it('converts with BT.709 limited range: white is 235/128/128, black 16', () => {
    const white = prepareBubble(disc(4, [255, 255, 255]), 4, 'I420', BT709_LIMITED);
    expect(white.planes[0][5]).toBe(235);
    expect(white.planes[1][0]).toBe(128);
    const black = prepareBubble(disc(4, [0, 0, 0]), 4, 'I420', BT709_LIMITED);
    expect(black.planes[0][5]).toBe(16);
  });

  it('gives pure blue a high U and a low V', () => {
    const blue = prepareBubble(disc(8, [0, 0, 255]), 8, 'I420', { matrix: 'bt601', fullRange: true });
    expect(blue.planes[1][5]).toBe(255);
    expect(blue.planes[2][5]).toBeLessThan(128);
  });

  it('rejects odd diameters and mismatched pixel buffers', () => {
    expect(() => prepareBubble(new Uint8ClampedArray(9 * 4), 3, 'I420', BT709_LIMITED)).toThrow(RangeError);
    expect(() => prepareBubble(new Uint8ClampedArray(10), 4, 'I420', BT709_LIMITED)).toThrow(RangeError);
  });
});

describe('blendBubble', () => {
  it('paints the disc into an I420 frame and leaves the corners and the rest alone', () => {
    const frame = i420(32, 16, [50, 100, 150]);
    blendBubble(frame, prepareBubble(disc(8, [255, 255, 255]), 8, 'I420', BT709_LIMITED), 20, 6);
    expect(yAt(frame, 24, 10)).toBe(235); // centre of the bubble
    expect(uAt(frame, 24, 10)).toBe(128);
    expect(yAt(frame, 20, 6)).toBe(50); // the bubble's square corner is outside the circle
    expect(yAt(frame, 2, 2)).toBe(50);
    expect(uAt(frame, 2, 2)).toBe(100);
  });

  it('blends NV12 chroma into interleaved U and V', () => {
    const frame = i420(16, 16, [50, 100, 150]);
    // rebuild as NV12: Y plane then UVUV...
    const ySize = 256;
    const data = new Uint8Array(ySize + 128);
    data.fill(50, 0, ySize);
    for (let i = 0; i < 64; i++) data.set([100, 150], ySize + i * 2);
    const nv12: RawFrame = { format: 'NV12', width: 16, height: 16, data, layout: [{ offset: 0, stride: 16 }, { offset: ySize, stride: 16 }] };
    blendBubble(nv12, prepareBubble(disc(8, [0, 0, 255]), 8, 'NV12', BT709_LIMITED), 0, 0);
    const centre = ySize + 2 * 16 + 2 * 2; // chroma row 2, column 2
    expect(data[centre]).toBeGreaterThan(200); // U of blue
    expect(data[centre + 1]).toBeLessThan(128); // V of blue
    expect(data[ySize + 7 * 16 + 14]).toBe(100); // outside untouched
    expect(frame.format).toBe('I420');
  });

  it('blends into BGRX with the channels in BGR order', () => {
    const data = new Uint8Array(8 * 8 * 4).fill(0);
    const frame: RawFrame = { format: 'BGRX', width: 8, height: 8, data, layout: [{ offset: 0, stride: 32 }] };
    blendBubble(frame, prepareBubble(disc(4, [255, 10, 0]), 4, 'BGRX', BT709_LIMITED), 2, 2);
    const at = (4 * 8 + 4) * 4; // pixel (4,4)
    expect([...data.subarray(at, at + 4)]).toEqual([0, 10, 255, 0]);
  });

  it('half-blends semi-transparent edge pixels', () => {
    const frame = i420(4, 4, [0, 128, 128]);
    const px = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) px.set([255, 255, 255, 128], i * 4);
    blendBubble(frame, prepareBubble(px, 4, 'I420', { matrix: 'bt709', fullRange: true }), 0, 0);
    expect(yAt(frame, 1, 1)).toBe(128);
  });

  it('refuses odd positions, positions outside the frame and mismatched kinds', () => {
    const frame = i420(16, 16, [0, 128, 128]);
    const b = prepareBubble(disc(4, [1, 2, 3]), 4, 'I420', BT709_LIMITED);
    expect(() => blendBubble(frame, b, 1, 0)).toThrow(RangeError);
    expect(() => blendBubble(frame, b, 14, 0)).toThrow(RangeError);
    expect(() => blendBubble(frame, prepareBubble(disc(4, [1, 2, 3]), 4, 'RGBA', BT709_LIMITED), 0, 0)).toThrow(RangeError);
  });
});
