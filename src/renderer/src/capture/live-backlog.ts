// Whether the live stream keeps up: how far the last live segment is behind the recording. Normally
// it is less than one segment plus the encoders' delay; on a computer too busy to encode in real time
// it grows, and the user should know that people watching live see the past (nothing is lost: the
// link catches up once the encoders do, at the latest after Stop). Hysteresis so it does not flicker.
import { SEGMENT_SECONDS } from '../../../shared/published';

/** behind by more than this (seconds): say so */
export const LIVE_BEHIND_WARN_SEC = 4 * SEGMENT_SECONDS;
/** back under this: stop saying so */
export const LIVE_BEHIND_CLEAR_SEC = 2 * SEGMENT_SECONDS;

export class LiveBacklogWatch {
  private behind = false;

  /**
   * mediaSec: the recording's time now; liveEndSec: the end of the last live segment made.
   * Whole seconds behind while warning, else null.
   */
  check(mediaSec: number, liveEndSec: number): number | null {
    const lag = Math.max(0, mediaSec - liveEndSec);
    if (this.behind ? lag < LIVE_BEHIND_CLEAR_SEC : lag <= LIVE_BEHIND_WARN_SEC) {
      this.behind = false;
      return null;
    }
    this.behind = true;
    return Math.round(lag);
  }
}
