import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import type { AccountService } from '../accounts/account-service';
import { createRequestAuth, parseCookies } from './request-auth';

const accounts = { sessionAccount: () => null, tokenAccount: () => null } as unknown as AccountService;
const req = (headers: Record<string, string>, remoteAddress = '10.1.2.3') => ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('what a request says about who sends it', () => {
  it('cookies are Secure when the public URL is https, and HttpOnly with SameSite=Lax always', () => {
    const secure = createRequestAuth({ accounts, secureCookies: true, trustProxy: false });
    expect(secure.cookie('reelay_session', 'v', { maxAgeSec: 60 })).toBe('reelay_session=v; Path=/; Max-Age=60; SameSite=Lax; HttpOnly; Secure');
    const plain = createRequestAuth({ accounts, secureCookies: false, trustProxy: false });
    expect(plain.cookie('g', 'v', { maxAgeSec: 5, path: '/v/x' })).toBe('g=v; Path=/v/x; Max-Age=5; SameSite=Lax; HttpOnly');
    expect(plain.clearCookie('g')).toBe('g=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly');
  });

  it('the client is the socket, unless behind a trusted proxy: then the last X-Forwarded-For hop (the one the proxy added)', () => {
    const forged = { 'x-forwarded-for': '1.1.1.1, 203.0.113.9' };
    expect(createRequestAuth({ accounts, secureCookies: false, trustProxy: false }).client(req(forged))).toBe('10.1.2.3');
    expect(createRequestAuth({ accounts, secureCookies: false, trustProxy: true }).client(req(forged))).toBe('203.0.113.9');
    expect(createRequestAuth({ accounts, secureCookies: false, trustProxy: true }).client(req({}))).toBe('10.1.2.3');
  });

  it('reads a bearer token, and tells a malformed Authorization from none', () => {
    const auth = createRequestAuth({ accounts, secureCookies: false, trustProxy: false });
    expect(auth.bearerOf(req({ authorization: 'Bearer rly_abc' }))).toBe('rly_abc');
    expect(auth.bearerOf(req({ authorization: 'Basic xyz' }))).toBe('');
    expect(auth.bearerOf(req({}))).toBeUndefined();
  });

  it('parses cookies, first value wins, malformed pairs skipped', () => {
    expect([...parseCookies('a=1; b=2; a=3; junk; =x')]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });
});
