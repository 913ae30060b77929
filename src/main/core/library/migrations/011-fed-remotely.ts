import type { Migration } from './index';

export const fedRemotely011: Migration = {
  version: 11,
  name: 'fed-remotely',
  sql: `
-- 1: the recording was made on another machine (a desktop app publishing to this server through the
-- publish API): its files arrive ready-made, its state comes from its status.json, and nothing here
-- captures, recovers or re-renders it.
ALTER TABLE recordings ADD COLUMN fed_remotely INTEGER NOT NULL DEFAULT 0;
`,
};
