// Per recording: its comments and reactions (counts on the summary, new since the caller last opened
// them), the list with Delete for each comment, and whether guests may comment. The list is asked for
// when the section is opened, which marks the comments seen. Text is rendered by React, as text.
import { useEffect, useState, type ReactNode } from 'react';
import type { CommentCounts, RecordingComments } from '../../../../shared/comments';
import { useApi } from '../../api/ApiContext';
import { atTime, authorName, commentsSummary, countsLine } from './comments-view';
import { formatDateTime } from './format';
import './CommentsPanel.css';

export function CommentsPanel({ recordingId, link }: { recordingId: string; link: string }): ReactNode {
  const api = useApi();
  const [counts, setCounts] = useState<CommentCounts | null>(null);
  const [view, setView] = useState<RecordingComments | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('recordings.commentCounts', { id: recordingId }).then(
      (c) => live && setCounts(c),
      () => undefined, // the summary stays plain; opening the section says what is wrong
    );
    return () => {
      live = false;
    };
  }, [api, recordingId]);

  async function run(what: string, call: () => Promise<RecordingComments>): Promise<boolean> {
    setBusy(true);
    try {
      const next = await call();
      setView(next);
      if (next.available) setCounts({ comments: next.comments, reactions: next.reactions, unseen: 0 });
      setError(null);
      return true;
    } catch (e) {
      setError(`Could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** the box follows the click at once; the server's answer is the truth, and a refusal reloads it */
  async function setGuests(allowed: boolean): Promise<void> {
    setView((v) => (v?.available ? { ...v, guestComments: allowed } : v));
    if (!(await run('change who may comment', () => api.call('recordings.setGuestComments', { id: recordingId, allowed })))) await load();
  }

  const load = () => run('load comments', () => api.call('recordings.comments', { id: recordingId }));

  return (
    <details className="comments-panel" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary>{commentsSummary(counts)}</summary>
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
      {view === null && busy && <p className="status">Loading…</p>}
      {view && !view.available && (
        <p className="status" role="note">
          {view.reason}
        </p>
      )}
      {view?.available && (
        <>
          <p className="comments-panel-counts">{countsLine({ comments: view.comments, reactions: view.reactions, unseen: view.unseen })}</p>
          <label className="comments-panel-guests">
            <input
              type="checkbox"
              checked={view.guestComments}
              disabled={busy}
              onChange={(e) => void setGuests(e.target.checked)}
            />
            Guests can comment (on a link open to anyone, viewers who are not signed in comment under a name they give)
          </label>
          <ol className="comments-panel-list" aria-label="Comments on this recording">
            {view.items
              .filter((i) => i.kind === 'comment')
              .map((c) => (
                <li key={c.id}>
                  <p className="comments-panel-meta">
                    <a href={`${link}?t=${Math.floor(c.atSec)}`} target="_blank" rel="noreferrer">
                      {atTime(c.atSec)}
                    </a>{' '}
                    <span className="comments-panel-author">{authorName(c.author)}</span> <span className="comments-panel-when">{formatDateTime(c.createdAt)}</span>
                  </p>
                  <p className="comments-panel-body">{c.body}</p>
                  <button
                    type="button"
                    className="button-secondary button-danger-text"
                    aria-label={`Delete comment by ${authorName(c.author)} at ${atTime(c.atSec)}`}
                    disabled={busy}
                    onClick={() => void run('delete the comment', () => api.call('recordings.deleteComment', { id: recordingId, commentId: c.id }))}
                  >
                    Delete
                  </button>
                </li>
              ))}
          </ol>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void load()}>
            Refresh
          </button>
        </>
      )}
    </details>
  );
}
