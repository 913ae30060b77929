// One recording in the library grid.
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Recording } from '../../../../shared/domain';
import type { AccessRequest } from './access-form';
import { WhoCanWatch } from './WhoCanWatch';
import { InsightsPanel } from './InsightsPanel';
import { CommentsPanel } from './CommentsPanel';
import { embedCode } from './embed-code';
import { CaptionsPanel } from './CaptionsPanel';
import { ChaptersPanel } from './ChaptersPanel';
import { ActivityBadge } from '../activity/ActivityBadge';
import { ImportingLine } from './ImportingLine';
import { revealBlocked } from './reveal';
import { backfillLine, displayTitle, formatBytes, formatDateTime, formatDuration, stateLabel, uploadLine, type ProgressLine } from './format';

export interface RecordingCardProps {
  recording: Recording;
  onRename: (title: string) => Promise<void>;
  onDelete: () => void;
  onCopy: (link: string) => Promise<void>;
  onRetryBackfill: () => Promise<void>;
  /** Reelay Server: who may watch the link */
  onSetAccess?: (request: AccessRequest) => Promise<void>;
  /** the member who made it, when it is not the signed-in account's own (the owner sees everyone's) */
  madeBy?: string | null;
  /** desktop app: shows its files in the file manager */
  onReveal?: () => Promise<void>;
}

export function RecordingCard({ recording, onRename, onDelete, onCopy, onRetryBackfill, onSetAccess, madeBy = null, onReveal }: RecordingCardProps): ReactNode {
  const title = displayTitle(recording);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [embedCopied, setEmbedCopied] = useState(false);
  const embed = embedCode(recording, title);
  const upload = uploadLine(recording.upload);
  const backfill = backfillLine(recording.backfill);
  const live = recording.state === 'recording' || recording.state === 'paused';
  const cannotReveal = revealBlocked(recording);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    const next = draft.trim();
    if (!next || next === recording.title) return setEditing(false);
    setSaving(true);
    try {
      await onRename(next);
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(`Could not rename: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <article className="card" aria-label={title}>
      <a className="card-poster" href={recording.copies.published ? recording.link : undefined} target="_blank" rel="noreferrer" tabIndex={-1} aria-hidden="true">
        {recording.posterUrl ? <img src={recording.posterUrl} alt="" loading="lazy" /> : <div className="card-poster-empty" />}
        <span className="card-duration">{formatDuration(recording.durationMs)}</span>
        {live && <span className="card-live">{recording.state === 'paused' ? 'Paused' : 'Live'}</span>}
      </a>

      <div className="card-body">
        {editing ? (
          <form className="rename" onSubmit={(e) => void save(e)}>
            <input
              aria-label="Title"
              value={draft}
              maxLength={200}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
            />
            <button type="submit" className="button-primary" disabled={saving}>
              Save
            </button>
            <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
              Keep name
            </button>
          </form>
        ) : (
          <h3 className="card-title" title={title}>
            {title}
          </h3>
        )}

        <p className="card-meta">
          <span>{formatDateTime(recording.createdAt)}</span>
          <span aria-label="Duration">{formatDuration(recording.durationMs)}</span>
          <span className={`badge badge-${recording.state}`}>{recording.importing ? 'Importing' : stateLabel(recording.state)}</span>
          {recording.sizeBytes !== null && <span aria-label="Size">{formatBytes(recording.sizeBytes)}</span>}
          {madeBy && <span aria-label="Made by">by {madeBy}</span>}
        </p>

        <ActivityBadge recordingId={recording.id} />
        {recording.importing && <ImportingLine progress={recording.importing} />}
        {upload && <Progress line={upload} label="Upload" />}
        {backfill && <Progress line={backfill} label="HD versions" />}
        {recording.backfill.state === 'failed' && (
          <button
            type="button"
            className="button-secondary"
            aria-label="Try HD versions again"
            onClick={() => void onRetryBackfill().then(() => setError(null), (e: unknown) => setError(`Could not try again: ${e instanceof Error ? e.message : String(e)}`))}
          >
            Try again
          </button>
        )}
        {error && (
          <p className="status status-error" role="alert">
            {error}
          </p>
        )}

        {!recording.copies.published && (
          <p className="status" role="note">
            Link taken down: this recording is no longer published, so its link does not play.
          </p>
        )}

        {onSetAccess && recording.copies.published && <WhoCanWatch access={recording.access} onSave={onSetAccess} />}
        {recording.copies.published && <InsightsPanel recordingId={recording.id} />}
        {recording.copies.published && <CommentsPanel recordingId={recording.id} link={recording.link} />}
        {recording.copies.published && !live && recording.state !== 'created' && <CaptionsPanel recordingId={recording.id} />}
        {recording.copies.published && !live && recording.state !== 'created' && <ChaptersPanel recordingId={recording.id} />}

        <div className="card-actions">
          {recording.copies.published && (
            <>
              <a className="card-link" href={recording.link} target="_blank" rel="noreferrer" aria-label={`Open ${title}`}>
                Open
              </a>
              <button
                type="button"
                className="button-secondary"
                onClick={() => onCopy(recording.link).then(() => setCopied(true), () => setCopied(false))}
              >
                {copied ? 'Copied' : 'Copy link'}
              </button>
              {embed && (
                <button type="button" className="button-secondary" onClick={() => onCopy(embed).then(() => setEmbedCopied(true), () => setEmbedCopied(false))}>
                  {embedCopied ? 'Embed code copied' : 'Copy embed code'}
                </button>
              )}
            </>
          )}
          {recording.downloadUrl && (
            <a className="card-link" href={recording.downloadUrl} download={`${title}.mp4`} aria-label={`Download MP4 of ${title}`}>
              Download MP4
            </a>
          )}
          {onReveal && (
            <button
              type="button"
              className="button-secondary"
              disabled={cannotReveal !== null}
              title={cannotReveal ?? 'Show its files in your file manager'}
              onClick={() => void onReveal().then(() => setError(null), (e: unknown) => setError(`Could not reveal in folder: ${e instanceof Error ? e.message : String(e)}`))}
            >
              Reveal in folder
            </button>
          )}
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(recording.title || title);
              setEditing(true);
            }}
          >
            Rename
          </button>
          <button type="button" className="button-secondary button-danger-text" onClick={onDelete}>
            Delete
          </button>
        </div>
      </div>
    </article>
  );
}

function Progress({ line, label }: { line: ProgressLine; label: string }): ReactNode {
  return (
    <div className={`progress progress-${line.tone}`}>
      <span>{line.text}</span>
      {line.fraction !== null && (
        <progress aria-label={label} max={1} value={line.fraction}>
          {Math.round(line.fraction * 100)}%
        </progress>
      )}
    </div>
  );
}
