import type { Migration } from './index';

export const accounts004: Migration = {
  version: 4,
  name: 'accounts',
  sql: `
-- Reelay Server's people: one owner, any number of members. Passwords are scrypt hashes.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  created_at INTEGER NOT NULL
);
-- at most one owner
CREATE UNIQUE INDEX accounts_one_owner ON accounts (role) WHERE role = 'owner';

-- Signed-in browsers. Only the SHA-256 of the cookie's value is kept: a copy of the database signs nobody in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- One-time invite links (hashed like sessions).
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL COLLATE NOCASE,
  invited_by TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- Access tokens for the HTTP API (Authorization: Bearer). Revoking one deletes its row.
CREATE TABLE access_tokens (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);

-- Who made a recording; null: made before accounts existed, or by the desktop app (the owner's).
ALTER TABLE recordings ADD COLUMN owner_id TEXT;

-- Who can watch a link: 'anyone' (no row), 'members', or 'password'; and until when. version grows
-- with every change, so a password grant given before a change stops working.
CREATE TABLE link_access (
  recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  watch TEXT NOT NULL CHECK (watch IN ('anyone', 'members', 'password')),
  password_hash TEXT,
  expires_at INTEGER,
  version INTEGER NOT NULL
);
`,
};
