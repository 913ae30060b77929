// Reelay Server's sign-in routes (/api/auth/*), beside the contract because they set the session
// cookie. Same origin only; answers in the contract's ApiResult shape.
import type { Credentials, InviteInfo, SessionInfo } from '../../../shared/accounts';
import { HTTP, ReelayCallError, unwrap, type ApiResult } from '../../../shared/api';

export interface AuthClient {
  session(): Promise<SessionInfo>;
  createOwner(credentials: Credentials): Promise<SessionInfo>;
  signIn(credentials: { email: string; password: string }): Promise<SessionInfo>;
  signOut(): Promise<SessionInfo>;
  invite(token: string): Promise<InviteInfo>;
  acceptInvite(token: string, password: string): Promise<SessionInfo>;
}

/** fired on window when a call finds the session gone, so the page can ask to sign in again */
export const SIGNED_OUT_EVENT = 'reelay-signed-out';

export function createAuthClient(options: { baseUrl?: string; fetch?: typeof fetch } = {}): AuthClient {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  async function request<T>(path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, body === undefined ? { credentials: 'same-origin' } : { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (e) {
      throw new ReelayCallError({ code: 'internal', message: `Reelay is unreachable (${e instanceof Error ? e.message : String(e)})`, retryable: true });
    }
    let result: ApiResult<T> | null = null;
    try {
      result = (await response.json()) as ApiResult<T>;
    } catch {
      result = null;
    }
    if (!result || typeof result !== 'object' || !('ok' in result)) {
      throw new ReelayCallError({ code: 'internal', message: `Unexpected answer from Reelay (HTTP ${response.status})`, retryable: response.status >= 500 });
    }
    return unwrap(result);
  }
  const R = HTTP.auth;
  return {
    session: () => request(R.session),
    createOwner: (credentials) => request(R.setup, credentials),
    signIn: (credentials) => request(R.signIn, credentials),
    signOut: () => request(R.signOut, {}),
    invite: (token) => request(`${R.invite}/${encodeURIComponent(token)}`),
    acceptInvite: (token, password) => request(R.acceptInvite, { token, password }),
  };
}
