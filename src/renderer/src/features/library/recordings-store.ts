// The library's mirror of the database: what recordings.list() returned, kept current by the
// recording-updated and recording-removed events. Newest first.
import type { Recording } from '../../../../shared/domain';

export interface RecordingsState {
  status: 'loading' | 'ready' | 'error';
  items: readonly Recording[];
  error: string | null;
  /** events that arrived before the first list came back */
  early: readonly RecordingsAction[];
}

export type RecordingsAction =
  | { type: 'listed'; items: readonly Recording[] }
  | { type: 'list-failed'; error: string }
  | { type: 'updated'; recording: Recording }
  | { type: 'removed'; id: string };

export const initialRecordingsState: RecordingsState = { status: 'loading', items: [], error: null, early: [] };

const newestFirst = (a: Recording, b: Recording): number => b.createdAt - a.createdAt || a.id.localeCompare(b.id);

export function recordingsReducer(state: RecordingsState, action: RecordingsAction): RecordingsState {
  switch (action.type) {
    case 'listed': {
      const base: RecordingsState = { status: 'ready', items: [...action.items].sort(newestFirst), error: null, early: [] };
      return state.early.reduce(recordingsReducer, base);
    }
    case 'list-failed':
      return { ...state, status: 'error', error: action.error };
    case 'updated':
    case 'removed':
      if (state.status === 'loading') return { ...state, early: [...state.early, action] };
      return { ...state, items: action.type === 'updated' ? upsert(state.items, action.recording) : state.items.filter((r) => r.id !== action.id) };
  }
}

function upsert(items: readonly Recording[], recording: Recording): Recording[] {
  const rest = items.filter((r) => r.id !== recording.id);
  return [...rest, recording].sort(newestFirst);
}
