import type { Migration } from './index';

export const insightReads010: Migration = {
  version: 10,
  name: 'insight-reads',
  sql: `
-- when each reader (an account id, or 'local': the desktop app's user) last opened a recording's
-- insights in the library: its "new views" count starts there (comment_reads does the same for comments)
CREATE TABLE insight_reads (
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  reader TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (recording_id, reader)
);
`,
};
