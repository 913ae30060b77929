// The desktop share server keeps its port across restarts, moves off a busy one, and keeps serving
// links made under an older port.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SHARE_PORT, readShareServerConfig, startShareServer, type ShareServer } from './share-server';

const handler = (_req: unknown, res: { writeHead(s: number): { end(b: string): void } }): void => res.writeHead(200).end('ok');
const noLog = (): void => undefined;
const opened: ShareServer[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await Promise.all(blockers.splice(0).map((b) => new Promise((r) => b.close(r))));
});

/** holds a port, as another app would */
async function occupy(port = 0): Promise<number> {
  const b = createServer();
  await new Promise<void>((r) => b.listen(port, '127.0.0.1', r));
  blockers.push(b);
  return (b.address() as { port: number }).port;
}

async function freePort(): Promise<number> {
  const p = await occupy();
  await new Promise((r) => blockers.pop()!.close(r));
  return p;
}

const start = async (configFile: string): Promise<ShareServer> => {
  const s = await startShareServer({ configFile, handler: handler as never, log: noLog });
  opened.push(s);
  return s;
};

const configIn = (content?: object): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'reelay-share-port-')), 'share-server.json');
  if (content) writeFileSync(file, JSON.stringify(content));
  return file;
};

describe('readShareServerConfig', () => {
  it('defaults to 127.0.0.1:4848 and ignores a broken or hostile file', () => {
    expect(readShareServerConfig(configIn())).toEqual({ port: DEFAULT_SHARE_PORT, previousPorts: [], host: '127.0.0.1', publicUrl: null });
    const broken = configIn();
    writeFileSync(broken, '{"port": 12');
    expect(readShareServerConfig(broken).port).toBe(DEFAULT_SHARE_PORT);
    const odd = configIn({ port: 70000, previousPorts: [1.5, 'x', 5000], host: 'a b', publicUrl: 'javascript:alert(1)' });
    expect(readShareServerConfig(odd)).toEqual({ port: DEFAULT_SHARE_PORT, previousPorts: [5000], host: '127.0.0.1', publicUrl: null });
  });
});

describe('startShareServer', () => {
  it('uses the saved port again, so links survive a restart', async () => {
    const port = await freePort();
    const file = configIn({ port });
    const s = await start(file);
    expect(s.origin).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`${s.origin}/v/x`)).text()).toBe('ok');
    await opened.pop()!.close();
    expect((await start(file)).port).toBe(port);
  });

  it('moves to a free port when the saved one is busy, saves it, and still serves the old port once it is free', async () => {
    const busy = await occupy();
    const file = configIn({ port: busy });
    const s = await start(file);
    expect(s.port).not.toBe(busy);
    expect(readShareServerConfig(file)).toMatchObject({ port: s.port, previousPorts: [busy] });

    await opened.pop()!.close();
    await new Promise((r) => blockers.pop()!.close(r)); // the other app went away
    const again = await start(file);
    expect(again.port).toBe(s.port); // new links keep the new port
    expect(again.aliasPorts).toEqual([busy]); // old links work again
    expect(await (await fetch(`http://127.0.0.1:${busy}/v/x`)).text()).toBe('ok');
    expect(JSON.parse(readFileSync(file, 'utf8')).port).toBe(s.port);
  });

  it('names the public URL in links when the user configured one', async () => {
    const s = await start(configIn({ port: await freePort(), publicUrl: 'http://my-box.lan:4848/' }));
    expect(s.origin).toBe('http://my-box.lan:4848');
  });
});
