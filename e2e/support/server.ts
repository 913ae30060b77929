// Starts `node out/main/server.js` (what `npm run serve` runs after building) as a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/api';
import { createHttpApi } from '../../src/renderer/src/api/http-client';

export interface ServeProcess {
  url: string;
  port: number;
  dataDir: string;
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

export async function serve(opts: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const child = spawn(process.execPath, [resolve('out/main/server.js'), '--port', String(opts.port ?? 0), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
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

/** calls the server's API through the app's own typed HTTP client, as its page does (same Origin) */
export function apiCall<M extends MethodName>(base: string, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const api = createHttpApi({ baseUrl: base, fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), origin: base } }) });
  return api.call(method, input);
}
