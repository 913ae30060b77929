import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReelayServerClient } from './reelay-server-client';
import { StorageError } from './storage';

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** a server that cuts the connection of the first `drops` requests, then answers like a Reelay Server */
async function dropping(drops: number): Promise<{ url: string; asked: () => number }> {
  let asked = 0;
  server = http.createServer((req, res) => {
    asked++;
    if (asked <= drops) {
      req.socket.destroy();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true, value: { version: 'test', accounts: true } }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked: () => asked };
}

describe('ReelayServerClient', () => {
  it('a connection the server cut (as when it restarts under a kept-alive one) is asked again, once, on a new one', async () => {
    const s = await dropping(1);
    const client = new ReelayServerClient({ url: s.url, token: 't', timeoutMs: 5_000 });
    expect(await client.call('app.info', {})).toMatchObject({ accounts: true });
    expect(s.asked()).toBe(2);
  });

  it('a server that keeps cutting is unreachable after the second try, and says so', async () => {
    const s = await dropping(Number.POSITIVE_INFINITY);
    const client = new ReelayServerClient({ url: s.url, token: 't', timeoutMs: 5_000 });
    const error = await client.call('app.info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'storage-unreachable', retryable: true });
    expect((error as Error).message).toMatch(/Could not reach the Reelay Server at http:\/\/127\.0\.0\.1:\d+ \(UND_ERR_SOCKET\)/);
    expect(s.asked()).toBe(2);
  });
});
