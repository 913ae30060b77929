// Frame timestamps on a fixed grid, and key frames on a fixed 2 s grid. The backfill encodes the
// higher rungs with key frames at the same instants, so every rendition switches at the same points.

const EPSILON = 1e-6;

/** Snaps a media time to the frame grid: frame n of a constant-rate stream. */
export function frameIndex(mediaSec: number, frameRate: number): number {
  return Math.max(0, Math.round(mediaSec * frameRate));
}

/** Which frames to keep, so a stream arriving at any rate leaves at most `frameRate`. */
export class FrameGrid {
  private last = -1;
  constructor(readonly frameRate: number) {
    if (!(frameRate > 0)) throw new RangeError('frame rate must be positive');
  }

  /** The timestamp (s) a frame captured at mediaSec would get, or null when its slot is taken. */
  peek(mediaSec: number): number | null {
    const n = frameIndex(mediaSec, this.frameRate);
    return n <= this.last ? null : n / this.frameRate;
  }

  /** Like peek(), and takes the slot. */
  take(mediaSec: number): number | null {
    const timestamp = this.peek(mediaSec);
    if (timestamp !== null) this.last = frameIndex(mediaSec, this.frameRate);
    return timestamp;
  }

  get frameDurationSec(): number {
    return 1 / this.frameRate;
  }
}

/** Decides key frames: the first frame, then the first frame at or after each multiple of interval. */
export class KeyframeGrid {
  private lastSlot = -1;
  constructor(readonly intervalSec: number) {
    if (!(intervalSec > 0)) throw new RangeError('key frame interval must be positive');
  }

  /** Call once per frame actually sent to the encoder, in order. */
  isKeyFrame(timestampSec: number): boolean {
    const slot = Math.floor(timestampSec / this.intervalSec + EPSILON);
    if (slot <= this.lastSlot) return false;
    this.lastSlot = slot;
    return true;
  }
}
