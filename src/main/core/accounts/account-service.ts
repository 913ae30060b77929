// Reelay Server's accounts: the owner, members and their invites, sign-in sessions and access tokens.
// Secrets are made here and only their hashes stored (library/accounts-repo.ts).
import type { Account, AccessTokenCreated, AccessTokenInfo, Credentials, InviteCreated, InviteInfo, MembersView, PendingInvite } from '../../../shared/accounts';
import { ACCESS_TOKEN_PATTERN } from '../../../shared/accounts';
import { ReelayError } from '../errors';
import type { AccountRow, AccountsRepo, InviteRow, TokenRow } from '../library/accounts-repo';
import type { RecordingsRepo } from '../library/recordings-repo';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { requireAccount, requireOwner, seesAll, type Principal } from './principal';
import { checkAll, RateLimiter, type RateLimit } from './rate-limiter';
import { ACCESS_TOKEN_PREFIX, hashSecret, newId, newSecret } from './secret-tokens';

export const SESSION_TTL_MS = 14 * 24 * 3600_000;
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
/** failed sign-ins: per account (a guessed password) and per client (many accounts from one address) */
export const SIGN_IN_LIMITS: { account: RateLimit; client: RateLimit } = {
  account: { max: 5, windowMs: 15 * 60_000 },
  client: { max: 20, windowMs: 15 * 60_000 },
};
/** a token's last use is written at most this often: a token publishing segments would write on every call */
const TOKEN_TOUCH_MS = 60_000;

/** too many tries: the answer says when to come back */
export class RateLimitedError extends ReelayError {
  constructor(
    readonly retryAfterSec: number,
    what: string,
  ) {
    super('rate-limited', `Too many ${what}. Try again in ${retryAfterSec < 90 ? `${retryAfterSec} seconds` : `${Math.ceil(retryAfterSec / 60)} minutes`}.`);
  }
}

export interface SignedIn {
  account: Account;
  /** the session cookie's value: a fresh one at every sign-in */
  session: string;
  expiresAt: number;
}

export interface AccountServiceOptions {
  repo: AccountsRepo;
  recordings: RecordingsRepo;
  /** the server's public origin: invite links start with it */
  baseUrl: string;
  now: () => number;
  signInLimits?: { account: RateLimit; client: RateLimit };
  log?: (message: string) => void;
}

const accountOf = (r: AccountRow): Account => ({ id: r.id, email: r.email, role: r.role });
const inviteOf = (r: InviteRow): PendingInvite => ({ id: r.id, email: r.email, createdAt: r.created_at, expiresAt: r.expires_at });
const tokenOf = (r: TokenRow): AccessTokenInfo => ({ id: r.id, name: r.name, account: r.email, createdAt: r.created_at, lastUsedAt: r.last_used_at });

export class AccountService {
  private readonly perAccount: RateLimiter;
  private readonly perClient: RateLimiter;

  constructor(private readonly o: AccountServiceOptions) {
    const limits = o.signInLimits ?? SIGN_IN_LIMITS;
    this.perAccount = new RateLimiter(limits.account, o.now);
    this.perClient = new RateLimiter(limits.client, o.now);
  }

  needsOwner(): boolean {
    return this.o.repo.count() === 0;
  }

  /** first start: the owner account, once; a second try (another tab, a race) is refused */
  async createOwner(credentials: Credentials): Promise<SignedIn> {
    const row = await this.newAccountRow(credentials.email, credentials.password, 'owner');
    if (!this.o.repo.insertOwnerIfNone(row)) throw new ReelayError('conflict', 'This server already has its owner. Sign in instead.');
    return this.startSession(row);
  }

  /** headless setups: REELAY_OWNER_EMAIL and REELAY_OWNER_PASSWORD make the owner on first start; false when one exists */
  async ensureOwner(credentials: Credentials): Promise<boolean> {
    if (!this.needsOwner()) return false;
    return this.o.repo.insertOwnerIfNone(await this.newAccountRow(credentials.email, credentials.password, 'owner'));
  }

  async signIn(email: string, password: string, client: string): Promise<SignedIn> {
    const accountKey = email.trim().toLowerCase();
    const verdict = checkAll([this.perAccount.check(accountKey), this.perClient.check(client)]);
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSec, 'sign-in attempts');
    const row = this.o.repo.byEmail(accountKey);
    // an unknown email costs a hash too: the answer's time does not say which emails have accounts
    const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
    if (!row || !ok) {
      this.perAccount.fail(accountKey);
      this.perClient.fail(client);
      throw new ReelayError('unauthorized', 'Wrong email or password.');
    }
    this.perAccount.reset(accountKey);
    return this.startSession(row);
  }

  signOut(session: string): void {
    this.o.repo.deleteSession(hashSecret(session));
  }

  /** the account a session cookie signs in, if it is live */
  sessionAccount(session: string): Account | null {
    const row = this.o.repo.sessionAccount(hashSecret(session), this.o.now());
    return row ? accountOf(row) : null;
  }

  /** the account an access token acts as */
  tokenAccount(token: string): Account | null {
    if (!ACCESS_TOKEN_PATTERN.test(token)) return null;
    const row = this.o.repo.tokenAccount(hashSecret(token));
    if (!row) return null;
    const now = this.o.now();
    if (row.last_used_at === null || now - row.last_used_at >= TOKEN_TOUCH_MS) this.o.repo.touchToken(row.token_id, now);
    return accountOf(row);
  }

  // members

  members(who: Principal): MembersView {
    requireOwner(who, 'see its members');
    return {
      members: this.o.repo.list().map((r) => ({ ...accountOf(r), createdAt: r.created_at })),
      invites: this.o.repo.pendingInvites(this.o.now()).map(inviteOf),
    };
  }

  invite(who: Principal, email: string): InviteCreated {
    requireOwner(who, 'invite members');
    const by = requireAccount(who);
    if (this.o.repo.byEmail(email)) throw new ReelayError('conflict', `${email} already has an account on this server.`);
    const token = newSecret();
    const now = this.o.now();
    const row = { id: newId(), token_hash: hashSecret(token), email, invited_by: by.id, created_at: now, expires_at: now + INVITE_TTL_MS };
    this.o.repo.insertInvite(row);
    return { invite: inviteOf({ ...row, used_at: null }), link: `${this.o.baseUrl}/#/invite/${token}` };
  }

  revokeInvite(who: Principal, id: string): MembersView {
    requireOwner(who, 'revoke invites');
    if (!this.o.repo.deleteInvite(id)) throw new ReelayError('not-found', 'No such pending invite.');
    return this.members(who);
  }

  removeMember(who: Principal, id: string): MembersView {
    requireOwner(who, 'remove members');
    const row = this.o.repo.byId(id);
    if (!row) throw new ReelayError('not-found', 'No such member.');
    if (row.role === 'owner') throw new ReelayError('invalid-input', 'The owner cannot be removed.');
    // their sessions and tokens go with the account; their recordings and links stay, now the owner's
    this.o.recordings.disown(id);
    this.o.repo.delete(id);
    return this.members(who);
  }

  /** what an invite link's page shows; expired or used invites say so */
  inviteInfo(token: string): InviteInfo {
    return inviteInfoOf(this.usableInvite(token));
  }

  async acceptInvite(token: string, password: string): Promise<SignedIn> {
    const invite = this.usableInvite(token);
    if (this.o.repo.byEmail(invite.email)) throw new ReelayError('conflict', `${invite.email} already has an account on this server. Sign in instead.`);
    const row = await this.newAccountRow(invite.email, password, 'member');
    if (!this.o.repo.acceptInvite(invite.id, row, this.o.now())) throw new ReelayError('invalid-state', 'This invite was used or has expired. Ask the owner for a new one.');
    return this.startSession(row);
  }

  // access tokens

  tokens(who: Principal): AccessTokenInfo[] {
    const me = requireAccount(who);
    return this.o.repo.tokens(seesAll(who) ? null : me.id).map(tokenOf);
  }

  createToken(who: Principal, name: string): AccessTokenCreated {
    const me = requireAccount(who);
    const token = ACCESS_TOKEN_PREFIX + newSecret();
    const id = newId();
    this.o.repo.insertToken({ id, account_id: me.id, name, token_hash: hashSecret(token), created_at: this.o.now() });
    return { info: tokenOf(this.o.repo.tokenById(id)!), token };
  }

  revokeToken(who: Principal, id: string): AccessTokenInfo[] {
    const me = requireAccount(who);
    const row = this.o.repo.tokenById(id);
    // another member's token is as good as absent: its existence is not theirs to learn
    if (!row || (!seesAll(who) && row.account_id !== me.id)) throw new ReelayError('not-found', 'No such access token.');
    this.o.repo.deleteToken(id);
    return this.tokens(who);
  }

  private usableInvite(token: string): InviteRow {
    const invite = this.o.repo.inviteByToken(hashSecret(token));
    if (!invite) throw new ReelayError('not-found', 'This invite link is not valid. Ask the owner for a new one.');
    if (invite.used_at !== null) throw new ReelayError('invalid-state', 'This invite was already used. Sign in instead.');
    if (invite.expires_at <= this.o.now()) throw new ReelayError('invalid-state', 'This invite has expired (invites last 7 days). Ask the owner for a new one.');
    return invite;
  }

  private async newAccountRow(email: string, password: string, role: Account['role']): Promise<AccountRow> {
    return { id: newId(), email, password_hash: await hashPassword(password), role, created_at: this.o.now() };
  }

  private startSession(row: AccountRow): SignedIn {
    const session = newSecret();
    const now = this.o.now();
    const expiresAt = now + SESSION_TTL_MS;
    this.o.repo.deleteExpiredSessions(now);
    this.o.repo.insertSession(hashSecret(session), row.id, now, expiresAt);
    return { account: accountOf(row), session, expiresAt };
  }
}

function inviteInfoOf(r: InviteRow): InviteInfo {
  return { email: r.email, expiresAt: r.expires_at };
}
