// Settings: the recorder, where recordings are published (StorageSettings), and which ffmpeg makes HD
// versions (the desktop app's user picks it; a server takes it from its configuration).
import { useId, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAppInfo } from '../../api/useAppInfo';
import { BubbleFields } from '../recorder/BubbleFields';
import { useRecorderSettings } from '../recorder/useRecorderSettings';
import { StorageSettings } from './StorageSettings';
import { FfmpegSettings } from './FfmpegSettings';
import { offersFfmpegPath } from './ffmpeg-setting';
import { useAccount } from '../account/AuthGate';
import { MembersSettings } from '../account/MembersSettings';
import { AccessTokens } from '../account/AccessTokens';

export function SettingsPage(): ReactNode {
  const api = useApi();
  const { settings, error, update } = useRecorderSettings(api);
  const id = useId();
  const info = useAppInfo(api);
  const signedIn = useAccount();
  const isOwner = signedIn === null || signedIn.account.role === 'owner';

  return (
    <section className="settings" aria-label="Settings">
      <h1 className="page-title">Settings</h1>
      <form className="settings-section" onSubmit={(e) => e.preventDefault()}>
        <h2>Recorder</h2>
        {!isOwner && <p className="storage-hint">Yours, kept in this browser; the server's defaults are its owner's.</p>}
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
      {isOwner && <StorageSettings api={api} />}
      {signedIn?.account.role === 'owner' && <MembersSettings api={api} />}
      {signedIn && <AccessTokens api={api} showOwner={signedIn.account.role === 'owner'} />}
      {offersFfmpegPath(info) && <FfmpegSettings api={api} />}
      {info?.shell === 'server' && (
        <section className="settings-section">
          <h2>HD versions</h2>
          <p className="storage-hint">This server makes them with its own ffmpeg, set in its configuration (REELAY_FFMPEG), not from this page.</p>
        </section>
      )}
    </section>
  );
}
