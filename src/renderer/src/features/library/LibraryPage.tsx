// All recordings, newest first, as the database has them.
import { useState, type ReactNode } from 'react';
import type { Recording } from '../../../../shared/domain';
import { useApi } from '../../api/ApiContext';
import { useAccount } from '../account/AuthGate';
import { DeleteDialog, type DeleteFrom } from './DeleteDialog';
import { displayTitle } from './format';
import { RecordingCard } from './RecordingCard';
import { ImportVideo } from './ImportVideo';
import { useRecordings } from './useRecordings';
import './LibraryPage.css';

export function LibraryPage(): ReactNode {
  const api = useApi();
  const library = useRecordings(api);
  const signedIn = useAccount();
  const [deleting, setDeleting] = useState<Recording | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const visible = library.items.filter((r) => r.state !== 'cancelled');

  async function remove(from: DeleteFrom): Promise<void> {
    if (!deleting) return;
    setBusy(true);
    try {
      await api.call('recordings.delete', { id: deleting.id, from });
      setDeleting(null);
      setDeleteError(null);
    } catch (e) {
      setDeleteError(`Could not delete: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="library" aria-label="Library">
      <h1 className="page-title">Library</h1>
      <ImportVideo onImported={library.received} />
      {library.status === 'loading' && <p className="status">Loading recordings…</p>}
      {library.status === 'error' && (
        <p className="status status-error" role="alert">
          The library could not be loaded: {library.error}
        </p>
      )}
      {library.status === 'ready' && visible.length === 0 && (
        <p className="empty">
          No recordings yet. <a href="#/record">Record your first one.</a>
        </p>
      )}
      <div className="grid" role="list" aria-label="Recordings">
        {visible.map((recording) => (
          <div role="listitem" key={recording.id}>
            <RecordingCard
              recording={recording}
              onCopy={(link) => navigator.clipboard.writeText(link)}
              onRename={async (title) => library.received(await api.call('recordings.rename', { id: recording.id, title }))}
              onRetryBackfill={async () => library.received(await api.call('recordings.retryBackfill', { id: recording.id }))}
              onSetAccess={signedIn ? async (request) => library.received(await api.call('recordings.setAccess', { id: recording.id, ...request })) : undefined}
              madeBy={signedIn && recording.owner !== null && recording.owner !== signedIn.account.email ? recording.owner : null}
              onDelete={() => {
                setDeleteError(null);
                setDeleting(recording);
              }}
            />
          </div>
        ))}
      </div>
      <DeleteDialog
        recording={deleting}
        title={deleting ? displayTitle(deleting) : ''}
        busy={busy}
        error={deleteError}
        onDelete={(from) => void remove(from)}
        onDismiss={() => !busy && setDeleting(null)}
      />
    </section>
  );
}
