// Settings: the recorder, where recordings are published (StorageSettings), and which ffmpeg makes HD versions.
import { useId, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { BubbleFields } from '../recorder/BubbleFields';
import { useRecorderSettings } from '../recorder/useRecorderSettings';
import { StorageSettings } from './StorageSettings';
import { FfmpegSettings } from './FfmpegSettings';

export function SettingsPage(): ReactNode {
  const api = useApi();
  const { settings, error, update } = useRecorderSettings(api);
  const id = useId();

  return (
    <section className="settings" aria-label="Settings">
      <h1 className="page-title">Settings</h1>
      <form className="settings-section" onSubmit={(e) => e.preventDefault()}>
        <h2>Recorder</h2>
        <BubbleFields id={id} settings={settings} onChange={update} />
        <div className="field">
          <label htmlFor={`${id}-countdown`}>Countdown before recording</label>
          <select id={`${id}-countdown`} value={String(settings.countdownSeconds)} onChange={(e) => update({ countdownSeconds: Number(e.target.value) })}>
            {[...new Set([0, 3, 5, 10, settings.countdownSeconds])].sort((a, b) => a - b).map((s) => (
              <option key={s} value={String(s)}>
                {s === 0 ? 'None' : `${s} seconds`}
              </option>
            ))}
          </select>
        </div>
        {error && (
          <p className="status status-warning" role="alert">
            {error}
          </p>
        )}
      </form>
      <StorageSettings api={api} />
      <FfmpegSettings api={api} />
    </section>
  );
}
