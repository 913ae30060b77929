// Reelay Server's sign-in routes under /api/auth/: who this browser is, the owner's first account,
// sign-in and sign-out, and invites. They set or clear the session cookie, which is why they sit
// beside the contract rather than in it. Every POST is same-origin only (no login CSRF).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { acceptInviteSchema, credentialsSchema, INVITE_TOKEN_PATTERN, signInSchema, type SessionInfo } from '../../../shared/accounts';
import { HTTP } from '../../../shared/api';
import { RateLimitedError, type AccountService, type SignedIn } from '../accounts/account-service';
import { ReelayError, toApiError } from '../errors';
import { isSameOrigin } from './api-routes';
import { fail, readBody, sendResult, statusFor } from './http-json';
import { SESSION_COOKIE, type RequestAuth } from './request-auth';

/** an email and a password, with room to spare */
const MAX_BODY_BYTES = 16 << 10;

export interface AuthRoutesOptions {
  accounts: AccountService;
  auth: RequestAuth;
  allowedOrigins: () => readonly string[];
  log: (message: string, error?: unknown) => void;
}

export function createAuthRoutes({ accounts, auth, allowedOrigins, log }: AuthRoutesOptions) {
  const R = HTTP.auth;
  const sessionInfo = (req: IncomingMessage): SessionInfo => ({ needsOwner: accounts.needsOwner(), account: auth.sessionAccount(req) });
  const signedIn = (res: ServerResponse, s: SignedIn): void => {
    const maxAgeSec = Math.floor((s.expiresAt - Date.now()) / 1000);
    sendResult(res, 200, { ok: true, value: { needsOwner: false, account: s.account } satisfies SessionInfo }, { 'set-cookie': auth.cookie(SESSION_COOKIE, s.session, { maxAgeSec }) });
  };

  /** the JSON body, valid against `schema`; answers the error itself and resolves null when not */
  async function input<S extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: S): Promise<z.infer<S> | null> {
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
      fail(res, 415, 'invalid-input', 'Send application/json.');
      return null;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      fail(res, 413, 'invalid-input', 'Request body too large.', { connection: 'close' });
      return null;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) {
      if (body.reason === 'too-large') fail(res, 413, 'invalid-input', 'Request body too large.', { connection: 'close' });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.bytes.toString('utf8'));
    } catch {
      fail(res, 400, 'invalid-input', 'The request body is not valid JSON.');
      return null;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 2).map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      fail(res, 400, 'invalid-input', `Check the form: ${detail}.`);
      return null;
    }
    return parsed.data as z.infer<S>;
  }

  const failWith = (res: ServerResponse, e: unknown): void => {
    const error = toApiError(e);
    if (error.code === 'internal') log('sign-in route failed', e);
    const headers: Record<string, string> = e instanceof RateLimitedError ? { 'retry-after': String(e.retryAfterSec) } : {};
    sendResult(res, statusFor(error.code), { ok: false, error }, headers);
  };

  return async function handleAuth(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!pathname.startsWith('/api/auth/')) return false;
    if (pathname === R.session || pathname.startsWith(`${R.invite}/`)) {
      if (req.method !== 'GET') {
        fail(res, 405, 'invalid-input', 'Use GET.', { allow: 'GET' });
        return true;
      }
      if (pathname === R.session) {
        sendResult(res, 200, { ok: true, value: sessionInfo(req) });
        return true;
      }
      const token = pathname.slice(R.invite.length + 1);
      try {
        if (!INVITE_TOKEN_PATTERN.test(token)) throw new ReelayError('not-found', 'This invite link is not valid. Ask the owner for a new one.');
        sendResult(res, 200, { ok: true, value: accounts.inviteInfo(token) });
      } catch (e) {
        failWith(res, e);
      }
      return true;
    }
    const known = [R.setup, R.signIn, R.signOut, R.acceptInvite] as string[];
    if (!known.includes(pathname)) {
      fail(res, 404, 'not-found', 'No such route.');
      return true;
    }
    if (req.method !== 'POST') {
      fail(res, 405, 'invalid-input', 'Use POST.', { allow: 'POST' });
      return true;
    }
    if (!isSameOrigin(req, allowedOrigins(), true)) {
      fail(res, 403, 'forbidden', 'Sign in from this server’s own page.');
      return true;
    }
    try {
      switch (pathname) {
        case R.setup: {
          const creds = await input(req, res, credentialsSchema);
          if (creds) signedIn(res, await accounts.createOwner(creds));
          break;
        }
        case R.signIn: {
          const creds = await input(req, res, signInSchema);
          if (creds) signedIn(res, await accounts.signIn(creds.email, creds.password, auth.client(req)));
          break;
        }
        case R.acceptInvite: {
          const body = await input(req, res, acceptInviteSchema);
          if (body) signedIn(res, await accounts.acceptInvite(body.token, body.password));
          break;
        }
        case R.signOut: {
          const session = auth.sessionCookieOf(req);
          if (session) accounts.signOut(session);
          sendResult(res, 200, { ok: true, value: { needsOwner: accounts.needsOwner(), account: null } satisfies SessionInfo }, { 'set-cookie': auth.clearCookie(SESSION_COOKIE) });
          break;
        }
      }
    } catch (e) {
      if (!res.headersSent) failWith(res, e);
    }
    return true;
  };
}
