// The desktop app's share server: one port that stays the same across restarts, because every local
// link embeds its origin (http://127.0.0.1:<port>/v/<shareId>) and is stored in the library that way.
//
// The port lives in share-server.json in the data folder (default 4848). When it is busy at start we
// take a free one, save it, and remember the old one: every start then also listens on the remembered
// ports it can get, so links made under an older port keep working whenever that port is free.
// Electron-free, so it is tested in plain Node.
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeFileDurable } from '../core/files/durable';
import { listen } from '../core/share/http-server';

export const DEFAULT_SHARE_PORT = 4848;
const MAX_PREVIOUS_PORTS = 8;
const LOOPBACK = '127.0.0.1';

export interface ShareServerConfig {
  port: number;
  /** ports older links name, newest first */
  previousPorts: number[];
  /** 127.0.0.1 unless the user opted in to the network (e.g. "0.0.0.0") */
  host: string;
  /** the origin links use when the server is reachable under another name (LAN opt-in) */
  publicUrl: string | null;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Listen = typeof listen;

export interface ShareServer {
  /** what local links start with */
  origin: string;
  port: number;
  host: string;
  /** the remembered ports this run also serves */
  aliasPorts: number[];
  close(): Promise<void>;
}

const isPort = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 65535;
const isHost = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(v);

/** Reads the saved config; anything missing or malformed falls back to the defaults. */
export function readShareServerConfig(file: string): ShareServerConfig {
  const config: ShareServerConfig = { port: DEFAULT_SHARE_PORT, previousPorts: [], host: LOOPBACK, publicUrl: null };
  let raw: unknown;
  try {
    raw = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return config; // a torn or hand-broken file must not stop the app; we rewrite it when the port changes
  }
  if (typeof raw !== 'object' || raw === null) return config;
  const r = raw as Record<string, unknown>;
  if (isPort(r['port'])) config.port = r['port'];
  if (Array.isArray(r['previousPorts'])) config.previousPorts = r['previousPorts'].filter(isPort).slice(0, MAX_PREVIOUS_PORTS);
  if (isHost(r['host'])) config.host = r['host'];
  if (typeof r['publicUrl'] === 'string') {
    try {
      const u = new URL(r['publicUrl']);
      if (u.protocol === 'http:' || u.protocol === 'https:') config.publicUrl = u.origin;
    } catch {
      // ignored: links fall back to the local origin
    }
  }
  return config;
}

function isAddressBusy(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

function originOf(host: string, port: number, publicUrl: string | null): string {
  if (publicUrl) return publicUrl;
  const local = host === '0.0.0.0' || host === '::' ? LOOPBACK : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

export async function startShareServer(options: {
  configFile: string;
  handler: Handler;
  log: (message: string, error?: unknown) => void;
  listen?: Listen;
}): Promise<ShareServer> {
  const doListen = options.listen ?? listen;
  const config = readShareServerConfig(options.configFile);

  let main: Awaited<ReturnType<Listen>>;
  try {
    main = await doListen(options.handler, config.host, config.port);
  } catch (e) {
    if (!isAddressBusy(e)) throw e;
    main = await doListen(options.handler, config.host, 0);
    options.log(`share server: port ${config.port} is busy, using ${main.port}; links made under ${config.port} work again when it is free`);
    config.previousPorts = [config.port, ...config.previousPorts.filter((p) => p !== config.port && p !== main.port)].slice(0, MAX_PREVIOUS_PORTS);
    config.port = main.port;
    await writeFileDurable(options.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  // older links: best effort, loopback only (an alias never widens what the user opted in to)
  const aliases: Awaited<ReturnType<Listen>>[] = [];
  const aliasHost = config.host === '0.0.0.0' || config.host === '::' ? config.host : LOOPBACK;
  for (const port of config.previousPorts) {
    if (port === main.port) continue;
    try {
      aliases.push(await doListen(options.handler, aliasHost, port));
    } catch (e) {
      if (!isAddressBusy(e)) options.log(`share server: could not serve older links on port ${port}`, e);
    }
  }

  return {
    origin: originOf(config.host, main.port, config.publicUrl),
    port: main.port,
    host: config.host,
    aliasPorts: aliases.map((a) => a.port),
    close: async () => {
      await Promise.all([main.close(), ...aliases.map((a) => a.close())]);
    },
  };
}
