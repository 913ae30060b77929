// Which ffmpeg makes the HD versions: the bundled one unless the user names another.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ReelayApi } from '../../../../shared/api';

export function FfmpegSettings({ api }: { api: ReelayApi }): ReactNode {
  const id = useId();
  const [path, setPath] = useState('');
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    api.call('settings.get', {}).then((s) => live && setPath(s.ffmpegPath ?? ''), () => undefined);
    return () => {
      live = false;
    };
  }, [api]);

  const save = (e: FormEvent): void => {
    e.preventDefault();
    const value = path.trim();
    api.call('settings.set', { ffmpegPath: value === '' ? null : value }).then(
      () => setNotice({ ok: true, text: value === '' ? 'Using the bundled ffmpeg.' : `Using ${value}. Recordings whose HD versions failed for want of ffmpeg are tried again.` }),
      (err: unknown) => setNotice({ ok: false, text: `Not saved: ${err instanceof Error ? err.message : String(err)}` }),
    );
  };

  return (
    <form className="settings-section" onSubmit={save}>
      <h2>HD versions</h2>
      <p className="storage-hint">After you stop, Reelay makes higher-quality versions, a poster and a download with ffmpeg. It ships its own; name another here if you need to.</p>
      <div className="field">
        <label htmlFor={`${id}-ffmpeg`}>ffmpeg path</label>
        <input id={`${id}-ffmpeg`} value={path} placeholder="bundled" onChange={(e) => setPath(e.target.value)} spellCheck={false} />
      </div>
      <button type="submit">Save ffmpeg path</button>
      {notice && (
        <p className={`status ${notice.ok ? '' : 'status-warning'}`} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
