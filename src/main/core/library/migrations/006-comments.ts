import type { Migration } from './index';

export const comments006: Migration = {
  version: 6,
  name: 'comments',
  sql: `
-- Comments and reactions viewers post on a link. body: the text exactly as posted (shown as text,
-- never as HTML), or one of the reaction emoji. A member's comment names the account (a removed
-- member's comments stay, without a name); a guest's names itself. deleted_at: the owner deleted it.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('comment', 'reaction')),
  at_sec REAL NOT NULL CHECK (at_sec >= 0),
  body TEXT NOT NULL,
  account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
  guest_name TEXT,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX comments_by_recording ON comments (recording_id, kind, created_at);
-- a recording whose owner turned guest comments off has a row here (no row: guests may comment)
CREATE TABLE comment_settings (
  recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  guest_comments INTEGER NOT NULL CHECK (guest_comments IN (0, 1))
);
-- when each account last opened a recording's comments in the library (its "new" count starts there)
CREATE TABLE comment_reads (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  reader TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (recording_id, reader)
);
`,
};
