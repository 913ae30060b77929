import type { Migration } from './index';

export const uploadLanes003: Migration = {
  version: 3,
  name: 'upload-lanes',
  sql: `
-- Which lane an upload rides: 'live' (what makes the link play: the live rendition, playlists, status,
-- the viewer page) or 'backfill' (HD rungs, poster, thumbnails, MP4). Live uploads of any recording
-- go before backfill uploads of every recording.
ALTER TABLE uploads ADD COLUMN lane TEXT NOT NULL DEFAULT 'live';
`,
};
