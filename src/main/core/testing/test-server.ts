// A real core behind a real HTTP server on 127.0.0.1, for integration tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '..';
import { createApi } from '../api';
import { createHttpApp, hostNames, listen } from '../share/http-server';
import { HTTP, methods, type ApiResult, type MethodInput, type MethodName } from '../../../shared/api';

export interface TestServer {
  core: Core;
  origin: string;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<unknown> & { status: number }>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'reelay-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestServer(opts: { dataDir?: string; rendererDir?: string; core?: Partial<CoreOptions> } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? tempDir();
  let core: Core | null = null;
  let allowed: string[] = [];
  const dispatchRef: { d: ReturnType<typeof createApi> | null } = { d: null };
  const handler = createHttpApp({
    core: () => core!,
    rendererDir: opts.rendererDir ?? join(__dirname, '../../../../out/renderer'),
    app: { dispatch: () => dispatchRef.d!, allowedHosts: () => allowed },
  });
  const server = await listen(handler, '127.0.0.1', 0);
  const origin = `http://127.0.0.1:${server.port}`;
  allowed = hostNames('127.0.0.1', server.port);
  core = await createCore({ dataDir, shell: 'server', version: 'test', shareBaseUrl: origin, retry: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0 }, ...opts.core });
  dispatchRef.d = createApi(core);
  await core.start();
  return {
    core,
    origin,
    dataDir,
    async call(method, input) {
      const binary = methods[method].binary;
      let body: Uint8Array | string;
      const headers: Record<string, string> = { origin };
      if (binary) {
        const { data, ...rest } = input as { data: Uint8Array };
        body = data;
        headers['content-type'] = 'application/octet-stream';
        headers[HTTP.argsHeader] = encodeURIComponent(JSON.stringify(rest));
      } else {
        body = JSON.stringify(input);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(origin + HTTP.callPrefix + method, { method: 'POST', headers, body });
      return { ...((await res.json()) as ApiResult<unknown>), status: res.status };
    },
    async close() {
      await server.close();
      await core!.close();
    },
  };
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
