// An HTTP proxy of our own between an S3 client and an S3 server, for tests and benchmarks. It can
// reset connections, answer 500/503/429 itself, stall requests or responses, add latency and limit
// bandwidth (shared by every connection, like a real uplink), and it logs every request: which ones
// reached the server and when they completed there, so tests can check the order objects landed in.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export type Fault =
  /** drop the connection, at once or after this many request body bytes reached the proxy */
  | { kind: 'reset'; afterRequestBytes?: number }
  /** answer with an S3-style error without forwarding */
  | { kind: 'status'; status: number; code?: string }
  /**
   * 'request': the request never reaches the server; 'response': the server handles it (an upload
   * lands) but the answer is withheld. With hangUpAfterMs the proxy then drops the connection, like a
   * middlebox timing out; without it only the client's own timeout ends the wait.
   */
  | { kind: 'stall'; phase: 'request' | 'response'; hangUpAfterMs?: number }
  /** this request only: answer this much later */
  | { kind: 'delay'; ms: number }
  /** this request only: its body trickles to the server at this rate (a slow upload) */
  | { kind: 'throttle'; bitsPerSecond: number };

export interface ProxiedRequest {
  id: number;
  method: string;
  /** decoded path, e.g. /reelay/rec/abc/live/seg-00001.m4s */
  path: string;
  query: string;
}

export type FaultPlan = (req: ProxiedRequest) => Fault | null;

export interface ProxyLogEntry extends ProxiedRequest {
  fault: Fault['kind'] | null;
  startedAt: number;
  /** the server answered; for uploads, the object has landed */
  serverStatus: number | null;
  serverDoneAt: number | null;
  /** 1, 2, 3 ... in the order the server completed requests (ms timestamps can tie) */
  serverDoneSeq: number | null;
  /** what the client got, null when it got nothing (reset, stall) */
  clientStatus: number | null;
  requestBytes: number;
  /** the request body, when captureBody asked for it */
  body?: Buffer;
}

export interface FaultProxyOptions {
  /** upstream origin, e.g. http://127.0.0.1:4568 */
  target: string;
  /** added to every answer: one extra round trip per request */
  latencyMs?: number;
  /** client → server bandwidth limit, shared across connections; null/0 for none */
  uplinkBitsPerSecond?: number | null;
  /** server → client bandwidth limit */
  downlinkBitsPerSecond?: number | null;
  plan?: FaultPlan;
  /** keep the request body in the log (small files such as playlists) */
  captureBody?: (req: ProxiedRequest) => boolean;
  now?: () => number;
}

/** a link of limited bandwidth shared by every stream that goes through it */
export class Link {
  private nextFree = 0;
  constructor(public bitsPerSecond: number) {}

  /** resolves when `bytes` may pass */
  async take(bytes: number): Promise<void> {
    if (this.bitsPerSecond <= 0) return;
    const now = performance.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (bytes * 8 * 1000) / this.bitsPerSecond;
    const wait = this.nextFree - now;
    if (wait >= 1) await sleep(wait);
  }

  /** a stream that lets data through at the link's pace, in small slices so links stay fair */
  throttle(sliceBytes = 16 * 1024): Transform {
    const link = this;
    return new Transform({
      transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
        void (async () => {
          for (let i = 0; i < chunk.length; i += sliceBytes) {
            const slice = chunk.subarray(i, i + sliceBytes);
            await link.take(slice.length);
            this.push(slice);
          }
          cb();
        })().catch((e: Error) => cb(e));
      },
    });
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'expect', 'te', 'trailer']);

export class FaultProxy {
  readonly log: ProxyLogEntry[] = [];
  private readonly server: http.Server;
  private readonly upstream: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly sockets = new Set<Socket>();
  private readonly now: () => number;
  private plan: FaultPlan | null;
  private latencyMs: number;
  private uplink: Link | null;
  private downlink: Link | null;
  private nextId = 1;
  private doneSeq = 1;
  port = 0;

  constructor(private readonly options: FaultProxyOptions) {
    this.upstream = new URL(options.target);
    this.now = options.now ?? Date.now;
    this.plan = options.plan ?? null;
    this.latencyMs = options.latencyMs ?? 0;
    this.uplink = options.uplinkBitsPerSecond ? new Link(options.uplinkBitsPerSecond) : null;
    this.downlink = options.downlinkBitsPerSecond ? new Link(options.downlinkBitsPerSecond) : null;
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  setPlan(plan: FaultPlan | null): void {
    this.plan = plan;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setBandwidth(uplinkBitsPerSecond: number | null, downlinkBitsPerSecond: number | null = null): void {
    this.uplink = uplinkBitsPerSecond ? new Link(uplinkBitsPerSecond) : null;
    this.downlink = downlinkBitsPerSecond ? new Link(downlinkBitsPerSecond) : null;
  }

  /** requests the server completed with 2xx, in the order they completed there */
  landed(method?: string): ProxyLogEntry[] {
    return this.log
      .filter((e) => e.serverStatus !== null && e.serverStatus < 300 && (!method || e.method === method))
      .sort((a, b) => a.serverDoneSeq! - b.serverDoneSeq!);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const info: ProxiedRequest = { id: this.nextId++, method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.search };
    const fault = this.plan?.(info) ?? null;
    const entry: ProxyLogEntry = { ...info, fault: fault?.kind ?? null, startedAt: this.now(), serverStatus: null, serverDoneAt: null, serverDoneSeq: null, clientStatus: null, requestBytes: 0 };
    this.log.push(entry);
    const capture = this.options.captureBody?.(info) ?? false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      entry.requestBytes += c.length;
      if (capture) chunks.push(c);
    });
    req.on('end', () => {
      if (capture) entry.body = Buffer.concat(chunks);
    });
    const delay = this.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0);
    const hangUp = (): void => {
      req.socket.destroy();
    };

    if (fault?.kind === 'reset') {
      const after = fault.afterRequestBytes ?? 0;
      if (after <= 0) return hangUp();
      req.on('data', () => {
        if (entry.requestBytes >= after) hangUp();
      });
      req.on('end', hangUp);
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      req.on('end', () => {
        void sleep(delay).then(() => {
          const code = fault.code ?? (fault.status === 503 ? 'SlowDown' : fault.status === 429 ? 'TooManyRequests' : 'InternalError');
          entry.clientStatus = fault.status;
          res.writeHead(fault.status, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>injected by the fault proxy</Message><RequestId>proxy-${info.id}</RequestId></Error>`);
        });
      });
      return;
    }
    if (fault?.kind === 'stall' && fault.phase === 'request') {
      req.resume(); // swallow the body, never forward it
      if (fault.hangUpAfterMs !== undefined) {
        const t = setTimeout(hangUp, fault.hangUpAfterMs);
        req.socket.once('close', () => clearTimeout(t));
      }
      return;
    }
    this.forward(req, res, entry, fault, delay);
  }

  private forward(req: IncomingMessage, res: ServerResponse, entry: ProxyLogEntry, fault: Fault | null, delay: number): void {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    const up = http.request({
      host: this.upstream.hostname,
      port: this.upstream.port,
      method: req.method,
      path: req.url,
      headers,
      agent: this.agent,
    });
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        clientGone = true;
        up.destroy();
      }
    });
    up.on('error', () => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('upstream failed');
      } else res.destroy();
    });
    up.on('response', (upRes) => {
      const body: Buffer[] = [];
      const stalled = fault?.kind === 'stall' && fault.phase === 'response';
      upRes.on('data', (c: Buffer) => body.push(c));
      upRes.on('end', () => {
        entry.serverStatus = upRes.statusCode ?? 0;
        entry.serverDoneAt = this.now();
        entry.serverDoneSeq = this.doneSeq++;
        if (clientGone) return;
        if (stalled) {
          if (fault.hangUpAfterMs !== undefined) {
            const t = setTimeout(() => req.socket.destroy(), fault.hangUpAfterMs);
            req.socket.once('close', () => clearTimeout(t));
          }
          return;
        }
        void sleep(delay).then(() => {
          if (clientGone) return;
          const out: http.OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
          entry.clientStatus = upRes.statusCode ?? 0;
          res.writeHead(upRes.statusCode ?? 502, out);
          const data = Buffer.concat(body);
          if (!this.downlink || data.length === 0) {
            res.end(data);
            return;
          }
          const t = this.downlink.throttle();
          t.pipe(res);
          t.end(data);
        });
      });
    });
    let body: NodeJS.ReadableStream = req;
    if (fault?.kind === 'throttle') body = body.pipe(new Link(fault.bitsPerSecond).throttle(4096));
    if (this.uplink) body = body.pipe(this.uplink.throttle());
    body.pipe(up);
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  return new FaultProxy(options).listen();
}

// ---- plans ---------------------------------------------------------------------------------------

/** a deterministic random source (mulberry32), so a failing run can be replayed with its seed */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** each matching request fails with probability `rate`, with a fault picked from `faults` */
export function randomFaults(options: { seed: number; rate: number; faults: Fault[]; match?: (r: ProxiedRequest) => boolean }): FaultPlan {
  const random = seededRandom(options.seed);
  return (r) => {
    if (options.match && !options.match(r)) return null;
    if (random() >= options.rate) return null;
    return options.faults[Math.floor(random() * options.faults.length)] ?? null;
  };
}

/** the first `times` matching requests get `fault`, then none */
export function firstMatching(match: (r: ProxiedRequest) => boolean, fault: Fault, times = 1): FaultPlan {
  let left = times;
  return (r) => {
    if (left <= 0 || !match(r)) return null;
    left--;
    return fault;
  };
}

/** tries plans in turn; the first fault wins */
export function combinePlans(...plans: FaultPlan[]): FaultPlan {
  return (r) => {
    for (const p of plans) {
      const f = p(r);
      if (f) return f;
    }
    return null;
  };
}
