import type { Migration } from './index';

export const captionsChapters008: Migration = {
  version: 8,
  name: 'captions-chapters',
  sql: `
-- A recording's captions: the WebVTT text as checked (shared/captions.ts), the name and language the
-- master playlist gives them. listed_after_upload_id: the upload of captions.m3u8 after which a master
-- may name the subtitles rendition (as renditions.listed_after_upload_id does for a rendition).
CREATE TABLE captions (
  recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  vtt TEXT NOT NULL,
  label TEXT NOT NULL,
  language TEXT,
  cues INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  listed_after_upload_id INTEGER
);
-- A recording's chapters, in time order (no two at the same moment).
CREATE TABLE chapters (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
  title TEXT NOT NULL,
  PRIMARY KEY (recording_id, at_ms)
);
`,
};
