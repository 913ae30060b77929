// What the live encoder hands on (each init and segment the moment it exists) and what it counts.
import type { LiveRung } from './live-rung';

export interface LiveInit {
  rendition: string;
  codecs: string;
  width?: number;
  height?: number;
  frameRate?: number;
  bitrate: number;
  data: Uint8Array;
}

export interface LiveSegment {
  rendition: string;
  seq: number;
  durationSec: number;
  data: Uint8Array;
  /** media time at the end of this segment */
  mediaEndSec: number;
}

export interface LiveEncoderStats {
  /** frames handed to addVideo while running */
  framesOffered: number;
  /** frames sent to the encoder (one per slot of the frame grid) */
  framesQueued: number;
  /** frames the encoder returned */
  framesEncoded: number;
  /** frames dropped because the encoder queue was full */
  framesDropped: number;
  /** frames skipped because their slot of the frame grid was taken (source faster than the rung) */
  framesSkipped: number;
  audioChunks: number;
  audioChunksDropped: number;
  segments: number;
  bytes: number;
  /** end of the last video / audio packet; audio ends 0-2 AAC frames (≤ 43 ms) later when clean */
  videoEndSec: number | null;
  audioEndSec: number | null;
  /** silence added at the end because the last audio came too late */
  audioPaddedSec: number;
}

export interface LiveEncoderOptions {
  rung: LiveRung;
  /** false: the recording has no audio. The AAC encoder takes the mix's rate and channels as they come. */
  audio: boolean;
  segmentDurationSec?: number;
  onInit: (init: LiveInit) => void;
  onSegment: (segment: LiveSegment) => void;
  onError: (error: Error) => void;
}
