// The recorder settings (bubble corner and size, countdown), mirrored from main.
import { useCallback, useEffect, useState } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import { DEFAULT_RECORDER_SETTINGS, type RecorderSettings } from '../../../../shared/settings';

export interface RecorderSettingsState {
  settings: RecorderSettings;
  /** a save failed */
  error: string | null;
  update(patch: Partial<RecorderSettings>): void;
}

export function useRecorderSettings(api: ReelayApi): RecorderSettingsState {
  const [settings, setSettings] = useState<RecorderSettings>(DEFAULT_RECORDER_SETTINGS);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.on('settings-updated', (s) => setSettings(s.recorder));
    const load = (): void => {
      api.call('settings.get', {}).then(
        (s) => live && setSettings(s.recorder),
        (e: unknown) => live && setError(`Settings could not be loaded: ${e instanceof Error ? e.message : String(e)}`),
      );
    };
    load();
    const offResumed = api.on('events-resumed', load);
    return () => {
      live = false;
      off();
      offResumed();
    };
  }, [api]);

  const update = useCallback(
    (patch: Partial<RecorderSettings>) => {
      setSettings((s) => ({ ...s, ...patch })); // show it at once; main's answer is the truth
      api.call('settings.set', { recorder: patch }).then(
        (s) => {
          setSettings(s.recorder);
          setError(null);
        },
        (e: unknown) => setError(`Settings could not be saved: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    [api],
  );

  return { settings, error, update };
}
