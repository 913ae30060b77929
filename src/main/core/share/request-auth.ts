// What an HTTP request says about who sends it: its session cookie, its access token, its client
// address; and the cookies the server sets. Checking what they allow is the callers' job.
import type { IncomingMessage } from 'node:http';
import type { Account } from '../../../shared/accounts';
import type { AccountService } from '../accounts/account-service';

export const SESSION_COOKIE = 'reelay_session';

export interface RequestAuthOptions {
  accounts: AccountService;
  /** the public URL is https: cookies are Secure */
  secureCookies: boolean;
  /** behind a reverse proxy: the client is the last address in X-Forwarded-For (the one our proxy added) */
  trustProxy: boolean;
}

export interface RequestAuth {
  /** the account of a live session cookie */
  sessionAccount(req: IncomingMessage): Account | null;
  /** the raw session cookie, for sign-out */
  sessionCookieOf(req: IncomingMessage): string | undefined;
  /** the Authorization: Bearer token, if the request has one (valid or not) */
  bearerOf(req: IncomingMessage): string | undefined;
  /** the account the bearer token acts as */
  tokenAccount(token: string): Account | null;
  /** the client's address, for rate limits */
  client(req: IncomingMessage): string;
  cookie(name: string, value: string, options: { maxAgeSec: number; path?: string; httpOnly?: boolean }): string;
  clearCookie(name: string, path?: string): string;
}

/** name=value pairs of the Cookie header; a malformed pair is skipped */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? '' : part.slice(0, eq).trim();
    if (name === '') continue;
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export function createRequestAuth(o: RequestAuthOptions): RequestAuth {
  const attributes = (path: string, maxAgeSec: number, httpOnly: boolean): string =>
    // Lax: a member following a link from chat arrives signed in; cross-site POSTs carry no cookie
    `Path=${path}; Max-Age=${maxAgeSec}; SameSite=Lax${httpOnly ? '; HttpOnly' : ''}${o.secureCookies ? '; Secure' : ''}`;
  const sessionCookieOf = (req: IncomingMessage): string | undefined => parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  return {
    sessionCookieOf,
    sessionAccount(req) {
      const value = sessionCookieOf(req);
      return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? o.accounts.sessionAccount(value) : null;
    },
    bearerOf(req) {
      const header = req.headers.authorization;
      if (typeof header !== 'string') return undefined;
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      return m ? m[1]! : '';
    },
    tokenAccount: (token) => o.accounts.tokenAccount(token),
    client(req) {
      const socket = req.socket.remoteAddress ?? 'unknown';
      if (!o.trustProxy) return socket;
      const forwarded = req.headers['x-forwarded-for'];
      const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
      return list.at(-1) ?? socket;
    },
    cookie: (name, value, { maxAgeSec, path = '/', httpOnly = true }) => `${name}=${value}; ${attributes(path, maxAgeSec, httpOnly)}`,
    clearCookie: (name, path = '/') => `${name}=; ${attributes(path, 0, true)}`,
  };
}
