// Makes the recorded picture: the screen with the round camera bubble, at the screen's size, on a
// steady clock. Each composed frame goes to a MediaStreamTrackGenerator (the track MediaRecorder
// records) and to onFrame (the live encoder), so the picture is composed once for both.
//
// Measured on 2 cores without a GPU, 1080p: drawing a screen frame on a 2D canvas costs ~17-22 ms;
// so the usual path never does. Without a camera the screen frame is passed on as it is (a new
// VideoFrame over the same pixels); with one, the frame's pixels are copied and the bubble blended
// in the frame's own format (I420/NV12/RGB). The canvas is only used when the screen's size no
// longer matches the recording (a captured window was resized) or its pixel format is unknown.
import { BLENDABLE_FORMATS, blendBubble, type PixelFormat, type RawFrame } from './bubble-blend';
import { bubbleRect, type BubbleLayout } from './bubble-geometry';
import { BubbleRenderer, yuvEncodingOf } from './bubble-renderer';
import { FrameCanvas } from './frame-canvas';
import { LatestFrame } from './latest-frame';
import type { Size } from './live-rung';
import { startTicker } from './ticker';

export interface CompositorOptions {
  /** the screen, already being read (its first frame gave the output size) */
  screen: LatestFrame;
  camera: MediaStreamTrack | null;
  output: Size;
  frameRate: number;
  layout: BubbleLayout;
}

export interface CompositorStats {
  ticks: number;
  /** frames composed and handed on */
  framesOut: number;
  /** ticks skipped because the previous frame was still being composed */
  ticksBusy: number;
  /** frames that took the slow canvas path */
  canvasFrames: number;
  /** frames not written to the recorder's track because it was backed up */
  trackBackpressure: number;
}

interface TrackGenerator extends MediaStreamTrack {
  readonly writable: WritableStream<VideoFrame>;
}
type TrackGeneratorConstructor = new (init: { kind: 'video' }) => TrackGenerator;

export function trackGenerator(): TrackGeneratorConstructor | null {
  return (globalThis as { MediaStreamTrackGenerator?: TrackGeneratorConstructor }).MediaStreamTrackGenerator ?? null;
}

export class Compositor {
  readonly track: MediaStreamTrack;
  readonly stats: CompositorStats = { ticks: 0, framesOut: 0, ticksBusy: 0, canvasFrames: 0, trackBackpressure: 0 };
  /** Receives each composed frame, borrowed (do not close it), and the performance.now() of its tick. */
  onFrame: ((frame: VideoFrame, madeAt: number) => void) | null = null;
  /** Called once when the screen track ends. */
  onScreenEnded: (() => void) | null = null;

  private readonly screen: LatestFrame;
  private camera: LatestFrame | null = null;
  private layout: BubbleLayout;
  private readonly writer: WritableStreamDefaultWriter<VideoFrame>;
  private readonly bubble = new BubbleRenderer();
  private pool: ArrayBuffer | null = null;
  private canvas: OffscreenCanvas | null = null;
  private readonly screenPicture = new FrameCanvas();
  private stopTicker: (() => void) | null = null;
  private busy = false;
  private stopped = false;

  constructor(private readonly options: CompositorOptions) {
    const Generator = trackGenerator();
    if (!Generator) throw new Error('MediaStreamTrackGenerator is not available in this browser');
    const generator = new Generator({ kind: 'video' });
    this.track = generator;
    this.writer = generator.writable.getWriter();
    this.screen = options.screen;
    void this.screen.ended.then(() => {
      if (!this.stopped) this.onScreenEnded?.();
    });
    this.layout = options.layout;
    this.setCamera(options.camera);
  }

  get output(): Size {
    return this.options.output;
  }

  start(): void {
    if (this.stopTicker || this.stopped) return;
    this.stopTicker = startTicker(1000 / this.options.frameRate, (dueAt) => void this.tick(dueAt));
  }

  setLayout(layout: BubbleLayout): void {
    this.layout = layout;
  }

  setCamera(track: MediaStreamTrack | null): void {
    if (this.camera?.track === track) return;
    this.camera?.close();
    this.camera = track ? new LatestFrame(track) : null;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopTicker?.();
    this.screen.close();
    this.camera?.close();
    this.writer.close().catch(() => undefined);
    this.track.stop();
  }

  private async tick(dueAt: number): Promise<void> {
    if (this.stopped) return;
    this.stats.ticks++;
    if (this.busy) {
      this.stats.ticksBusy++;
      return;
    }
    const latest = this.screen.frame;
    if (!latest) return;
    this.busy = true;
    const madeAt = dueAt;
    const screen = latest.clone();
    // held open while composing: the camera's reader closes a frame as soon as a newer one arrives
    const camera = this.camera?.frame?.clone() ?? null;
    let frame: VideoFrame | null = null;
    try {
      frame = await this.compose(screen, camera, Math.round(madeAt * 1000));
      if (this.stopped) return;
      this.stats.framesOut++;
      this.onFrame?.(frame, madeAt);
      if ((this.writer.desiredSize ?? 1) > 0) {
        void this.writer.write(frame.clone()).catch(() => undefined);
      } else {
        this.stats.trackBackpressure++;
      }
    } finally {
      screen.close();
      camera?.close();
      frame?.close();
      this.busy = false;
    }
  }

  private async compose(screen: VideoFrame, camera: VideoFrame | null, timestamp: number): Promise<VideoFrame> {
    const { output } = this.options;
    const sameSize = screen.displayWidth === output.width && screen.displayHeight === output.height;
    const format = screen.format;
    if (sameSize && !camera) return new VideoFrame(screen, { timestamp });
    if (sameSize && camera && format && BLENDABLE_FORMATS.includes(format)) {
      return this.composeRaw(screen, camera, format as PixelFormat, timestamp);
    }
    return this.composeCanvas(screen, camera, timestamp);
  }

  private async composeRaw(screen: VideoFrame, camera: VideoFrame, format: PixelFormat, timestamp: number): Promise<VideoFrame> {
    const size = screen.allocationSize();
    if (!this.pool || this.pool.byteLength !== size) this.pool = new ArrayBuffer(size);
    const data = new Uint8Array(this.pool);
    const layout = await screen.copyTo(data);
    const { width, height } = this.options.output;
    const raw: RawFrame = { format, width, height, data, layout };
    const rect = bubbleRect(this.options.output, this.layout);
    await this.bubble.draw(camera, this.camera?.version ?? 0, rect.diameter);
    blendBubble(raw, this.bubble.pixelsFor(format, yuvEncodingOf(screen)), rect.x, rect.y);
    return new VideoFrame(data, {
      format,
      codedWidth: width,
      codedHeight: height,
      timestamp,
      layout,
      colorSpace: screen.colorSpace.toJSON(),
    });
  }

  private async composeCanvas(screen: VideoFrame, camera: VideoFrame | null, timestamp: number): Promise<VideoFrame> {
    this.stats.canvasFrames++;
    const { width, height } = this.options.output;
    if (!this.canvas) this.canvas = new OffscreenCanvas(width, height);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('2D canvas is unavailable');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
    // Contain: the whole screen, centred, aspect ratio kept.
    const scale = Math.min(width / screen.displayWidth, height / screen.displayHeight);
    const w = screen.displayWidth * scale;
    const h = screen.displayHeight * scale;
    const picture = await this.screenPicture.draw(screen, { x: 0, y: 0, width: screen.displayWidth, height: screen.displayHeight });
    ctx.drawImage(picture, (width - w) / 2, (height - h) / 2, w, h);
    if (camera) {
      const rect = bubbleRect(this.options.output, this.layout);
      ctx.drawImage(await this.bubble.draw(camera, this.camera?.version ?? 0, rect.diameter), rect.x, rect.y);
    }
    return new VideoFrame(this.canvas, { timestamp });
  }
}
