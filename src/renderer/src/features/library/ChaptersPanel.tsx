// Per stopped recording: its chapters, edited as rows (a time and a title), saved all at once. The
// viewer shows them on the seek bar and in a list; the link also takes ?t= to start at a time.
import { useState, type ReactNode } from 'react';
import type { Chapter } from '../../../../shared/chapters';
import { useApi } from '../../api/ApiContext';
import { chaptersFromRows, rowsFromChapters, type ChapterRow } from './chapters-form';
import './CaptionsChapters.css';

const EMPTY_ROW: ChapterRow = { time: '', title: '' };

export function ChaptersPanel({ recordingId }: { recordingId: string }): ReactNode {
  const api = useApi();
  const [rows, setRows] = useState<ChapterRow[] | null>(null);
  const [saved, setSaved] = useState<Chapter[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    try {
      const chapters = await api.call('recordings.chapters', { id: recordingId });
      setSaved(chapters);
      setRows(chapters.length > 0 ? rowsFromChapters(chapters) : [{ ...EMPTY_ROW }]);
      setError(null);
    } catch (e) {
      setError(`Could not load chapters: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function save(): Promise<void> {
    if (!rows) return;
    setNote(null);
    // the recording's length is checked by the core, which knows it exactly
    const checked = chaptersFromRows(rows, Number.POSITIVE_INFINITY);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setBusy(true);
    try {
      const chapters = await api.call('recordings.setChapters', { id: recordingId, chapters: checked.chapters });
      setSaved(chapters);
      setRows(chapters.length > 0 ? rowsFromChapters(chapters) : [{ ...EMPTY_ROW }]);
      setError(null);
      setNote(chapters.length === 0 ? 'Chapters removed.' : `Saved ${chapters.length} ${chapters.length === 1 ? 'chapter' : 'chapters'}.`);
    } catch (e) {
      setError(`Could not save chapters: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const edit = (i: number, patch: Partial<ChapterRow>) => setRows((r) => r && r.map((row, j) => (j === i ? { ...row, ...patch } : row)));

  return (
    <details className="extras-panel" onToggle={(e) => (e.currentTarget.open && rows === null ? void load() : undefined)}>
      <summary>Chapters{saved.length > 0 ? ` (${saved.length})` : ''}</summary>
      {rows && (
        <>
          <ol className="chapters-rows" aria-label="Chapters of this recording">
            {rows.map((row, i) => (
              <li key={i}>
                <input className="chapter-time" aria-label={`Chapter ${i + 1} time`} placeholder="1:30" value={row.time} onChange={(e) => edit(i, { time: e.target.value })} />
                <input className="chapter-title" aria-label={`Chapter ${i + 1} title`} placeholder="Title" maxLength={100} value={row.title} onChange={(e) => edit(i, { title: e.target.value })} />
                <button type="button" className="button-secondary" aria-label={`Remove chapter ${i + 1}`} onClick={() => setRows((r) => r && r.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <div className="extras-actions">
            <button type="button" className="button-secondary" onClick={() => setRows((r) => [...(r ?? []), { ...EMPTY_ROW }])}>
              Add chapter
            </button>
            <button type="button" disabled={busy} onClick={() => void save()}>
              Save chapters
            </button>
          </div>
        </>
      )}
      {note && (
        <p className="status" role="status">
          {note}
        </p>
      )}
      {error && (
        <p className="status status-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
