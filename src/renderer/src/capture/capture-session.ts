// What the recorder controller needs from the capture pipeline. The real one (RecordingPipeline)
// drives screen, camera, mic, compositor and encoders; tests use a fake.
import type { BubbleLayout } from './bubble-geometry';
import type { LiveInit, LiveSegment } from './live-output';
import type { MasterChunk } from './master-recorder';
import type { CaptureStats } from './recorder-stats';

export interface CaptureEvents {
  onInit(init: LiveInit): void;
  onSegment(segment: LiveSegment): void;
  onMasterChunk(chunk: MasterChunk): void;
  /** something went wrong that the user should know about, but the recording goes on */
  onProblem(message: string): void;
  /** the screen share ended from outside (the browser's "Stop sharing") */
  onSourceEnded(): void;
  /** the camera or the microphone went away (unplugged, taken by another app, permission revoked) */
  onDeviceLost(device: 'camera' | 'microphone'): void;
  /** the microphone has been silent for a while while recording (true), or sound came back (false) */
  onMicrophoneSilent(silent: boolean): void;
  /** the live stream is this many seconds behind the recording (null: it keeps up again) */
  onLiveBehind(behindSec: number | null): void;
}

export interface CaptureSession {
  /** the recorded picture's size and rate (the master's) */
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** starts the encoders; media time 0 is now */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  /** recorded time so far, paused time excluded */
  elapsedMs(): number;
  /** flushes the encoders: every output is delivered before it resolves */
  finish(): Promise<{ durationMs: number }>;
  /** stops the encoders without delivering anything more */
  abort(): Promise<void>;
  /** stops the devices (camera light off, sharing ended) */
  release(): void;
  /** media time now, for lag measurements */
  mediaTimeSec(): number;
  /** moves or resizes the camera bubble while recording */
  setLayout?(layout: BubbleLayout): void;
  /** switches the camera (null: none) while recording */
  setCamera?(track: MediaStreamTrack | null): void;
  stats(): CaptureStats;
}

export type OpenCapture = (events: CaptureEvents) => Promise<CaptureSession>;
