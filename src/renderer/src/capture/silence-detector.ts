// Notices a microphone that delivers silence while recording, so the user hears of it at once and
// not after Stop. Fed the microphone's peak level a few times a second; paused time does not count.

/**
 * Peak level (0..1) below which the microphone counts as silent: -60 dBFS. A muted or dead
 * microphone delivers digital zeros; a live one in a quiet room stays above this with its own
 * noise, so a speaker who just says nothing for a while is not taken for a muted microphone.
 */
export const SILENCE_LEVEL = 0.001;
/** How long the microphone must stay silent before the recorder warns. */
export const SILENCE_WARN_AFTER_MS = 10_000;
/** How often the level is read while recording. */
export const SILENCE_SAMPLE_EVERY_MS = 250;

export interface SilenceOptions {
  level: number;
  afterMs: number;
}

export class SilenceDetector {
  private quietSince: number | null = null;
  private warned = false;

  constructor(private readonly options: SilenceOptions = { level: SILENCE_LEVEL, afterMs: SILENCE_WARN_AFTER_MS }) {}

  /** true while the microphone has been silent for long enough */
  get silent(): boolean {
    return this.warned;
  }

  /**
   * One reading: the peak level at atMs, or null when not recording (paused, counting down): then
   * the silence counted so far is forgotten, and a warning given stays until sound comes back.
   * Returns the new verdict when it changed (true: warn, false: sound is back), else null.
   */
  sample(atMs: number, level: number | null): boolean | null {
    if (level === null) {
      this.quietSince = null;
      return null;
    }
    if (level >= this.options.level) {
      this.quietSince = null;
      if (!this.warned) return null;
      this.warned = false;
      return false;
    }
    this.quietSince ??= atMs;
    if (this.warned || atMs - this.quietSince < this.options.afterMs) return null;
    this.warned = true;
    return true;
  }
}

export interface SilenceWatchOptions {
  /** the microphone's peak level now, 0..1 */
  level: () => number;
  /** whether media is being recorded now (not paused, not counting down) */
  recording: () => boolean;
  onChange: (silent: boolean) => void;
  now: () => number;
  /** runs fn every ms; returns a function that stops it (setInterval by default) */
  every?: (fn: () => void, ms: number) => () => void;
}

const everyByInterval = (fn: () => void, ms: number): (() => void) => {
  const timer = setInterval(fn, ms);
  return () => clearInterval(timer);
};

/** Reads the level on a timer and reports each change of verdict. Returns a function that stops it. */
export function watchSilence(options: SilenceWatchOptions): () => void {
  const detector = new SilenceDetector();
  const every = options.every ?? everyByInterval;
  return every(() => {
    const change = detector.sample(options.now(), options.recording() ? options.level() : null);
    if (change !== null) options.onChange(change);
  }, SILENCE_SAMPLE_EVERY_MS);
}
