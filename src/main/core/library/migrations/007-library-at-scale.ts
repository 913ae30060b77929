import type { Migration } from './index';

export const libraryAtScale007: Migration = {
  version: 7,
  name: 'library-at-scale',
  sql: `
-- The library's queries at 10,000 recordings. Before this, every per-recording uploads lookup (upload
-- progress, "is the poster published") scanned the whole uploads table: uploads_pending leads with
-- state. recordings.list paid that twice per row (5 s at 10k recordings).
CREATE INDEX uploads_by_recording ON uploads (recording_id, key, state);
-- the library page: newest/oldest, by length, by title, per member, per state
CREATE INDEX recordings_by_created ON recordings (created_at, id);
CREATE INDEX recordings_by_owner ON recordings (owner_id, created_at, id);
CREATE INDEX recordings_by_duration ON recordings (duration_ms, created_at, id);
CREATE INDEX recordings_by_title ON recordings (title COLLATE NOCASE, id);
CREATE INDEX recordings_by_state ON recordings (state, created_at, id);
-- bytes of the recording's files on this computer (its intake folder and, when shared from here, its
-- published copy), measured when it settles (ready, HD versions done, a copy deleted); null: not yet
ALTER TABLE recordings ADD COLUMN size_bytes INTEGER;
-- the storage used in all, per member: summed from this narrow index, not from the rows
CREATE INDEX recordings_sizes ON recordings (owner_id, state, size_bytes);
`,
};
