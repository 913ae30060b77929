// Which state changes a recording may make. Anything else is a bug or a stale request.
import type { RecordingState } from '../../../shared/domain';

const TRANSITIONS: Record<RecordingState, readonly RecordingState[]> = {
  created: ['recording', 'finishing', 'cancelled', 'interrupted'],
  recording: ['paused', 'finishing', 'cancelled', 'interrupted'],
  paused: ['recording', 'finishing', 'cancelled', 'interrupted'],
  finishing: ['ready'],
  ready: [],
  interrupted: [],
  cancelled: [],
};

export function canTransition(from: RecordingState, to: RecordingState): boolean {
  return TRANSITIONS[from].includes(to);
}
