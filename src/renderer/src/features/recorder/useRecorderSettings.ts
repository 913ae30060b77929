// The recorder settings (bubble corner and size, countdown, devices), mirrored from main. A member of
// a Reelay Server keeps their own in this browser, over the server's defaults (which are the owner's).
import { useCallback, useEffect, useState } from 'react';
import type { ReelayApi } from '../../../../shared/api';
import { DEFAULT_RECORDER_SETTINGS, type RecorderSettings } from '../../../../shared/settings';
import { useAccount } from '../account/AuthGate';

const memberKey = (accountId: string): string => `reelay.recorder.${accountId}`;

function memberOverrides(accountId: string | null): Partial<RecorderSettings> {
  if (accountId === null) return {};
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(memberKey(accountId)) ?? '{}');
    return typeof saved === 'object' && saved !== null ? (saved as Partial<RecorderSettings>) : {};
  } catch {
    return {};
  }
}

export interface RecorderSettingsState {
  settings: RecorderSettings;
  /** a save failed */
  error: string | null;
  update(patch: Partial<RecorderSettings>): void;
}

export function useRecorderSettings(api: ReelayApi): RecorderSettingsState {
  const signedIn = useAccount();
  const member = signedIn?.account.role === 'member' ? signedIn.account.id : null;
  const [settings, setSettings] = useState<RecorderSettings>(DEFAULT_RECORDER_SETTINGS);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const apply = (server: RecorderSettings) => setSettings({ ...server, ...memberOverrides(member) });
    const off = api.on('settings-updated', (s) => apply(s.recorder));
    const load = (): void => {
      api.call('settings.get', {}).then(
        (s) => live && apply(s.recorder),
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
  }, [api, member]);

  const update = useCallback(
    (patch: Partial<RecorderSettings>) => {
      setSettings((s) => ({ ...s, ...patch })); // show it at once; main's answer is the truth
      if (member !== null) {
        localStorage.setItem(memberKey(member), JSON.stringify({ ...memberOverrides(member), ...patch }));
        return;
      }
      api.call('settings.set', { recorder: patch }).then(
        (s) => {
          setSettings(s.recorder);
          setError(null);
        },
        (e: unknown) => setError(`Settings could not be saved: ${e instanceof Error ? e.message : String(e)}`),
      );
    },
    [api, member],
  );

  return { settings, error, update };
}
