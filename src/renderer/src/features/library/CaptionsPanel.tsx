// Per stopped recording: its captions. Add captions takes a WebVTT file (checked here, then by the
// core, which says which line is wrong); the link publishes it as a subtitles rendition and the viewer
// shows it with its CC button. Remove captions takes them back.
import { useState, type ReactNode } from 'react';
import { CAPTIONS, checkVtt, type CaptionsInfo } from '../../../../shared/captions';
import { useApi } from '../../api/ApiContext';
import './CaptionsChapters.css';

export function CaptionsPanel({ recordingId }: { recordingId: string }): ReactNode {
  const api = useApi();
  const [info, setInfo] = useState<CaptionsInfo | null | undefined>(undefined);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(what: string, call: () => Promise<CaptionsInfo | null>): Promise<void> {
    setBusy(true);
    try {
      setInfo(await call());
      setError(null);
    } catch (e) {
      setError(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  async function add(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = ''; // the same file chosen again (after fixing it) is a change too
    if (!file) return;
    const data = new Uint8Array(await file.arrayBuffer());
    // what is wrong with the file itself, said before it is sent; the core checks it again, with the
    // recording's length (which only it knows exactly)
    const checked = checkVtt(data, Number.POSITIVE_INFINITY);
    if (!checked.ok) {
      setError(`${file.name}: ${checked.message}`);
      return;
    }
    await run('add the captions', () => api.call('recordings.setCaptions', { id: recordingId, ...(label.trim() ? { label: label.trim() } : {}), data }));
  }

  return (
    <details className="extras-panel" onToggle={(e) => (e.currentTarget.open && info === undefined ? void run('load the captions', () => api.call('recordings.captions', { id: recordingId })) : undefined)}>
      <summary>Captions{info ? `: ${info.label}` : ''}</summary>
      {info && (
        <p className="status" role="status">
          {info.label}
          {info.language ? ` (${info.language})` : ''}: {info.cues} {info.cues === 1 ? 'cue' : 'cues'}. Viewers turn them on with CC.{' '}
          <button type="button" className="button-secondary button-danger-text" disabled={busy} onClick={() => void run('remove the captions', () => api.call('recordings.removeCaptions', { id: recordingId }))}>
            Remove captions
          </button>
        </p>
      )}
      {info === null && <p className="status">No captions yet.</p>}
      <div className="extras-actions">
        <label>
          Captions name{' '}
          <input value={label} placeholder={info?.label ?? 'English'} maxLength={CAPTIONS.maxLabelChars} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label className="extras-file">
          {info ? 'Replace captions' : 'Add captions'} (WebVTT)
          <input type="file" accept=".vtt,text/vtt" disabled={busy} onChange={(e) => void add(e.currentTarget)} />
        </label>
      </div>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
