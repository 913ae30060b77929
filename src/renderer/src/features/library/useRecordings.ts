// The one hook the library renders from: the pages of recordings.page() for one query, kept current
// by events. A new query starts over at its first page; `more()` loads the next page.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import type { Recording } from '../../../../shared/domain';
import { LIBRARY_PAGE_MAX, type LibraryFilter, type LibrarySort } from '../../../../shared/library';
import { initialRecordingsState, recordingsReducer, type RecordingsState } from './recordings-store';

export interface LibraryQuery {
  query: string;
  sort: LibrarySort;
  show: LibraryFilter | null;
}

export const PAGE_SIZE = 24;

export interface RecordingsView extends RecordingsState {
  /** applies a recording main just returned (e.g. from rename), ahead of its event */
  received(recording: Recording): void;
  /** loads the next page, if there is one and none is loading */
  more(): void;
}

export function useRecordings(api: ReelayApi, q: LibraryQuery): RecordingsView {
  const [state, dispatch] = useReducer(recordingsReducer, initialRecordingsState);
  const loaded = useRef(0);
  loaded.current = state.items.length;
  const loadingMore = useRef(false);
  /** the query whose answers count: one that comes back after the next query started is dropped */
  const generation = useRef(0);
  const input = useCallback(
    (offset: number, limit: number) => ({ sort: q.sort, offset, limit, ...(q.query.trim() ? { query: q.query.trim() } : {}), ...(q.show ? { show: q.show } : {}) }),
    [q.query, q.sort, q.show],
  );

  /** the first page again (or as many as are loaded, up to the largest page), without emptying the list */
  const reload = useCallback(() => {
    const mine = generation.current;
    api.call('recordings.page', input(0, Math.min(LIBRARY_PAGE_MAX, Math.max(PAGE_SIZE, loaded.current)))).then(
      (page) => mine === generation.current && dispatch({ type: 'listed', page, append: false }),
      (error: unknown) => mine === generation.current && dispatch({ type: 'list-failed', error: error instanceof Error ? error.message : String(error) }),
    );
  }, [api, input]);

  useEffect(() => {
    generation.current++;
    loadingMore.current = false;
    dispatch({ type: 'loading' });
    // Subscribe before listing: nothing that happens in between is missed.
    const offUpdated = api.on('recording-updated', (recording) => dispatch({ type: 'updated', recording }));
    const offRemoved = api.on('recording-removed', ({ id }) => dispatch({ type: 'removed', id }));
    reload();
    // events sent while the stream was cut are lost: load again once it is back
    const offResumed = api.on('events-resumed', reload);
    // and the same after the page slept (a closed laptop), whose stream may not have noticed
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      offUpdated();
      offRemoved();
      offResumed();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, reload]);

  // a new recording the pages miss: load them again, once for a burst of events
  useEffect(() => {
    if (!state.stale) return;
    const timer = setTimeout(reload, 250);
    return () => clearTimeout(timer);
  }, [state.stale, reload]);

  const next = state.next;
  const more = useCallback(() => {
    if (next === null || loadingMore.current) return;
    loadingMore.current = true;
    const mine = generation.current;
    api.call('recordings.page', input(next, PAGE_SIZE)).then(
      (page) => mine === generation.current && dispatch({ type: 'listed', page, append: true }),
      (error: unknown) => mine === generation.current && dispatch({ type: 'list-failed', error: error instanceof Error ? error.message : String(error) }),
    ).finally(() => {
      if (mine === generation.current) loadingMore.current = false;
    });
  }, [api, input, next]);

  const received = useCallback((recording: Recording) => dispatch({ type: 'updated', recording }), []);
  return { ...state, received, more };
}
