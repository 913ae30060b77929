// Draws the round camera picture (centre square of the camera, circle clip, thin light ring) once
// per camera frame, and hands it out as a canvas or as pixels prepared for a screen frame's format.
import { centerSquare } from './bubble-geometry';
import { prepareBubble, type PixelFormat, type PreparedBubble, type YuvEncoding } from './bubble-blend';
import { FrameCanvas } from './frame-canvas';

export class BubbleRenderer {
  private canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;
  private drawnKey = '';
  private prepared: { key: string; bubble: PreparedBubble } | null = null;
  private readonly picture = new FrameCanvas();

  /** Renders the camera frame at this diameter, unless that exact picture is already drawn. The frame must stay open until this settles. */
  async draw(camera: VideoFrame, version: number, diameter: number): Promise<OffscreenCanvas> {
    const key = `${version}:${diameter}`;
    if (!this.canvas || this.canvas.width !== diameter) {
      this.canvas = new OffscreenCanvas(diameter, diameter);
      this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
      this.drawnKey = '';
    }
    const ctx = this.ctx;
    if (!ctx) throw new Error('2D canvas is unavailable');
    if (this.drawnKey === key) return this.canvas;
    const r = diameter / 2;
    const ring = Math.max(2, Math.round(diameter * 0.015));
    const { sx, sy, side } = centerSquare(camera.displayWidth, camera.displayHeight);
    const picture = await this.picture.draw(camera, { x: sx, y: sy, width: side, height: side });
    ctx.clearRect(0, 0, diameter, diameter);
    ctx.save();
    ctx.beginPath();
    ctx.arc(r, r, r, 0, Math.PI * 2);
    ctx.clip();
    ctx.drawImage(picture, 0, 0, picture.width, picture.height, 0, 0, diameter, diameter);
    ctx.restore();
    ctx.beginPath();
    ctx.arc(r, r, r - ring / 2, 0, Math.PI * 2);
    ctx.lineWidth = ring;
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    ctx.stroke();
    this.drawnKey = key;
    return this.canvas;
  }

  /** The drawn bubble converted for blending into a frame of this format and colour encoding. */
  pixelsFor(format: PixelFormat, encoding: YuvEncoding): PreparedBubble {
    const canvas = this.canvas;
    const ctx = this.ctx;
    if (!canvas || !ctx || !this.drawnKey) throw new Error('draw() the bubble first');
    const key = `${this.drawnKey}:${format}:${encoding.matrix}:${encoding.fullRange}`;
    if (this.prepared?.key !== key) {
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      this.prepared = { key, bubble: prepareBubble(pixels, canvas.width, format, encoding) };
    }
    return this.prepared.bubble;
  }
}

export function yuvEncodingOf(frame: VideoFrame): YuvEncoding {
  const { matrix, fullRange } = frame.colorSpace;
  return { matrix: matrix === 'bt709' ? 'bt709' : 'bt601', fullRange: fullRange ?? false };
}
