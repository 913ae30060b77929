// The one hook the library renders from: recordings.list() kept current by events.
import { useCallback, useEffect, useReducer } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import type { Recording } from '../../../../shared/domain';
import { initialRecordingsState, recordingsReducer, type RecordingsState } from './recordings-store';

export interface RecordingsView extends RecordingsState {
  /** applies a recording main just returned (e.g. from rename), ahead of its event */
  received(recording: Recording): void;
}

export function useRecordings(api: ReelayApi): RecordingsView {
  const [state, dispatch] = useReducer(recordingsReducer, initialRecordingsState);

  useEffect(() => {
    let live = true;
    // Subscribe before listing: nothing that happens in between is missed.
    const offUpdated = api.on('recording-updated', (recording) => dispatch({ type: 'updated', recording }));
    const offRemoved = api.on('recording-removed', ({ id }) => dispatch({ type: 'removed', id }));
    const list = (): void => {
      api.call('recordings.list', {}).then(
        (items) => live && dispatch({ type: 'listed', items }),
        (error: unknown) => live && dispatch({ type: 'list-failed', error: error instanceof Error ? error.message : String(error) }),
      );
    };
    list();
    // events sent while the stream was cut are lost: list again once it is back
    const offResumed = api.on('events-resumed', list);
    // and the same after the page slept (a closed laptop), whose stream may not have noticed
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') list();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      offUpdated();
      offRemoved();
      offResumed();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api]);

  const received = useCallback((recording: Recording) => dispatch({ type: 'updated', recording }), []);
  return { ...state, received };
}
