// "Import video": a file input (and dropping a file anywhere on the library) that uploads a video and
// makes it a recording. Shows the upload and the check; the card then shows the first version being
// made; an error names the problem. A first version that fails after the card appeared removes it,
// and the reason is shown here.
import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Recording } from '../../../../shared/domain';
import { IMPORT_ACCEPT, type ImportStatus } from '../../../../shared/import';
import { useApi } from '../../api/ApiContext';
import { importVideo } from './import-upload';
import { importError, uploadStateLine, type UploadState } from './import-view';
import './ImportVideo.css';

export function ImportVideo({ onImported }: { onImported: (recording: Recording) => void }): ReactNode {
  const api = useApi();
  const [upload, setUpload] = useState<UploadState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** imports whose first version is being made: recording id → import id and file name */
  const pending = useRef(new Map<string, { importId: string; name: string }>());
  const busy = useRef(false);

  async function start(file: File): Promise<void> {
    if (busy.current) return setError('One import at a time: wait for the one under way to be uploaded.');
    busy.current = true;
    setError(null);
    setUpload({ name: file.name, sent: 0, total: file.size, phase: 'uploading' });
    try {
      const { importId, recording } = await importVideo(api, file, {
        onSent: (sent) => setUpload({ name: file.name, sent, total: file.size, phase: 'uploading' }),
        onChecking: () => setUpload({ name: file.name, sent: file.size, total: file.size, phase: 'checking' }),
      });
      pending.current.set(recording.id, { importId, name: file.name });
      onImported(recording);
    } catch (e) {
      setError(importError(file.name, e instanceof Error ? e.message : String(e)));
    } finally {
      busy.current = false;
      setUpload(null);
    }
  }

  // a recording made by an import that then failed is removed: say why
  useEffect(() => {
    const offRemoved = api.on('recording-removed', ({ id }) => {
      const mine = pending.current.get(id);
      if (!mine) return;
      pending.current.delete(id);
      void api.call('imports.status', { importId: mine.importId }).then(
        (status: ImportStatus) => status.state === 'failed' && setError(importError(mine.name, status.message)),
        () => undefined,
      );
    });
    const offUpdated = api.on('recording-updated', (r) => {
      if (pending.current.has(r.id) && !r.importing && r.state !== 'created') pending.current.delete(r.id);
    });
    return () => {
      offRemoved();
      offUpdated();
    };
  }, [api]);

  // dropping a file anywhere on the page while the library shows
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void start(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  function picked(e: ChangeEvent<HTMLInputElement>): void {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (file) void start(file);
  }

  const line = upload && uploadStateLine(upload);
  return (
    <div className={`import-video${dragging ? ' import-video-dragging' : ''}`}>
      <label className="button-secondary import-video-button">
        Import video
        <input type="file" accept={IMPORT_ACCEPT} aria-label="Import video" onChange={picked} disabled={upload !== null} />
      </label>
      <span className="import-video-hint">{dragging ? 'Drop the video to import it' : 'or drop an MP4, MOV, WebM or MKV file here'}</span>
      {line && (
        <div className="progress progress-normal" role="status">
          <span>{line.text}</span>
          {line.fraction !== null && <progress aria-label="Import upload" max={1} value={line.fraction} />}
        </div>
      )}
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
