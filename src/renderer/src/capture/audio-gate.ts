// Holds captured audio back until the video has caught up with it, and ends it where the video ends.
//
// mediabunny cuts the last HLS segment after the last video packet: audio past the video's end would
// become a tiny audio-only last segment, and audio that ends early leaves the last segment without
// audio. Both make hls.js stall before `ended` (the first per FACTS, the second measured here:
// buffered stops at the audio's end). So audio is released only up to the newest video frame while
// recording, and at the end it is cut, or padded with silence, to end exactly with the video.
import { cutPlanar } from './planar-audio';

export interface AudioChunk {
  startSec: number;
  frames: number;
  channels: number;
  sampleRate: number;
  /** planar f32: channel after channel */
  samples: Float32Array;
}

const EPSILON = 1e-9;

const endOf = (chunk: AudioChunk): number => chunk.startSec + chunk.frames / chunk.sampleRate;

export class AudioGate {
  private readonly held: AudioChunk[] = [];
  private releasedUntil: number | null = null;
  private format: { channels: number; sampleRate: number } | null = null;
  /** seconds of silence added by endAt() */
  paddedSec = 0;

  hold(chunk: AudioChunk): void {
    if (chunk.frames > 0) this.held.push(chunk);
  }

  /** How far audio was handed on. */
  get releasedUntilSec(): number | null {
    return this.releasedUntil;
  }

  /** The chunks that end by untilSec (the newest video frame's time), in order. */
  release(untilSec: number): AudioChunk[] {
    const out: AudioChunk[] = [];
    while (this.held.length > 0 && endOf(this.held[0]!) <= untilSec + EPSILON) out.push(this.take(this.held.shift()!));
    return out;
  }

  /**
   * Ends the audio at endSec: everything before it (the chunk crossing it cut), then silence up to
   * it if the audio fell short. Anything after endSec is dropped.
   */
  endAt(endSec: number): AudioChunk[] {
    const out = this.release(endSec);
    const crossing = this.held.shift();
    if (crossing && crossing.startSec < endSec) {
      const frames = Math.floor((endSec - crossing.startSec) * crossing.sampleRate + 1e-6);
      if (frames > 0) {
        out.push(this.take({ ...crossing, frames, samples: cutPlanar(crossing.samples, crossing.channels, crossing.frames, frames) }));
      }
    }
    this.held.length = 0;
    const from = this.releasedUntil;
    if (this.format && from !== null) {
      const frames = Math.floor((endSec - from) * this.format.sampleRate + 1e-6);
      if (frames > 0) {
        this.paddedSec += frames / this.format.sampleRate;
        out.push(this.take({ startSec: from, frames, ...this.format, samples: new Float32Array(frames * this.format.channels) }));
      }
    }
    return out;
  }

  private take(chunk: AudioChunk): AudioChunk {
    this.releasedUntil = endOf(chunk);
    this.format = { channels: chunk.channels, sampleRate: chunk.sampleRate };
    return chunk;
  }
}
