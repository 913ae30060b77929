// Do the renditions share one timeline? Switching rungs at a segment boundary must not jump in time,
// so segment k of every rendition has to start at the same instant (within one frame). Pure.
import { SEGMENT_SECONDS } from '../../../shared/published';

export interface Timeline {
  name: string;
  /** start of each segment's video, seconds (its first fragment's decode time) */
  starts: readonly number[];
  /** the sum of its segment durations */
  totalSec: number;
  frameRate: number | null;
}

export interface AlignmentReport {
  ok: boolean;
  /** the largest start difference found against the reference, seconds */
  worstOffsetSec: number;
  toleranceSec: number;
  problems: string[];
}

/** one frame of the slower of the two, plus a millisecond for timescale rounding */
export function frameTolerance(a: Timeline, b: Timeline): number {
  const fps = Math.min(a.frameRate ?? 30, b.frameRate ?? 30);
  return 1 / fps + 0.001;
}

/**
 * Compares each timeline with the reference (the live rendition) segment by segment. A rendition may
 * run on past the reference (the master kept a tail the live encoder lost), but not stop more than a
 * segment short of it: a viewer switched onto it near the end would run out of video.
 */
export function checkAlignment(reference: Timeline, others: readonly Timeline[]): AlignmentReport {
  const problems: string[] = [];
  let worst = 0;
  let tolerance = Infinity;
  for (const t of others) {
    const tol = frameTolerance(reference, t);
    tolerance = Math.min(tolerance, tol);
    const n = Math.min(reference.starts.length, t.starts.length);
    for (let k = 0; k < n; k++) {
      const offset = Math.abs(t.starts[k]! - reference.starts[k]!);
      worst = Math.max(worst, offset);
      if (offset > tol) {
        problems.push(`${t.name} segment ${k} starts at ${t.starts[k]!.toFixed(3)} s, ${reference.name} at ${reference.starts[k]!.toFixed(3)} s`);
        break;
      }
    }
    if (t.totalSec < reference.totalSec - SEGMENT_SECONDS) {
      problems.push(`${t.name} lasts ${t.totalSec.toFixed(2)} s, ${reference.name} ${reference.totalSec.toFixed(2)} s`);
    }
  }
  return { ok: problems.length === 0, worstOffsetSec: worst, toleranceSec: tolerance === Infinity ? 0 : tolerance, problems };
}
