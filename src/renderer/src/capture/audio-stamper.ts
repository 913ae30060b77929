// Gives each chunk of captured audio its place on the recording's timeline.
//
// Audio arrives in small chunks (10 ms in Chromium) whose own timestamps are not usable: chunks out of
// a WebAudio mix come with jittery, sometimes decreasing timestamps. Counting samples is exact, so a
// chunk starts where the previous one ended; the count is anchored to the media clock at the first
// chunk and again after every pause, and re-anchored when it drifts away from the clock.

/** How far the sample count may drift from the media clock before we re-anchor. */
export const MAX_AUDIO_DRIFT_SEC = 0.1;

export interface StampedChunk {
  /** media timestamp of the chunk's first sample, seconds */
  timestampSec: number;
  /** how many leading frames of the chunk to keep (the rest is past the end) */
  keepFrames: number;
}

export class AudioStamper {
  private nextStartSec: number | null = null;
  private endSec = Number.POSITIVE_INFINITY;
  /** chunks dropped because the sample count ran ahead of the clock */
  dropped = 0;

  /** Call after a pause: the next chunk is anchored to the clock again. */
  markDiscontinuity(): void {
    if (this.nextStartSec !== null) this.anchorFloor = this.nextStartSec;
    this.nextStartSec = null;
  }

  /** No audio may start at or after this media time (the end of the video). */
  endAt(sec: number): void {
    this.endSec = sec;
    if (this.nextStartSec !== null && this.nextStartSec >= sec) this.atEnd = true;
  }

  /** True once audio reached the end set by endAt(): nothing more will be stamped. */
  get reachedEnd(): boolean {
    return this.atEnd;
  }
  private atEnd = false;

  /** Media time up to which audio has been stamped. */
  get coveredUntilSec(): number {
    return this.nextStartSec ?? this.anchorFloor;
  }

  private anchorFloor = 0;

  /**
   * frames/sampleRate: the chunk. clockSec: the media clock when the chunk arrived (its last sample
   * was captured just before). Returns null when the chunk must be dropped.
   */
  stamp(frames: number, sampleRate: number, clockSec: number): StampedChunk | null {
    if (frames <= 0 || sampleRate <= 0) return null;
    const durationSec = frames / sampleRate;
    const clockStart = Math.max(this.anchorFloor, clockSec - durationSec);
    let start = this.nextStartSec ?? clockStart;
    const drift = start - clockStart;
    if (drift < -MAX_AUDIO_DRIFT_SEC) {
      start = clockStart; // we fell behind (lost chunks, slow clock): leave a gap rather than lag
    } else if (drift > MAX_AUDIO_DRIFT_SEC) {
      this.dropped++; // ran ahead of the clock: skip this chunk so we do not drift further
      return null;
    }
    if (start >= this.endSec) {
      this.atEnd = true;
      return null;
    }
    const keepFrames = Math.min(frames, Math.floor((this.endSec - start) * sampleRate + 1e-6));
    if (keepFrames < frames) this.atEnd = true;
    if (keepFrames <= 0) return null;
    this.nextStartSec = start + keepFrames / sampleRate;
    return { timestampSec: start, keepFrames };
  }
}
