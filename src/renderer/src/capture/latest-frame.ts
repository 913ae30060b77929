// Keeps the most recent frame of a video track (older ones are closed as soon as a newer arrives).
// MediaStreamTrackProcessor is Chromium's; the app runs in Electron or a Chromium browser.

interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}
type TrackProcessorConstructor = new (init: { track: MediaStreamTrack }) => TrackProcessor;

export function trackProcessor(): TrackProcessorConstructor | null {
  const ctor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor }).MediaStreamTrackProcessor;
  return ctor ?? null;
}

export class LatestFrame {
  private current: VideoFrame | null = null;
  private reader: ReadableStreamDefaultReader<VideoFrame>;
  private closed = false;
  /** increments with every new frame */
  version = 0;
  /** resolves when the track ends (e.g. the user clicked the browser's "Stop sharing") */
  readonly ended: Promise<void>;
  /** resolves with the size of the first frame, or null if the track ended first */
  readonly first: Promise<{ width: number; height: number } | null>;
  private gotFirst: (size: { width: number; height: number } | null) => void = () => undefined;

  constructor(readonly track: MediaStreamTrack) {
    const Processor = trackProcessor();
    if (!Processor) throw new Error('MediaStreamTrackProcessor is not available in this browser');
    this.reader = new Processor({ track }).readable.getReader();
    this.first = new Promise((resolve) => (this.gotFirst = resolve));
    this.ended = this.pump().finally(() => this.gotFirst(null));
  }

  get frame(): VideoFrame | null {
    return this.current;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.cancel().catch(() => undefined);
    this.current?.close();
    this.current = null;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) return;
        if (this.closed) {
          value.close();
          return;
        }
        this.current?.close();
        this.current = value;
        if (this.version++ === 0) this.gotFirst({ width: value.displayWidth, height: value.displayHeight });
      }
    } catch {
      // the track stopped or we cancelled: either way there are no more frames
    }
  }
}
