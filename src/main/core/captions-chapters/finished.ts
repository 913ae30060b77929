// Captions and chapters are added to a stopped recording: their times are checked against its length,
// which is known only then.
import { ReelayError } from '../errors';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import { LIVE_STATES, recordingLength } from '../recording/rows';

/** the recording's length in seconds; refuses one still recording, or whose published copy is gone */
export function finishedLength(rec: RecordingRow, repo: RecordingsRepo, what: string): number {
  if (LIVE_STATES.includes(rec.state)) throw new ReelayError('invalid-state', `Add ${what} after you stop the recording: until then its length is not known.`);
  if (rec.published_deleted === 1) throw new ReelayError('invalid-state', `This recording's link was deleted, so ${what} would reach no one.`);
  const length = recordingLength(rec, repo);
  if (!(length > 0)) throw new ReelayError('invalid-state', `This recording has no media, so it cannot have ${what}.`);
  return length;
}
