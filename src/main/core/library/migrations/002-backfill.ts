import type { Migration } from './index';

export const backfill002: Migration = {
  version: 2,
  name: 'backfill',
  sql: `
-- One backfill job per recording: the ladder, poster, thumbnails and download made from its master.
-- state: queued | running | done | failed | cancelled. A job found 'running' at start was interrupted
-- (a crash or a quit) and runs again. Each *_at marks a published product, so a job that runs again
-- does not publish it twice.
CREATE TABLE backfill_jobs (
  recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  progress REAL NOT NULL DEFAULT 0,
  eta_seconds REAL,
  error TEXT,
  -- 'ffmpeg-missing' (runs again when the ffmpeg setting changes) or 'internal'
  error_code TEXT,
  poster_at INTEGER,
  renditions_at INTEGER,
  thumbnails_at INTEGER,
  download_at INTEGER,
  -- what was made, for the library and the logs (JSON: rungs, sizes, timings)
  summary TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX backfill_jobs_next ON backfill_jobs (state, next_attempt_at);
`,
};
