// A real core behind a real HTTP server on 127.0.0.1, for integration tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '..';
import { createApi } from '../api';
import { createHttpApp, hostNames, listen } from '../share/http-server';
import { SESSION_COOKIE } from '../share/request-auth';
import { HTTP, methods, type ApiResult, type MethodInput, type MethodName } from '../../../shared/api';
import type { Account } from '../../../shared/accounts';
import type { Recording } from '../../../shared/domain';
import type { LiveFixture } from './media-fixtures';

export interface TestServer {
  core: Core;
  origin: string;
  dataDir: string;
  /** the owner account every server here starts with, and an access token acting as it */
  owner: Account;
  token: string;
  /** a Cookie header signing the owner in, as their browser would send it (with the page's Origin) */
  cookie: string;
  /** calls the API as the owner (its access token), or with `as`: another token, or none at all */
  call<M extends MethodName>(method: M, input: MethodInput<M>, as?: { token?: string | null; headers?: Record<string, string> }): Promise<ApiResult<unknown> & { status: number }>;
  close(): Promise<void>;
}

export const TEST_OWNER = { email: 'owner@example.test', password: 'owner-password-1' } as const;

export function tempDir(prefix = 'reelay-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `port`: listen there (a server restarted on its data folder keeps its links); default: any free port */
export async function startTestServer(opts: { dataDir?: string; rendererDir?: string; core?: Partial<CoreOptions>; port?: number } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  let core: Core | null = null;
  let allowed: string[] = [];
  const dispatchRef: { d: ReturnType<typeof createApi> | null } = { d: null };
  const handler = createHttpApp({
    core: () => core!,
    rendererDir: opts.rendererDir ?? join(__dirname, '../../../../out/renderer'),
    app: { dispatch: () => dispatchRef.d!, allowedHosts: () => allowed },
  });
  const server = await listen(handler, '127.0.0.1', opts.port ?? 0);
  const origin = `http://127.0.0.1:${server.port}`;
  allowed = hostNames('127.0.0.1', server.port);
  core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: origin, retry: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0 }, ...opts.core });
  dispatchRef.d = createApi(core);
  await core.accounts.ensureOwner(TEST_OWNER);
  const signedIn = await core.accounts.signIn(TEST_OWNER.email, TEST_OWNER.password, 'test');
  const owner = signedIn.account;
  const { token } = core.accounts.createToken({ kind: 'account', account: owner, via: 'session' }, 'tests');
  await core.start();
  return {
    core,
    origin,
    dataDir,
    owner,
    token,
    cookie: `${SESSION_COOKIE}=${signedIn.session}`,
    async call(method, input, as = {}) {
      const binary = methods[method].binary;
      let body: Uint8Array | string;
      const bearer = as.token === undefined ? token : as.token;
      const headers: Record<string, string> = { origin, ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...as.headers };
      if (binary) {
        const { data, ...rest } = input as { data: Uint8Array };
        body = data;
        headers['content-type'] = 'application/octet-stream';
        headers[HTTP.argsHeader] = encodeURIComponent(JSON.stringify(rest));
      } else {
        body = JSON.stringify(input);
        headers['content-type'] = 'application/json';
      }
      // bytes or text: node's fetch takes both, the DOM typings (e2e) only admit the text
      const res = await fetch(origin + HTTP.callPrefix + method, { method: 'POST', headers, body: body as string });
      return { ...((await res.json()) as ApiResult<unknown>), status: res.status };
    },
    async close() {
      await server.close();
      await core!.close();
    },
  };
}

/** the value of a call that must succeed */
export function valueOf<T>(result: { ok: boolean; status: number } & ({ value: unknown } | { error: { message: string } })): T {
  if (!('value' in result)) throw new Error(`call failed (${result.status}): ${result.error.message}`);
  return result.value as T;
}

/** records `fixture` through the API as the renderer would (the owner, or `as`), and stops */
export async function recordFixture(s: TestServer, fixture: LiveFixture, as: { token?: string | null } = {}): Promise<Recording> {
  const rec = valueOf<Recording>(await s.call('recordings.create', { width: fixture.width, height: fixture.height, fps: 30 }, as));
  await s.call('recordings.start', { id: rec.id }, as);
  await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: fixture.codecs, width: fixture.width, height: fixture.height, frameRate: 30, bitrate: 300_000, data: fixture.init }, as);
  for (const [seq, seg] of fixture.segments.entries()) await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: seg.durationSec, data: seg.data }, as);
  const durationMs = Math.round(fixture.segments.reduce((n, seg) => n + seg.durationSec, 0) * 1000);
  await s.call('recordings.stop', { id: rec.id, durationMs }, as);
  return rec;
}

/** polls until `check` returns a value or the time is up */
export async function eventually<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
