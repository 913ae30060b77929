// Who may watch a link: the rule per recording (anyone, signed-in members, a password; an expiry),
// and the decision for one request. A viewer who typed the password gets a grant: a signed cookie
// naming the rule's version, so changing the rule or the password ends every grant given before.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ANYONE, type Account, type LinkAccess } from '../../../shared/accounts';
import type { MethodInput } from '../../../shared/api';
import { ReelayError } from '../errors';
import type { InternalEvents } from '../events';
import type { LinkAccessRepo, LinkAccessRow } from '../library/link-access-repo';
import type { RecordingRow } from '../library/recordings-repo';
import { RateLimitedError } from './account-service';
import { hashPassword, verifyPassword } from './passwords';
import { mayManage, type Principal } from './principal';
import { RateLimiter, type RateLimit } from './rate-limiter';

/** a password grant lasts this long (or until the link expires, or its rule changes) */
export const GRANT_TTL_MS = 12 * 3600_000;
/** wrong link passwords per link and client */
export const UNLOCK_LIMIT: RateLimit = { max: 10, windowMs: 15 * 60_000 };

export type LinkDecision =
  | { ok: true; restricted: boolean }
  | { ok: false; status: 401; reason: 'members' | 'password' }
  | { ok: false; status: 410; reason: 'expired' };

/** what the request brings: its signed-in account (session cookie; looked up only when the rule asks), and the link's grant cookie */
export interface Viewer {
  account: () => Account | null;
  grant: string | undefined;
}

export interface LinkAccessOptions {
  repo: LinkAccessRepo;
  internal: InternalEvents;
  /** signs grants; kept with the server's secrets */
  grantKey: Buffer;
  /** may this recording's access be limited (its link is served by this server)? null when it may, else why not */
  limitable: (rec: RecordingRow) => string | null;
  now: () => number;
  unlockLimit?: RateLimit;
}

/** the UI's view of a rule; no rule: anyone with the link */
export function linkAccessOf(rule: LinkAccessRow | undefined): LinkAccess {
  return rule ? { watch: rule.watch, hasPassword: rule.password_hash !== null, expiresAt: rule.expires_at } : ANYONE;
}

export function grantCookieName(shareId: string): string {
  return `reelay_link_${shareId}`;
}

export class LinkAccessService {
  private readonly unlocks: RateLimiter;

  constructor(private readonly o: LinkAccessOptions) {
    this.unlocks = new RateLimiter(o.unlockLimit ?? UNLOCK_LIMIT, o.now);
  }

  async set(who: Principal, rec: RecordingRow, input: Omit<MethodInput<'recordings.setAccess'>, 'id'>): Promise<void> {
    if (!mayManage(who, rec)) throw new ReelayError('not-found', 'No such recording.');
    const why = this.o.limitable(rec);
    if (why !== null && (input.watch !== 'anyone' || input.expiresAt !== null)) throw new ReelayError('invalid-input', why);
    const before = this.o.repo.get(rec.id);
    let passwordHash: string | null = null;
    if (input.watch === 'password') {
      if (input.password !== undefined) passwordHash = await hashPassword(input.password);
      else if (before?.password_hash) passwordHash = before.password_hash;
      else throw new ReelayError('invalid-input', 'Choose a link password (at least 8 characters).');
    }
    this.o.repo.put({ recording_id: rec.id, watch: input.watch, password_hash: passwordHash, expires_at: input.expiresAt });
    this.o.internal.emit('recording-changed', { recordingId: rec.id });
  }

  decide(rec: RecordingRow, viewer: Viewer): LinkDecision {
    const rule = this.o.repo.get(rec.id);
    if (!rule) return { ok: true, restricted: false };
    if (rule.expires_at !== null && rule.expires_at <= this.o.now()) return { ok: false, status: 410, reason: 'expired' };
    if (rule.watch === 'anyone') return { ok: true, restricted: false };
    // every member of the server, and its owner, watches members-only and password links
    if (viewer.account() !== null) return { ok: true, restricted: true };
    if (rule.watch === 'password' && viewer.grant !== undefined && this.grantValid(rule, viewer.grant)) return { ok: true, restricted: true };
    return { ok: false, status: 401, reason: rule.watch === 'members' ? 'members' : 'password' };
  }

  /** checks a link password; the grant (the cookie's value) and its lifetime in seconds */
  async unlock(rec: RecordingRow, password: string, client: string): Promise<{ grant: string; maxAgeSec: number }> {
    const key = `${rec.id}|${client}`;
    const verdict = this.unlocks.check(key);
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSec, 'wrong passwords');
    const rule = this.o.repo.get(rec.id);
    if (!rule || rule.watch !== 'password' || rule.password_hash === null) throw new ReelayError('invalid-state', 'This link does not take a password.');
    if (!(await verifyPassword(password, rule.password_hash))) {
      this.unlocks.fail(key);
      throw new ReelayError('unauthorized', 'Wrong password.');
    }
    this.unlocks.reset(key);
    const now = this.o.now();
    const until = Math.min(now + GRANT_TTL_MS, rule.expires_at ?? Infinity);
    const untilSec = Math.floor(until / 1000);
    return { grant: `${untilSec}.${this.sign(rule, untilSec)}`, maxAgeSec: Math.max(1, untilSec - Math.floor(now / 1000)) };
  }

  private grantValid(rule: LinkAccessRow, grant: string): boolean {
    const dot = grant.indexOf('.');
    const untilSec = Number(grant.slice(0, dot));
    if (dot <= 0 || !Number.isInteger(untilSec) || untilSec * 1000 <= this.o.now()) return false;
    const given = Buffer.from(grant.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(rule, untilSec), 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(rule: LinkAccessRow, untilSec: number): string {
    return createHmac('sha256', this.o.grantKey).update(`${rule.recording_id}.${rule.version}.${untilSec}`).digest('base64url');
  }
}
