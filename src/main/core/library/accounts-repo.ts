// SQL for accounts and their credentials: sessions, invites, access tokens. No policy here: the
// account service decides (hashing, expiry, roles).
import type { Database } from 'better-sqlite3';
import { jsonList } from './statements';
import type { Role } from '../../../shared/accounts';

export interface AccountRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  created_at: number;
}

export interface InviteRow {
  id: string;
  token_hash: string;
  email: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface TokenRow {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  email: string;
}

export class AccountsRepo {
  constructor(private readonly db: Database) {}

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM accounts').pluck().get() as number;
  }

  insert(row: AccountRow): void {
    this.db.prepare('INSERT INTO accounts (id, email, password_hash, role, created_at) VALUES (@id, @email, @password_hash, @role, @created_at)').run(row);
  }

  /** the owner, if none exists yet: false when another request made one first */
  insertOwnerIfNone(row: AccountRow): boolean {
    return this.db.transaction(() => {
      if (this.count() > 0) return false;
      this.insert(row);
      return true;
    }).immediate();
  }

  byId(id: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }

  /** the emails of these accounts, by id (a library page's owners); a removed account is absent */
  emailsOf(ids: readonly string[]): Map<string, string> {
    const rows = this.db.prepare('SELECT id, email FROM accounts WHERE id IN (SELECT value FROM json_each(?))').all(jsonList(ids)) as Array<{ id: string; email: string }>;
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  byEmail(email: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(email) as AccountRow | undefined;
  }

  owner(): AccountRow | undefined {
    return this.db.prepare(`SELECT * FROM accounts WHERE role = 'owner'`).get() as AccountRow | undefined;
  }

  list(): AccountRow[] {
    return this.db.prepare('SELECT * FROM accounts ORDER BY created_at').all() as AccountRow[];
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }

  // sessions

  insertSession(tokenHash: string, accountId: string, createdAt: number, expiresAt: number): void {
    this.db.prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash, accountId, createdAt, expiresAt);
  }

  /** the account a live session belongs to */
  sessionAccount(tokenHash: string, now: number): AccountRow | undefined {
    return this.db
      .prepare('SELECT a.* FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?')
      .get(tokenHash, now) as AccountRow | undefined;
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteExpiredSessions(now: number): void {
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }

  // invites

  insertInvite(row: Omit<InviteRow, 'used_at'>): void {
    this.db
      .prepare('INSERT INTO invites (id, token_hash, email, invited_by, created_at, expires_at) VALUES (@id, @token_hash, @email, @invited_by, @created_at, @expires_at)')
      .run(row);
  }

  inviteByToken(tokenHash: string): InviteRow | undefined {
    return this.db.prepare('SELECT * FROM invites WHERE token_hash = ?').get(tokenHash) as InviteRow | undefined;
  }

  pendingInvites(now: number): InviteRow[] {
    return this.db.prepare('SELECT * FROM invites WHERE used_at IS NULL AND expires_at > ? ORDER BY created_at').all(now) as InviteRow[];
  }

  deleteInvite(id: string): boolean {
    return this.db.prepare('DELETE FROM invites WHERE id = ? AND used_at IS NULL').run(id).changes > 0;
  }

  /** uses the invite and makes its member in one step: an invite makes one account, even if two tabs race */
  acceptInvite(inviteId: string, account: AccountRow, now: number): boolean {
    return this.db.transaction(() => {
      const used = this.db.prepare('UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?').run(now, inviteId, now);
      if (used.changes === 0) return false;
      this.insert(account);
      return true;
    }).immediate();
  }

  // access tokens

  insertToken(row: Omit<TokenRow, 'last_used_at' | 'email'>): void {
    this.db.prepare('INSERT INTO access_tokens (id, account_id, name, token_hash, created_at) VALUES (@id, @account_id, @name, @token_hash, @created_at)').run(row);
  }

  tokenAccount(tokenHash: string): (AccountRow & { token_id: string; last_used_at: number | null }) | undefined {
    return this.db
      .prepare('SELECT a.*, t.id AS token_id, t.last_used_at FROM access_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?')
      .get(tokenHash) as (AccountRow & { token_id: string; last_used_at: number | null }) | undefined;
  }

  touchToken(id: string, at: number): void {
    this.db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  /** every token, or one account's */
  tokens(accountId: string | null): TokenRow[] {
    const sql = 'SELECT t.*, a.email FROM access_tokens t JOIN accounts a ON a.id = t.account_id';
    return (accountId === null
      ? this.db.prepare(`${sql} ORDER BY t.created_at`).all()
      : this.db.prepare(`${sql} WHERE t.account_id = ? ORDER BY t.created_at`).all(accountId)) as TokenRow[];
  }

  tokenById(id: string): TokenRow | undefined {
    return this.db.prepare('SELECT t.*, a.email FROM access_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.id = ?').get(id) as TokenRow | undefined;
  }

  deleteToken(id: string): void {
    this.db.prepare('DELETE FROM access_tokens WHERE id = ?').run(id);
  }
}
