// The library: the recordings the database has, searched by title, sorted and filtered, a page at a time.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Recording } from '../../../../shared/domain';
import { useApi } from '../../api/ApiContext';
import { useAccount } from '../account/AuthGate';
import { DeleteDialog, type DeleteFrom } from './DeleteDialog';
import { displayTitle, formatBytes } from './format';
import { RecordingCard } from './RecordingCard';
import { ImportVideo } from './ImportVideo';
import { LibraryToolbar } from './LibraryToolbar';
import { useRecordings, type LibraryQuery } from './useRecordings';
import { useAppInfo } from '../../api/useAppInfo';
import { offersReveal } from './reveal';
import './LibraryPage.css';

export function LibraryPage(): ReactNode {
  const api = useApi();
  const [query, setQuery] = useState<LibraryQuery>({ query: '', sort: 'newest', show: null });
  const library = useRecordings(api, query);
  const signedIn = useAccount();
  const reveals = offersReveal(useAppInfo(api));
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
      <LibraryToolbar query={query} onChange={setQuery} />
      {library.status === 'ready' && (
        <p className="library-summary" aria-live="polite">
          <span>{library.total === 1 ? '1 recording' : `${library.total} recordings`}</span>
          <span aria-label="Storage used">Storage used: {formatBytes(library.totalBytes)}</span>
        </p>
      )}
      {library.status === 'loading' && <p className="status">Loading recordings…</p>}
      {library.status === 'error' && (
        <p className="status status-error" role="alert">
          The library could not be loaded: {library.error}
        </p>
      )}
      {library.status === 'ready' && visible.length === 0 && (query.query.trim() || query.show) && <p className="empty">No recordings match.</p>}
      {library.status === 'ready' && visible.length === 0 && !query.query.trim() && !query.show && (
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
              onReveal={reveals ? async () => void (await api.call('recordings.reveal', { id: recording.id })) : undefined}
              madeBy={signedIn && recording.owner !== null && recording.owner !== signedIn.account.email ? recording.owner : null}
              onDelete={() => {
                setDeleteError(null);
                setDeleting(recording);
              }}
            />
          </div>
        ))}
      </div>
      {library.status === 'ready' && library.next !== null && <MoreSentinel onMore={library.more} shown={visible.length} total={library.total} />}
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

/** loads the next page when it scrolls into view; a button for keyboards (and browsers without IntersectionObserver) */
function MoreSentinel({ onMore, shown, total }: { onMore: () => void; shown: number; total: number }): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMore(), { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [onMore]);
  return (
    <div className="library-more" ref={ref}>
      <button type="button" className="button-secondary" onClick={onMore}>
        Show more ({shown} of {total})
      </button>
    </div>
  );
}
