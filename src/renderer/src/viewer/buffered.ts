// Positions on the seek bar from the element's TimeRanges, as pure functions of them.
/** what TimeRanges offers (buffered, seekable) */
export interface Ranges {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

/** The element's duration when it is known and finite, else 0 (live, or before metadata). */
export function knownDuration(duration: number): number {
  return Number.isFinite(duration) && duration > 0 ? duration : 0;
}

/** Where a seek to `time` lands: not before 0, and just short of the end so it does not end at once. */
export function clampSeek(time: number, duration: number): number {
  return Math.max(0, duration > 0 ? Math.min(time, duration - 0.05) : time);
}

export function isBuffered(buffered: Ranges, time: number): boolean {
  for (let i = 0; i < buffered.length; i++) if (buffered.start(i) <= time && time <= buffered.end(i)) return true;
  return false;
}

/** How far the buffered bar reaches, in percent: the end of the range playing now (or just ahead). */
export function bufferedPercent(buffered: Ranges, currentTime: number, duration: number): number {
  if (!(duration > 0)) return 0;
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) <= currentTime + 0.5 && buffered.end(i) >= currentTime) {
      return Math.min(100, (buffered.end(i) / duration) * 100);
    }
  }
  return (currentTime / duration) * 100;
}
