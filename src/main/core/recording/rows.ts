// Lookups every part of the recording service shares: the row that must exist, the row that must
// still take media, and how much live media a recording has.
import type { RecordingState } from '../../../shared/domain';
import { ReelayError } from '../errors';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';

/** states in which a recording still takes media */
export const LIVE_STATES: readonly RecordingState[] = ['created', 'recording', 'paused'];

export function requireRecording(repo: RecordingsRepo, id: string): RecordingRow {
  const row = repo.get(id);
  if (!row || row.state === 'cancelled') throw new ReelayError('not-found', 'No such recording: it may have been deleted.');
  return row;
}

export function requireLive(repo: RecordingsRepo, id: string): RecordingRow {
  const rec = requireRecording(repo, id);
  if (!LIVE_STATES.includes(rec.state)) {
    throw new ReelayError('invalid-state', `This recording is ${rec.state}; it takes no more media.`);
  }
  return rec;
}

/** seconds of durable live media: every live rendition covers the same time; the longest wins in case one lost its tail */
export function liveSeconds(repo: RecordingsRepo, recordingId: string): number {
  const live = repo.renditions(recordingId).filter((r) => r.state === 'live');
  return Math.max(0, ...live.map((r) => repo.segments(recordingId, r.name).reduce((s, x) => s + x.duration_sec, 0)));
}

/** seconds a stopped recording lasts: what it reported at Stop, or its durable live media if longer */
export function recordingLength(rec: RecordingRow, repo: RecordingsRepo): number {
  return Math.max(rec.duration_ms / 1000, liveSeconds(repo, rec.id));
}
