// A video frame's picture (or a part of it) copied out as RGBA onto a canvas of its own, to draw from.
// Never draw a VideoFrame on a canvas directly, nor through createImageBitmap: Chromium's software
// canvas keeps the RGB copy of every frame it drew in its image cache (discardable memory, 3.5 MB
// for each 720p camera frame) up to the browser's whole budget; measured, ~450 MB held by the
// recording tab within seconds of Start. Copied with copyTo, the pixels are ours and reused.
export interface FrameRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `rect` moved and shrunk to even numbers, as copyTo needs for 4:2:0 frames */
export function evenRect(rect: FrameRect): FrameRect {
  const even = (n: number): number => 2 * Math.floor(n / 2);
  return { x: even(rect.x), y: even(rect.y), width: Math.max(2, even(rect.width)), height: Math.max(2, even(rect.height)) };
}

export class FrameCanvas {
  private canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;
  private pixels: ImageData | null = null;

  /** The frame's pixels inside `rect` (even-aligned), on a canvas this keeps and reuses. */
  async draw(frame: VideoFrame, rect: FrameRect): Promise<OffscreenCanvas> {
    const r = evenRect(rect);
    if (!this.canvas || !this.ctx || !this.pixels || this.canvas.width !== r.width || this.canvas.height !== r.height) {
      this.canvas = new OffscreenCanvas(r.width, r.height);
      this.ctx = this.canvas.getContext('2d');
      this.pixels = new ImageData(r.width, r.height);
    }
    if (!this.ctx) throw new Error('2D canvas is unavailable');
    await frame.copyTo(this.pixels.data, { rect: r, format: 'RGBA', colorSpace: 'srgb' });
    this.ctx.putImageData(this.pixels, 0, 0);
    return this.canvas;
  }
}
