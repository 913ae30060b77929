// Search by title as you type, sort, and show one state: the library's query, as the user sets it.
import { useEffect, useState, type ReactNode } from 'react';
import { LIBRARY_FILTERS, LIBRARY_SORTS, type LibraryFilter, type LibrarySort } from '../../../../shared/library';
import type { LibraryQuery } from './useRecordings';

const SORT_LABELS: Record<LibrarySort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  title: 'Title (A–Z)',
  length: 'Longest first',
  views: 'Most viewed',
};

const FILTER_LABELS: Record<LibraryFilter, string> = {
  recording: 'Recording',
  ready: 'Ready',
  hd: 'Making HD versions',
  uploading: 'Uploading',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** typing waits this long for the next key before it asks the core */
const SEARCH_DELAY_MS = 200;

export function LibraryToolbar({ query, onChange }: { query: LibraryQuery; onChange: (q: LibraryQuery) => void }): ReactNode {
  const [text, setText] = useState(query.query);
  useEffect(() => {
    if (text === query.query) return;
    const timer = setTimeout(() => onChange({ ...query, query: text }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, query, onChange]);

  return (
    <div className="library-toolbar" role="search">
      <input type="search" aria-label="Search recordings" placeholder="Search by title" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      <label>
        Sort
        <select aria-label="Sort" value={query.sort} onChange={(e) => onChange({ ...query, sort: e.target.value as LibrarySort })}>
          {LIBRARY_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Show
        <select aria-label="Show" value={query.show ?? ''} onChange={(e) => onChange({ ...query, show: e.target.value === '' ? null : (e.target.value as LibraryFilter) })}>
          <option value="">All recordings</option>
          {LIBRARY_FILTERS.map((f) => (
            <option key={f} value={f}>
              {FILTER_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
