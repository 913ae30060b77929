// Who is asking: the desktop app's own user (IPC), or a Reelay Server account (session or token).
// Every control call carries one; what it may touch is decided here.
import type { Account } from '../../../shared/accounts';
import type { RecordingRow } from '../library/recordings-repo';
import { ReelayError } from '../errors';

export type Principal = { kind: 'local' } | { kind: 'account'; account: Account; via: 'session' | 'token' };

/** the desktop app's user: the whole app is theirs */
export const LOCAL: Principal = { kind: 'local' };

export function seesAll(who: Principal): boolean {
  return who.kind === 'local' || who.account.role === 'owner';
}

/** the account a new recording belongs to (null on the desktop) */
export function ownerIdOf(who: Principal): string | null {
  return who.kind === 'account' ? who.account.id : null;
}

/** a member's recordings are theirs; the owner's (and the desktop user's) are all */
export function mayManage(who: Principal, rec: RecordingRow): boolean {
  return seesAll(who) || (who.kind === 'account' && rec.owner_id === who.account.id);
}

export function requireOwner(who: Principal, what: string): void {
  if (!seesAll(who)) throw new ReelayError('forbidden', `Only the owner of this Reelay Server can ${what}.`);
}

export function requireAccount(who: Principal): Account {
  if (who.kind !== 'account') throw new ReelayError('forbidden', 'Accounts and access tokens are part of Reelay Server (npm run serve); the desktop app has none.');
  return who.account;
}

/** whose "seen" marks (comments, insights) a caller reads and moves: their account, or the desktop's user */
export const readerOf = (who: Principal): string => (who.kind === 'account' ? who.account.id : 'local');
