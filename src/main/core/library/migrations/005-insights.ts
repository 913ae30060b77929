import type { Migration } from './index';

export const insights005: Migration = {
  version: 5,
  name: 'insights',
  sql: `
-- What viewer pages report, one row per accepted beacon; rows are only ever added (the figures are
-- computed from them when asked). played: the session's played ranges so far, JSON [[start, end], ...]
-- in seconds. account_id: the viewer's signed-in account, if any (a removed member becomes anonymous).
CREATE TABLE insight_beacons (
  id INTEGER PRIMARY KEY,
  recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  viewer_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  account_id TEXT REFERENCES accounts(id) ON DELETE SET NULL,
  received_at INTEGER NOT NULL,
  played TEXT NOT NULL
);
CREATE INDEX insight_beacons_by_recording ON insight_beacons (recording_id, received_at);
-- a new beacon is checked against its session's earlier ones
CREATE INDEX insight_beacons_by_session ON insight_beacons (recording_id, viewer_id, session_id);
`,
};
