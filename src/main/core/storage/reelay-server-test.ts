// Settings → Storage → Test connection, for a Reelay Server: each step in order, and the first that
// fails says what to fix — unreachable, not a Reelay Server, token refused, cannot write.
import { HTTP } from '../../../shared/api';
import type { ReelayServerInput, ServerTestResult, ServerTestStep } from '../../../shared/settings';
import { ReelayServerClient } from './reelay-server-client';
import { StorageError } from './storage';

const TIMEOUT_MS = 10_000;

export async function testReelayServer(input: ReelayServerInput, savedToken: string | null): Promise<ServerTestResult> {
  const url = input.url.replace(/\/+$/, '');
  const fail = (failedStep: ServerTestStep, code: string, message: string): ServerTestResult => ({ ok: false, failedStep, code, message });
  let res: Response;
  try {
    res = await fetch(`${url}${HTTP.auth.session}`, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (e) {
    return fail('reach', 'storage-unreachable', `Could not reach ${url} (${reasonOf(e)}). Check the Server URL and that the server is running.`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!isSessionAnswer(body)) return fail('identify', 'storage-config', `${url} answered, but not as a Reelay Server (HTTP ${res.status}). Check the Server URL: it is the address of the server's web app.`);
  const token = input.token ?? savedToken;
  if (token === null) return fail('token', 'storage-auth', "Enter an access token (make one in the server's Settings → Access tokens).");
  const client = new ReelayServerClient({ url, token, timeoutMs: TIMEOUT_MS });
  try {
    const info = await client.call('app.info', {});
    if (!info.accounts) return fail('identify', 'storage-config', `${url} is a Reelay desktop app, not a Reelay Server.`);
  } catch (e) {
    return fail('token', e instanceof StorageError ? e.code : 'internal', messageOf(e));
  }
  try {
    const check = await client.call('publish.check', {});
    return { ok: true, steps: ['reach', 'identify', 'token', 'write'], publicUrl: check.publicUrl, account: check.account };
  } catch (e) {
    return fail('write', e instanceof StorageError ? e.code : 'internal', messageOf(e));
  }
}

function isSessionAnswer(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('ok' in body) || body.ok !== true || !('value' in body)) return false;
  const value = body.value;
  return typeof value === 'object' && value !== null && 'needsOwner' in value && typeof value.needsOwner === 'boolean';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function reasonOf(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  if (cause instanceof Error && cause.name === 'TimeoutError') return 'no answer in 10 s';
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return cause instanceof Error ? cause.message : String(cause);
}
