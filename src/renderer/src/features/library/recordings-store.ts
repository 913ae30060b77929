// The library's mirror of the database: the pages of recordings.page() loaded so far (one query:
// search, sort, filter), kept current by the recording-updated and recording-removed events. A card
// that changes stays where it is until the pages are loaded again; a recording the pages do not hold
// that would come first (a new one) marks them stale, and the hook loads them again.
import type { Recording } from '../../../../shared/domain';
import type { LibraryPage } from '../../../../shared/library';

export interface RecordingsState {
  status: 'loading' | 'ready' | 'error';
  items: readonly Recording[];
  /** recordings matching the query, loaded or not */
  total: number;
  /** the offset of the next page; null: every page is loaded */
  next: number | null;
  /** bytes the caller's recordings take on this computer */
  totalBytes: number;
  error: string | null;
  /** a recording the loaded pages miss changed: load them again */
  stale: boolean;
  /** events that arrived before the first page came back */
  early: readonly RecordingsAction[];
}

export type RecordingsAction =
  | { type: 'loading' }
  | { type: 'listed'; page: LibraryPage; append: boolean }
  | { type: 'list-failed'; error: string }
  | { type: 'updated'; recording: Recording }
  | { type: 'removed'; id: string };

export const initialRecordingsState: RecordingsState = { status: 'loading', items: [], total: 0, next: null, totalBytes: 0, error: null, stale: false, early: [] };

export function recordingsReducer(state: RecordingsState, action: RecordingsAction): RecordingsState {
  switch (action.type) {
    case 'loading':
      return { ...initialRecordingsState, early: [] };
    case 'listed': {
      const { page } = action;
      if (action.append) {
        const have = new Set(state.items.map((r) => r.id));
        return { ...state, items: [...state.items, ...page.items.filter((r) => !have.has(r.id))], total: page.total, next: page.next, totalBytes: page.totalBytes };
      }
      const base: RecordingsState = { status: 'ready', items: page.items, total: page.total, next: page.next, totalBytes: page.totalBytes, error: null, stale: false, early: [] };
      return state.early.reduce(recordingsReducer, base);
    }
    case 'list-failed':
      return { ...state, status: 'error', error: action.error };
    case 'updated':
    case 'removed':
      if (state.status === 'loading') return { ...state, early: [...state.early, action] };
      return action.type === 'updated' ? updated(state, action.recording) : removed(state, action.id);
  }
}

function updated(state: RecordingsState, recording: Recording): RecordingsState {
  const i = state.items.findIndex((r) => r.id === recording.id);
  if (i === -1) {
    const newest = state.items.reduce((max, r) => Math.max(max, r.createdAt), -Infinity);
    return recording.createdAt >= newest ? { ...state, stale: true } : state;
  }
  const before = state.items[i]!;
  const items = [...state.items];
  items[i] = recording;
  return { ...state, items, totalBytes: state.totalBytes + (recording.sizeBytes ?? 0) - (before.sizeBytes ?? 0) };
}

function removed(state: RecordingsState, id: string): RecordingsState {
  const gone = state.items.find((r) => r.id === id);
  if (!gone) return state;
  return {
    ...state,
    items: state.items.filter((r) => r.id !== id),
    total: Math.max(0, state.total - 1),
    next: state.next === null ? null : Math.max(0, state.next - 1),
    totalBytes: state.totalBytes - (gone.sizeBytes ?? 0),
  };
}
