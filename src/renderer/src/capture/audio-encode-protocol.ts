// The messages between the live encoder and its AAC worker. The AAC encoder answers one worker round
// trip per 21 ms frame; on the page's busy main thread those round trips fell behind real time when
// the CPU was short (the long-recording bench: audio 0.6× realtime, the live link minutes behind),
// so the audio is encoded in a worker of its own and only the packets come back.

export type ToAudioWorker =
  | { type: 'start'; bitrate: number }
  /** planar f32, channel after channel; the buffer is transferred */
  | { type: 'audio'; startSec: number; frames: number; channels: number; sampleRate: number; samples: Float32Array }
  /** flush: every packet is posted before 'ended' */
  | { type: 'end' };

export type FromAudioWorker =
  | { type: 'started' }
  /** decoderConfig on the first packet only */
  | { type: 'packet'; data: Uint8Array; timestampSec: number; durationSec: number; decoderConfig: AudioDecoderConfig | null }
  | { type: 'ended' }
  | { type: 'failed'; message: string };
