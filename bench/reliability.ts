// The crash matrix (`npm run reliability`): the real server (`out/main/server.js`) is killed with
// SIGKILL at each stage of a recording's life and started again on the same data folder. Each case
// then checks what a user would: what was acknowledged plays to the end (its link's playlist is closed
// and the media it names decodes, checked with ffprobe), interrupted uploads and jobs resume and
// finish, the library row says what happened, and at most the segment in progress is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeLive, makeMaster, run, testFfprobe, type LiveMedia } from '../src/main/core/backfill/test-media';
import { startS3rver, type LocalS3 } from '../src/main/core/storage/testing/s3rver';
import { startFaultProxy, type FaultProxy } from '../src/main/core/storage/testing/fault-proxy';
import { parsePlaylist } from '../src/shared/hls/parse';
import type { Recording } from '../src/shared/domain';

const OWNER = { email: 'crash@example.test', password: 'crash-password-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.once('error', fail);
  });
}

class Server {
  private child: ChildProcess | null = null;
  private session = '';
  url: string;
  constructor(
    private readonly repoRoot: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [resolve(this.repoRoot, 'out/main/server.js'), '--port', String(this.port), '--data-dir', this.dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REELAY_OWNER_EMAIL: OWNER.email, REELAY_OWNER_PASSWORD: OWNER.password, ...this.env },
    });
    this.child = child;
    let out = '';
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((ok, fail) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Reelay server mode:')) ok();
      });
      child.once('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)));
    });
    const res = await fetch(`${this.url}/api/auth/sign-in`, { method: 'POST', headers: { origin: this.url, 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    this.session = /reelay_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  }

  kill(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = null;
  }

  headers(binaryArgs?: object): Record<string, string> {
    const h: Record<string, string> = { origin: this.url, cookie: `reelay_session=${this.session}` };
    if (binaryArgs) {
      h['content-type'] = 'application/octet-stream';
      h['x-reelay-args'] = encodeURIComponent(JSON.stringify(binaryArgs));
    } else h['content-type'] = 'application/json';
    return h;
  }

  async call<T>(method: string, input: object, data?: Uint8Array): Promise<T> {
    const res = await fetch(`${this.url}/api/call/${method}`, { method: 'POST', headers: this.headers(data ? input : undefined), body: (data ?? JSON.stringify(input)) as string });
    const json = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!json.ok) throw new Error(`${method}: ${json.error?.message}`);
    return json.value;
  }

  /** starts a segment upload and writes only half its body, then leaves it hanging: a write in progress */
  halfSegment(input: object, data: Uint8Array): void {
    const req = request(`${this.url}/api/call/recordings.putSegment`, { method: 'POST', headers: { ...this.headers(input), 'content-length': String(data.byteLength) } });
    req.on('error', () => undefined);
    req.write(data.subarray(0, data.byteLength >> 1));
  }
}

interface Media {
  master: Uint8Array;
  live: LiveMedia;
}

/** records into `server` as the renderer does; `segments` of the live rendition, and the master up to the same point */
async function record(server: Server, media: Media, segments: number, opts: { paceMs?: number } = {}): Promise<Recording> {
  const { live } = media;
  const rec = await server.call<Recording>('recordings.create', { width: live.width, height: live.height, fps: 30, title: 'crash case' });
  await server.call('recordings.start', { id: rec.id });
  await server.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: live.codecs, width: live.width, height: live.height, frameRate: 30, bitrate: 1_200_000 }, live.init);
  const chunk = Math.ceil(media.master.byteLength / live.segments.length);
  for (let seq = 0; seq < segments; seq++) {
    const s = live.segments[seq]!;
    await server.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq, durationSec: s.durationSec }, s.data);
    await server.call('recordings.putMasterChunk', { id: rec.id, seq, mimeType: 'video/webm;codecs=vp9,opus' }, media.master.subarray(seq * chunk, (seq + 1) * chunk));
    if (opts.paceMs) await sleep(opts.paceMs);
  }
  return rec;
}

const ackedSeconds = (media: Media, n: number) => media.live.segments.slice(0, n).reduce((s, x) => s + x.durationSec, 0);

/** the link's live playlist once it is closed, and the seconds its media decodes to (ffprobe on init + segments) */
async function playable(link: string, dir: string): Promise<{ ended: boolean; seconds: number; segments: number } | null> {
  const text = await fetch(`${link}/live/index.m3u8`).then((r) => (r.ok ? r.text() : null), () => null);
  if (!text) return null;
  const pl = parsePlaylist(text);
  if (pl.kind !== 'media' || !pl.map) return null;
  const base = `${link}/live/`;
  const parts: Buffer[] = [];
  for (const uri of [pl.map, ...pl.segments.map((s) => s.uri)]) {
    const res = await fetch(new URL(uri, base));
    if (!res.ok) return { ended: pl.ended, seconds: 0, segments: pl.segments.length };
    parts.push(Buffer.from(await res.arrayBuffer()));
  }
  const file = join(dir, `probe-${Date.now()}.mp4`);
  writeFileSync(file, Buffer.concat(parts));
  const out = await run(testFfprobe(), ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file]);
  return { ended: pl.ended, seconds: Number(out.trim()) / 30, segments: pl.segments.length };
}

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

export interface CaseResult {
  case: string;
  target: string;
  killedAt: string;
  stateAfter: string;
  acknowledgedSec: number;
  playableSec: number;
  lostSec: number;
  inProgressSec: number;
  recoverMs: number;
  ok: boolean;
  problems: string[];
}

interface Ctx {
  repoRoot: string;
  media: Media;
  s3: LocalS3;
  proxy: FaultProxy;
  /** the team's Reelay Server (a server-mode process of its own), behind its own fault proxy */
  team: Server;
  teamProxy: FaultProxy;
  teamToken: string;
  work: string;
}

type Target = 'embedded' | 's3 (fault proxy)' | 'Reelay Server (fault proxy)';

async function caseRun(ctx: Ctx, spec: { name: string; target: Target; killedAt: string; body: (server: Server) => Promise<{ rec: Recording; acked: number; inProgress: number; afterRestart?: (server: Server, rec: Recording) => Promise<string[]> }> }): Promise<CaseResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'reelay-crash-'));
  const env: NodeJS.ProcessEnv =
    spec.target === 'embedded'
      ? {}
      : spec.target === 'Reelay Server (fault proxy)'
        ? { REELAY_SERVER_URL: ctx.teamProxy.url, REELAY_SERVER_TOKEN: ctx.teamToken }
        : {
          REELAY_S3_ENDPOINT: ctx.proxy.url,
          REELAY_S3_REGION: 'us-east-1',
          REELAY_S3_BUCKET: ctx.s3.bucket,
          REELAY_S3_PREFIX: `${spec.name.replace(/[^a-z0-9]+/gi, '-')}/`,
          REELAY_S3_ACCESS_KEY_ID: ctx.s3.accessKeyId,
          REELAY_S3_SECRET_ACCESS_KEY: ctx.s3.secretAccessKey,
          REELAY_S3_FORCE_PATH_STYLE: 'true',
          REELAY_S3_PUBLIC_URL: ctx.s3.publicBaseUrl,
        };
  const server = new Server(ctx.repoRoot, dataDir, await freePort(), env);
  await server.start();
  const problems: string[] = [];
  try {
    const { rec, acked, inProgress, afterRestart } = await spec.body(server);
    server.kill();
    for (const p of [ctx.proxy, ctx.teamProxy]) {
      p.setBandwidth(null);
      p.setLatency(0);
    }
    const t0 = performance.now();
    await server.start();
    const probe = await until('the link to close with everything acknowledged', async () => {
      const p = await playable(rec.link, ctx.work);
      return p && p.ended && p.segments >= acked ? p : null;
    });
    const after = await server.call<Recording>('recordings.get', { id: rec.id });
    if (afterRestart) problems.push(...(await afterRestart(server, rec)));
    const recoverMs = Math.round(performance.now() - t0);
    const ackedSec = ackedSeconds(ctx.media, acked);
    const lost = Math.max(0, ackedSec - probe.seconds);
    if (lost > 0.05) problems.push(`acknowledged ${ackedSec.toFixed(2)} s, playable ${probe.seconds.toFixed(2)} s`);
    if (!['interrupted', 'ready'].includes(after.state)) problems.push(`library says ${after.state}`);
    return {
      case: spec.name,
      target: spec.target,
      killedAt: spec.killedAt,
      stateAfter: after.state + (after.backfill.state !== 'none' ? `, HD ${after.backfill.state}` : ''),
      acknowledgedSec: Math.round(ackedSec * 100) / 100,
      playableSec: Math.round(probe.seconds * 100) / 100,
      lostSec: Math.round(lost * 100) / 100,
      inProgressSec: inProgress,
      recoverMs,
      ok: problems.length === 0,
      problems,
    };
  } catch (e) {
    return { case: spec.name, target: spec.target, killedAt: spec.killedAt, stateAfter: '?', acknowledgedSec: 0, playableSec: 0, lostSec: NaN, inProgressSec: 0, recoverMs: NaN, ok: false, problems: [e instanceof Error ? e.message : String(e)] };
  } finally {
    server.stop();
  }
}

export async function runCrashMatrix(o: { repoRoot: string }): Promise<{ results: CaseResult[]; table: string }> {
  const work = mkdtempSync(join(tmpdir(), 'reelay-crash-media-'));
  const masterPath = await makeMaster(work, { seconds: 12, width: 1280, height: 720, fps: 30, codec: 'vp9' });
  const live = await makeLive(masterPath, join(work, 'live'));
  const { readFileSync } = await import('node:fs');
  const media: Media = { master: new Uint8Array(readFileSync(masterPath)), live };
  const s3 = await startS3rver({ bucket: 'crash', childScript: join(o.repoRoot, 'src/main/core/storage/testing/s3rver-process.cjs') });
  const proxy = await startFaultProxy({ target: s3.endpoint });
  const team = new Server(o.repoRoot, mkdtempSync(join(tmpdir(), 'reelay-crash-team-')), await freePort(), {});
  await team.start();
  const teamProxy = await startFaultProxy({ target: team.url });
  const { token: teamToken } = await team.call<{ token: string }>('tokens.create', { name: 'crash matrix recorder' });
  const ctx: Ctx = { repoRoot: o.repoRoot, media, s3, proxy, team, teamProxy, teamToken, work };
  const n = live.segments.length;
  const results: CaseResult[] = [];
  /** the whole recording acknowledged and stopped, its uploads crawling through `link` (2 Mbit/s, 80 ms); returns once some but not all went */
  const stoppedWithUploadsInFlight = async (server: Server, link: typeof proxy): Promise<Recording> => {
    link.setBandwidth(2_000_000);
    link.setLatency(80);
    const rec = await record(server, media, n);
    await server.call('recordings.stop', { id: rec.id, durationMs: Math.round(ackedSeconds(media, n) * 1000) });
    await until('an upload in flight', async () => {
      const r = await server.call<Recording>('recordings.get', { id: rec.id });
      return r.upload.filesDone > 0 && r.upload.filesDone < r.upload.filesTotal;
    }, 30_000);
    return rec;
  };
  try {
    results.push(
      await caseRun(ctx, {
        name: 'capture',
        target: 'embedded',
        killedAt: 'recording, between two segments',
        body: async (server) => ({ rec: await record(server, media, 3, { paceMs: 300 }), acked: 3, inProgress: 0 }),
      }),
    );
    results.push(
      await caseRun(ctx, {
        name: 'intake mid-write',
        target: 'embedded',
        killedAt: 'half of a segment received',
        body: async (server) => {
          const rec = await record(server, media, 3);
          server.halfSegment({ id: rec.id, rendition: 'live', seq: 3, durationSec: live.segments[3]!.durationSec }, live.segments[3]!.data);
          await sleep(300);
          return { rec, acked: 3, inProgress: live.segments[3]!.durationSec };
        },
      }),
    );
    results.push(
      await caseRun(ctx, {
        name: 'publish mid-upload',
        target: 's3 (fault proxy)',
        killedAt: 'uploads in flight (2 Mbit/s, 80 ms)',
        body: async (server) => ({ rec: await stoppedWithUploadsInFlight(server, proxy), acked: n, inProgress: 0 }),
      }),
    );
    results.push(
      await caseRun(ctx, {
        name: 'Stop / finish',
        target: 's3 (fault proxy)',
        killedAt: 'right after Stop returned (finishing)',
        body: async (server) => {
          proxy.setLatency(150);
          const rec = await record(server, media, n);
          const stopped = await server.call<Recording>('recordings.stop', { id: rec.id, durationMs: Math.round(ackedSeconds(media, n) * 1000) });
          if (stopped.state !== 'finishing') throw new Error(`expected finishing at Stop, got ${stopped.state}`);
          return { rec, acked: n, inProgress: 0 };
        },
      }),
    );
    results.push(
      await caseRun(ctx, {
        name: 'publish mid-upload',
        target: 'Reelay Server (fault proxy)',
        killedAt: 'uploads in flight (2 Mbit/s, 80 ms)',
        body: async (server) => {
          const rec = await stoppedWithUploadsInFlight(server, teamProxy);
          return {
            rec,
            acked: n,
            inProgress: 0,
            afterRestart: async (_, r) => {
              // the team's library has it too, with the recorder's state
              const onTeam = await until("the recording in the team server's library, ready", async () => {
                const list = await team.call<Recording[]>('recordings.list', {});
                return list.find((x) => x.link === r.link && x.state === 'ready');
              }, 60_000);
              return onTeam.link.startsWith(`${team.url}/v/`) ? [] : [`the link ${onTeam.link} is not on the team server`];
            },
          };
        },
      }),
    );
    const backfillCase = (name: string, fraction: number) =>
      caseRun(ctx, {
        name,
        target: 'embedded',
        killedAt: `HD versions at ${Math.round(fraction * 100)}%`,
        body: async (server) => {
          const rec = await record(server, media, n);
          await server.call('recordings.stop', { id: rec.id, durationMs: Math.round(ackedSeconds(media, n) * 1000) });
          await until(`the HD job past ${fraction}`, async () => {
            const r = await server.call<Recording>('recordings.get', { id: rec.id });
            return r.backfill.state === 'running' && r.backfill.progress >= fraction;
          }, 120_000);
          return {
            rec,
            acked: n,
            inProgress: 0,
            afterRestart: async (s, r) => {
              const done = await until('the HD job to finish after the restart', async () => {
                const x = await s.call<Recording>('recordings.get', { id: r.id });
                return x.backfill.state === 'done' || x.backfill.state === 'failed' ? x : null;
              }, 300_000);
              const problems: string[] = [];
              if (done.backfill.state !== 'done') problems.push(`HD versions ${done.backfill.state}: ${done.backfill.error}`);
              const master = await fetch(`${r.link}/master.m3u8`).then((x) => x.text());
              if (!/r\d+\/index\.m3u8/.test(master)) problems.push('no HD rung in the master playlist');
              if ((await fetch(`${r.link}/download.mp4`, { method: 'HEAD' })).status !== 200) problems.push('no MP4 download');
              return problems;
            },
          };
        },
      });
    results.push(await backfillCase('backfill mid-run', 0.2));
    results.push(await backfillCase('MP4 export (late in the HD job)', 0.8));
  } finally {
    await proxy.close();
    await teamProxy.close();
    team.stop();
    await s3.stop();
  }
  const rows = results.map(
    (r) =>
      `| ${r.case} | ${r.target} | ${r.killedAt} | ${r.stateAfter} | ${r.acknowledgedSec} | ${r.playableSec} | ${r.lostSec} | ${r.inProgressSec} | ${r.recoverMs} | ${r.ok ? 'yes' : `NO: ${r.problems.join('; ')}`} |`,
  );
  const table = [
    '| case | target | killed at | library after restart | acknowledged (s) | playable to the end (s) | lost of acknowledged (s) | in progress at the kill (s) | recovered in (ms) | ok |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  return { results, table };
}
