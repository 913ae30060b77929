// The recording's timeline: wall time since start minus the time spent paused. Every encoder stamps
// its samples from this one clock, so audio and video stay together across pauses.
export type ClockState = 'stopped' | 'running' | 'paused';

export class MediaClock {
  private startedAt: number | null = null;
  private pausedAt: number | null = null;
  private pausedTotal = 0;
  private endedAt: number | null = null;

  /** now(): milliseconds from a monotonic clock (performance.now in the app). */
  constructor(private readonly now: () => number) {}

  get state(): ClockState {
    if (this.startedAt === null || this.endedAt !== null) return 'stopped';
    return this.pausedAt === null ? 'running' : 'paused';
  }

  /** at: when it started (defaults to now); the pipeline starts it on a frame tick. */
  start(at: number = this.now()): void {
    if (this.startedAt !== null) throw new Error('the clock already started');
    this.startedAt = at;
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.pausedAt = this.now();
  }

  resume(at: number = this.now()): void {
    if (this.state !== 'paused' || this.pausedAt === null) return;
    this.pausedTotal += Math.max(0, at - this.pausedAt);
    this.pausedAt = null;
  }

  /** Freezes the clock: elapsed() stays at its value from now on. */
  end(): void {
    if (this.startedAt === null || this.endedAt !== null) return;
    this.endedAt = this.pausedAt ?? this.now();
  }

  /** Recorded milliseconds so far, paused time excluded. */
  elapsedMs(at: number = this.now()): number {
    if (this.startedAt === null) return 0;
    const until = this.endedAt ?? this.pausedAt ?? at;
    return Math.max(0, until - this.startedAt - this.pausedTotal);
  }

  /** The media timestamp (seconds) of something captured at monotonic time `at`. */
  mediaTimeSec(at: number = this.now()): number {
    return this.elapsedMs(at) / 1000;
  }

  /** Monotonic time (ms) of a media timestamp, assuming no pause since: for lag measurements. */
  wallTimeOf(mediaSec: number): number {
    return (this.startedAt ?? 0) + this.pausedTotal + mediaSec * 1000;
  }
}
