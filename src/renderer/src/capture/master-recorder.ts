// The full-quality master: MediaRecorder on the composited picture and the audio mix, 1 s chunks,
// each handed on in order. The backfill re-encodes the higher rungs from it.

/** Best first. WebM emits data every timeslice; MP4 only at key frames (FACTS). */
export const MASTER_MIME_TYPES = [
  'video/webm;codecs=vp9,opus',
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=h264,opus',
  'video/webm',
] as const;
export const MASTER_TIMESLICE_MS = 1000;

export function pickMasterMimeType(isSupported: (type: string) => boolean): string {
  const type = MASTER_MIME_TYPES.find((t) => isSupported(t));
  if (!type) throw new Error('this browser cannot record WebM');
  return type;
}

/** Bits per second for the master: generous, since it is the source of every other rung. */
export function masterVideoBitrate(width: number, height: number, frameRate: number): number {
  const bitsPerPixel = 0.1;
  return Math.round(Math.min(40_000_000, Math.max(2_000_000, width * height * Math.min(frameRate, 60) * bitsPerPixel)));
}

export interface MasterChunk {
  seq: number;
  mimeType: string;
  data: Uint8Array;
}

export type MasterState = 'idle' | 'recording' | 'paused' | 'stopped' | 'failed';

export class MasterRecorder {
  readonly mimeType: string;
  private readonly recorder: MediaRecorder;
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | null = null;
  bytes = 0;

  constructor(
    stream: MediaStream,
    options: { width: number; height: number; frameRate: number },
    private readonly onChunk: (chunk: MasterChunk) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.mimeType = pickMasterMimeType((t) => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(stream, {
      mimeType: this.mimeType,
      videoBitsPerSecond: masterVideoBitrate(options.width, options.height, options.frameRate),
      audioBitsPerSecond: 160_000,
    });
    this.recorder.ondataavailable = (event) => this.onData(event.data);
    this.recorder.onerror = (event) => {
      const error = (event as Event & { error?: unknown }).error;
      this.onError(error instanceof Error ? error : new Error('the master recorder failed'));
    };
  }

  get state(): MasterState {
    return this.recorder.state === 'inactive' ? (this.seq === 0 && !this.stopping ? 'idle' : 'stopped') : this.recorder.state;
  }

  start(): void {
    this.recorder.start(MASTER_TIMESLICE_MS);
  }

  pause(): void {
    if (this.recorder.state === 'recording') this.recorder.pause();
  }

  resume(): void {
    if (this.recorder.state === 'paused') this.recorder.resume();
  }

  /** Resolves after the last chunk was handed on. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.recorder.state === 'inactive') return resolve();
      this.recorder.addEventListener('stop', () => resolve(), { once: true });
      this.recorder.stop();
    }).then(() => this.chain);
    return this.stopping;
  }

  private onData(blob: Blob): void {
    if (blob.size === 0) return;
    // Blob → bytes is async; chain it so chunks keep their order.
    this.chain = this.chain.then(async () => {
      const data = new Uint8Array(await blob.arrayBuffer());
      this.bytes += data.byteLength;
      this.onChunk({ seq: this.seq++, mimeType: this.mimeType, data });
    });
  }
}
