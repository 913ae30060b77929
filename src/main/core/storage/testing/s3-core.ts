// Helpers for driving a real core against an S3 bucket in tests and benchmarks: a fake built viewer,
// S3 settings, a recording fed with segments, and checks on what landed in the bucket and in which
// order (from the fault proxy's log).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3SettingsInput } from '../../../../shared/settings';
import type { Core } from '../..';
import type { ProxyLogEntry } from './fault-proxy';

/** a built-looking renderer dir: viewer.html with the head marker, its assets and an unrelated app asset */
export function writeFakeRenderer(dir: string): { viewerAssets: string[]; otherAssets: string[] } {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(
    join(dir, 'viewer.html'),
    `<!doctype html><html><head><meta charset="UTF-8" /><!--reelay:head--><script type="module" crossorigin src="./assets/viewer-Ab12.js"></script><link rel="stylesheet" crossorigin href="./assets/viewer-Cd34.css"></head><body><video id="video"></video></body></html>`,
  );
  writeFileSync(join(dir, 'assets', 'viewer-Ab12.js'), `import("./hls-Ef56.js").then(() => console.log("viewer"));`);
  writeFileSync(join(dir, 'assets', 'hls-Ef56.js'), `export const hls = ${JSON.stringify('x'.repeat(2000))};`);
  writeFileSync(join(dir, 'assets', 'viewer-Cd34.css'), `body{background:url(./play-Gh78.svg)}`);
  writeFileSync(join(dir, 'assets', 'play-Gh78.svg'), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
  writeFileSync(join(dir, 'assets', 'index-Zz99.js'), `console.log("the app, not the viewer")`);
  return { viewerAssets: ['hls-Ef56.js', 'play-Gh78.svg', 'viewer-Ab12.js', 'viewer-Cd34.css'], otherAssets: ['index-Zz99.js'] };
}

export function s3Settings(o: { endpoint: string; bucket: string; publicBaseUrl: string; prefix?: string }): S3SettingsInput {
  return {
    preset: 'other', // s3rver, not MinIO: it holds a page object beside its folder
    endpoint: o.endpoint,
    region: 'us-east-1',
    bucket: o.bucket,
    prefix: o.prefix ?? 'rec/',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    publicBaseUrl: o.publicBaseUrl,
  };
}

export interface FedSegment {
  seq: number;
  data: Uint8Array;
  /** when putSegment resolved (durable, acknowledged) */
  ackedAt: number;
}

/** creates a recording and starts it with a live rendition's init */
export async function startRecording(core: Core, title = 'Test recording'): Promise<{ id: string; shareId: string; link: string }> {
  const rec = await core.recordings.create({ title, width: 1280, height: 720, fps: 30 });
  core.recordings.start(rec.id);
  await core.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_200_000, data: randomBytes(900) });
  return { id: rec.id, shareId: rec.shareId, link: rec.link };
}

/** feeds `count` segments of `bytes` each from `fromSeq`, one every `paceMs` (0: as fast as acked) */
export async function feedSegments(core: Core, id: string, o: { fromSeq?: number; count: number; bytes: number; paceMs?: number; durationSec?: number }): Promise<FedSegment[]> {
  const out: FedSegment[] = [];
  const start = performance.now();
  for (let i = 0; i < o.count; i++) {
    const seq = (o.fromSeq ?? 0) + i;
    if (o.paceMs) {
      const due = start + (i + 1) * o.paceMs; // a segment exists once its 2 s have been recorded
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const data = randomBytes(o.bytes);
    await core.recordings.putSegment({ id, rendition: 'live', seq, durationSec: o.durationSec ?? 2, data });
    out.push({ seq, data, ackedAt: Date.now() });
  }
  return out;
}

/** resolves when the recording has nothing left to publish (and is ready, if it was stopped) */
export async function waitPublished(core: Core, id: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const rec = core.recordings.repo.get(id);
    const settled = rec && rec.state !== 'finishing' && rec.state !== 'recording' && rec.state !== 'created' && rec.state !== 'paused';
    if (settled && core.publisher.pendingCount(id) === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) {
      const waiting = core.publisher.progress(id).waiting;
      throw new Error(`recording ${id} not published after ${timeoutMs} ms (state ${rec?.state}, ${core.publisher.pendingCount(id)} pending${waiting ? `, waiting: ${waiting.reason}` : ''})`);
    }
    await sleep(10);
  }
}

/** the HLS URIs a playlist names */
export function playlistUris(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .flatMap((l) => {
      if (l.startsWith('#EXT-X-MAP:')) return [/URI="([^"]+)"/.exec(l)?.[1] ?? ''];
      return l && !l.startsWith('#') ? [l] : [];
    })
    .filter(Boolean);
}

/**
 * Checks the order PUTs landed at the server (proxy log, bodies of playlists captured): every playlist
 * names only files that landed before it, playlists of one rendition never go back in time, and the
 * page lands after its assets. Returns the violations, in words (empty: all good).
 */
export function orderViolations(log: readonly ProxyLogEntry[], bucket: string): string[] {
  const landed = log
    .filter((e) => (e.method === 'PUT' && !e.query.includes('partNumber')) || (e.method === 'POST' && e.query.includes('uploadId')))
    .filter((e) => e.serverStatus !== null && e.serverStatus < 300)
    .sort((a, b) => a.serverDoneSeq! - b.serverDoneSeq!);
  const problems: string[] = [];
  const seen = new Set<string>();
  const segmentCount = new Map<string, { count: number; ended: boolean }>();
  for (const e of landed) {
    const key = e.path.replace(new RegExp(`^/${bucket}/`), '');
    if (key.endsWith('.m3u8') && e.body) {
      const text = e.body.toString('utf8');
      const dir = key.slice(0, key.lastIndexOf('/') + 1);
      for (const uri of playlistUris(text)) {
        if (!seen.has(dir + uri)) problems.push(`${key} landed naming ${dir + uri}, which had not landed`);
      }
      if (!key.endsWith('master.m3u8')) {
        const count = playlistUris(text).filter((u) => u.endsWith('.m4s')).length;
        const ended = text.includes('#EXT-X-ENDLIST');
        const before = segmentCount.get(key);
        if (before && (count < before.count || (before.ended && !ended))) {
          problems.push(`${key} went back in time: ${count} segments${ended ? ' +ENDLIST' : ''} after ${before.count}${before.ended ? ' +ENDLIST' : ''}`);
        }
        segmentCount.set(key, { count, ended });
      }
    }
    seen.add(key);
  }
  return problems;
}
