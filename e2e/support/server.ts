// Starts `node out/main/server.js` (what `npm run serve` runs after building) as a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { HTTP, type MethodInput, type MethodName, type MethodOutput } from '../../src/shared/api';
import { createHttpApi } from '../../src/renderer/src/api/http-client';

/** the owner every server here starts with (REELAY_OWNER_EMAIL / REELAY_OWNER_PASSWORD), unless a spec asks for none */
export const E2E_OWNER = { email: 'owner@example.test', password: 'owner-password-1' } as const;

export interface ServeProcess {
  url: string;
  port: number;
  dataDir: string;
  /** the owner's session cookie and an access token (null when started with no owner) */
  session: string | null;
  token: string | null;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait */
  stop(): Promise<void>;
  /** SIGKILL: a crash */
  kill(): Promise<void>;
}

// a spec that fails half-way must not leave servers behind
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'reelay-e2e-'));
}

export async function serve(opts: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv; owner?: boolean } = {}): Promise<ServeProcess> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const owner = opts.owner ?? true;
  const ownerEnv = owner ? { REELAY_OWNER_EMAIL: E2E_OWNER.email, REELAY_OWNER_PASSWORD: E2E_OWNER.password } : {};
  const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', String(opts.port ?? 0), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...ownerEnv, ...opts.env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 30_000);
    const check = (): void => {
      // its own banner line: stderr may name other servers first (a publish target that is down)
      const m = /Reelay server mode: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const session = owner ? await signInOverHttp(url, E2E_OWNER) : null;
  const token = session ? (await callAs(url, { session }, 'tokens.create', { name: 'e2e' })).token : null;
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    session,
    token,
    child,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** signs in as a browser would (same Origin); the session cookie's value */
export async function signInOverHttp(base: string, credentials: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${base}${HTTP.auth.signIn}`, { method: 'POST', headers: { origin: base, 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const cookie = /reelay_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!res.ok || !cookie) throw new Error(`sign-in as ${credentials.email} failed: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}

/** calls the API through the app's own typed HTTP client: as a signed-in page (session, same Origin) or with an access token */
export function callAs<M extends MethodName>(base: string, as: { session: string } | { token: string }, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const credentials: Record<string, string> = 'session' in as ? { origin: base, cookie: `reelay_session=${as.session}` } : { authorization: `Bearer ${as.token}` };
  const api = createHttpApi({ baseUrl: base, fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...credentials } }) });
  return api.call(method, input);
}

/** calls the server's API as its owner (their access token) */
export function apiCall<M extends MethodName>(server: ServeProcess, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  if (!server.token) throw new Error('this server was started with no owner: sign someone in first');
  return callAs(server.url, { token: server.token }, method, input);
}

/** the browser context is the owner's, signed in to `server` (its pages open the app, not the sign-in form) */
export async function signInContext(context: BrowserContext, server: ServeProcess, session = server.session): Promise<void> {
  if (!session) throw new Error('this server was started with no owner');
  await context.addCookies([{ name: 'reelay_session', value: session, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
}
