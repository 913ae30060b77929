// Figures a benchmark reads from the page (window.__reelayStats): when Stop was clicked, when each
// segment's media ended, was made and was acknowledged, and how many frames made it into the live
// variant. All times are epoch milliseconds (performance.timeOrigin + performance.now()), so they
// compare with the clock of the process driving the browser.

export interface SegmentStat {
  rendition: string;
  seq: number;
  durationSec: number;
  bytes: number;
  /** media time at the segment's end (paused time excluded) */
  mediaEndSec: number;
  /** when the segment's last moment was captured */
  capturedEndAt: number;
  /** when the encoder handed the finished segment over */
  producedAt: number;
  /** when main acknowledged it as durable; null until then */
  ackedAt: number | null;
}

export interface CaptureStats {
  /** frames composed while recording (offered to the live encoder) */
  framesCaptured: number;
  /** frames the live encoder returned */
  framesEncoded: number;
  /** frames dropped because the live encoder fell behind */
  framesDropped: number;
  /** frames left out because the source ran faster than the live frame rate */
  framesSkipped: number;
  audioChunksDropped: number;
  /**
   * audio end minus video end of the live variant, seconds (null without audio). Clean: 0 to one
   * AAC frame (+0.021). Negative: the last segment lacks audio and hls.js stalls before `ended`.
   */
  audioEndGapSec: number | null;
  detail: Record<string, unknown>;
}

export interface RecorderStats extends CaptureStats {
  recordingId: string | null;
  createdAt: number | null;
  startedAt: number | null;
  stopClickedAt: number | null;
  /** the encoders delivered their last outputs */
  finishedAt: number | null;
  /** main acknowledged every put */
  drainedAt: number | null;
  /** recordings.stop acknowledged: the link plays the whole recording */
  stoppedAt: number | null;
  linkCopiedAt: number | null;
  segments: SegmentStat[];
  masterChunks: number;
  masterBytes: number;
}

export function emptyRecorderStats(): RecorderStats {
  return {
    recordingId: null,
    createdAt: null,
    startedAt: null,
    stopClickedAt: null,
    finishedAt: null,
    drainedAt: null,
    stoppedAt: null,
    linkCopiedAt: null,
    segments: [],
    masterChunks: 0,
    masterBytes: 0,
    framesCaptured: 0,
    framesEncoded: 0,
    framesDropped: 0,
    framesSkipped: 0,
    audioChunksDropped: 0,
    audioEndGapSec: null,
    detail: {},
  };
}
