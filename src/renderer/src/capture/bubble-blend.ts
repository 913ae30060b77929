// Blends the round camera picture into a screen frame in the frame's own pixel format, so the
// compositor never converts a whole screen frame to RGB and back: on a CPU without a GPU that
// conversion costs ~20 ms per 1080p frame, blending a 270 px bubble costs well under 1 ms.

export type PixelFormat = 'I420' | 'I420A' | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';
export const BLENDABLE_FORMATS: readonly string[] = ['I420', 'I420A', 'NV12', 'RGBA', 'RGBX', 'BGRA', 'BGRX'];

export interface PlaneLayout {
  offset: number;
  stride: number;
}

export interface RawFrame {
  format: PixelFormat;
  width: number;
  height: number;
  data: Uint8Array;
  layout: readonly PlaneLayout[];
}

export interface YuvEncoding {
  /** 'bt709' for HD screen capture, 'bt601' (smpte170m / bt470bg) for most cameras and SD */
  matrix: 'bt709' | 'bt601';
  fullRange: boolean;
}

/** The bubble in the target's pixel format: one value plane per channel plus alpha, ready to blend. */
export interface PreparedBubble {
  diameter: number;
  kind: 'yuv' | 'rgb';
  /** yuv: Y (d*d), U, V ((d/2)*(d/2)); rgb: R, G, B (d*d) */
  planes: readonly [Uint8Array, Uint8Array, Uint8Array];
  /** the alpha of each plane, same sizes */
  alphas: readonly [Uint8Array, Uint8Array, Uint8Array];
}

const clampByte = (n: number): number => (n < 0 ? 0 : n > 255 ? 255 : Math.round(n));

const isYuv = (f: PixelFormat): boolean => f === 'I420' || f === 'I420A' || f === 'NV12';

function coefficients(matrix: YuvEncoding['matrix']): { kr: number; kb: number } {
  return matrix === 'bt709' ? { kr: 0.2126, kb: 0.0722 } : { kr: 0.299, kb: 0.114 };
}

/** rgba: diameter*diameter*4 straight-alpha pixels (what getImageData returns). */
export function prepareBubble(
  rgba: Uint8ClampedArray | Uint8Array,
  diameter: number,
  format: PixelFormat,
  encoding: YuvEncoding,
): PreparedBubble {
  const d = diameter;
  if (d % 2 !== 0) throw new RangeError('the bubble diameter must be even');
  if (rgba.length !== d * d * 4) throw new RangeError('bubble pixels do not match its diameter');
  const alpha = new Uint8Array(d * d);
  for (let i = 0; i < d * d; i++) alpha[i] = rgba[i * 4 + 3]!;
  if (!isYuv(format)) {
    const channel = (c: number): Uint8Array => {
      const out = new Uint8Array(d * d);
      for (let i = 0; i < d * d; i++) out[i] = rgba[i * 4 + c]!;
      return out;
    };
    return { diameter: d, kind: 'rgb', planes: [channel(0), channel(1), channel(2)], alphas: [alpha, alpha, alpha] };
  }
  const { kr, kb } = coefficients(encoding.matrix);
  const kg = 1 - kr - kb;
  const [yScale, yOffset, cScale] = encoding.fullRange ? [255, 0, 255] : [219, 16, 224];
  const luma = new Uint8Array(d * d);
  const cb = new Float32Array(d * d);
  const cr = new Float32Array(d * d);
  for (let i = 0; i < d * d; i++) {
    const r = rgba[i * 4]! / 255;
    const g = rgba[i * 4 + 1]! / 255;
    const b = rgba[i * 4 + 2]! / 255;
    const y = kr * r + kg * g + kb * b;
    luma[i] = clampByte(yOffset + yScale * y);
    cb[i] = (b - y) / (2 * (1 - kb));
    cr[i] = (r - y) / (2 * (1 - kr));
  }
  const h = d / 2;
  const u = new Uint8Array(h * h);
  const v = new Uint8Array(h * h);
  const chromaAlpha = new Uint8Array(h * h);
  for (let cy = 0; cy < h; cy++) {
    for (let cx = 0; cx < h; cx++) {
      let a = 0;
      let su = 0;
      let sv = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const i = (cy * 2 + dy) * d + cx * 2 + dx;
        const w = alpha[i]!;
        a += w;
        su += cb[i]! * w;
        sv += cr[i]! * w;
      }
      const j = cy * h + cx;
      chromaAlpha[j] = Math.round(a / 4);
      u[j] = a === 0 ? 128 : clampByte(128 + cScale * (su / a));
      v[j] = a === 0 ? 128 : clampByte(128 + cScale * (sv / a));
    }
  }
  return { diameter: d, kind: 'yuv', planes: [luma, u, v], alphas: [alpha, chromaAlpha, chromaAlpha] };
}

const mix = (under: number, over: number, a: number): number => (under * (255 - a) + over * a + 127) / 255;

function blendPlane(
  data: Uint8Array,
  plane: PlaneLayout,
  pixelStep: number,
  x: number,
  y: number,
  size: number,
  values: Uint8Array,
  alpha: Uint8Array,
): void {
  for (let row = 0; row < size; row++) {
    const base = plane.offset + (y + row) * plane.stride + x * pixelStep;
    for (let col = 0; col < size; col++) {
      const a = alpha[row * size + col]!;
      if (a === 0) continue;
      const at = base + col * pixelStep;
      data[at] = a === 255 ? values[row * size + col]! : mix(data[at]!, values[row * size + col]!, a);
    }
  }
}

/** Blends the bubble into the frame with its top-left corner at (x, y); both must be even. */
export function blendBubble(frame: RawFrame, bubble: PreparedBubble, x: number, y: number): void {
  const d = bubble.diameter;
  if (x % 2 !== 0 || y % 2 !== 0) throw new RangeError('the bubble position must be even');
  if (x < 0 || y < 0 || x + d > frame.width || y + d > frame.height) throw new RangeError('the bubble must lie inside the frame');
  if ((bubble.kind === 'yuv') !== isYuv(frame.format)) throw new RangeError(`a ${bubble.kind} bubble cannot blend into ${frame.format}`);
  const { data, layout } = frame;
  const [p0, p1, p2] = layout;
  const [c0, c1, c2] = bubble.planes;
  const [a0, a1, a2] = bubble.alphas;
  if (!p0) throw new RangeError('frame has no planes');
  if (bubble.kind === 'rgb') {
    const bgr = frame.format === 'BGRA' || frame.format === 'BGRX';
    blendPlane(data, { offset: p0.offset + (bgr ? 2 : 0), stride: p0.stride }, 4, x, y, d, c0, a0);
    blendPlane(data, { offset: p0.offset + 1, stride: p0.stride }, 4, x, y, d, c1, a1);
    blendPlane(data, { offset: p0.offset + (bgr ? 0 : 2), stride: p0.stride }, 4, x, y, d, c2, a2);
    return;
  }
  blendPlane(data, p0, 1, x, y, d, c0, a0);
  if (!p1) throw new RangeError('frame has no chroma plane');
  const h = d / 2;
  if (frame.format === 'NV12') {
    blendPlane(data, p1, 2, x / 2, y / 2, h, c1, a1);
    blendPlane(data, { offset: p1.offset + 1, stride: p1.stride }, 2, x / 2, y / 2, h, c2, a2);
    return;
  }
  if (!p2) throw new RangeError('frame has no V plane');
  blendPlane(data, p1, 1, x / 2, y / 2, h, c1, a1);
  blendPlane(data, p2, 1, x / 2, y / 2, h, c2, a2);
}
