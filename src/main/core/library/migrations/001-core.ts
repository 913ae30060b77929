import type { Migration } from './index';

export const core001: Migration = {
  version: 1,
  name: 'core',
  sql: `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  share_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  stopped_at INTEGER,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  width INTEGER,
  height INTEGER,
  fps REAL,
  link TEXT NOT NULL,
  -- where this recording is published (JSON, no secrets); later storage changes do not move it
  storage_target TEXT NOT NULL,
  -- the user removed the intake files from this computer / the published copy from the storage
  local_deleted INTEGER NOT NULL DEFAULT 0,
  published_deleted INTEGER NOT NULL DEFAULT 0
);

-- One row per HLS rendition. state: live (growing, listed at once), building (backfill writing it,
-- not listed), ready (complete; listed once every file under it is published).
CREATE TABLE renditions (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  codecs TEXT NOT NULL,
  width INTEGER,
  height INTEGER,
  frame_rate REAL,
  bitrate INTEGER NOT NULL,
  init_bytes INTEGER,
  -- listed in master.m3u8 by every master rendered after this upload (its first or final media playlist)
  listed_after_upload_id INTEGER,
  PRIMARY KEY (recording_id, name)
);

CREATE TABLE segments (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  rendition TEXT NOT NULL,
  seq INTEGER NOT NULL,
  duration_sec REAL NOT NULL,
  bytes INTEGER NOT NULL,
  -- the upload that publishes it: a playlist rendered by upload N names exactly the segments with upload_id < N
  upload_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (recording_id, rendition, seq)
);

CREATE TABLE master_chunks (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  mime_type TEXT NOT NULL,
  PRIMARY KEY (recording_id, seq)
);

-- The persistent publish queue. Files are sent in id order per recording. A 'generated' item
-- (a playlist, the viewer page) is rendered from the database when it is sent, never before.
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  source TEXT NOT NULL,            -- 'file' | 'generated'
  source_path TEXT,                -- for 'file': absolute path of the durable local file
  generator TEXT,                  -- for 'generated': what renders it
  content_type TEXT NOT NULL,
  cache_control TEXT NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,             -- 'pending' | 'done' | 'skipped'
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX uploads_pending ON uploads (state, recording_id, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
