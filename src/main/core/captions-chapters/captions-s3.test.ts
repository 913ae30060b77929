// Captions and chapters on a recording published to an S3 bucket (the desktop app's bucket links):
// through the same upload queue they reach the bucket, so the link plays them from the bucket alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '..';
import { parsePlaylist } from '../../../shared/hls/parse';
import { chaptersFileSchema } from '../../../shared/chapters';
import { startS3rver, type LocalS3 } from '../storage/testing/s3rver';
import { feedSegments, s3Settings, startRecording, waitPublished } from '../storage/testing/s3-core';

let s3: LocalS3;
let dataDir: string;
let core: Core;
beforeAll(async () => {
  s3 = await startS3rver();
  dataDir = mkdtempSync(join(tmpdir(), 'reelay-core-'));
  core = await createCore({
    dataDir,
    shell: 'electron',
    version: 'test',
    shareBaseUrl: 'http://127.0.0.1:1',
    retry: { baseDelayMs: 10, maxDelayMs: 100, jitter: 0 },
    s3FromEnv: s3Settings({ endpoint: s3.endpoint, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl }),
  });
  await core.start();
}, 60_000);
afterAll(async () => {
  await core?.close();
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('captions and chapters on a bucket link', () => {
  it('reach the bucket: the master there names the subtitles rendition, whose playlist and VTT are beside it, and chapters.json', async () => {
    const rec = await startRecording(core);
    await feedSegments(core, rec.id, { count: 3, bytes: 20_000 });
    core.recordings.stop(rec.id, 6000);
    await waitPublished(core, rec.id);
    const row = core.recordings.repo.get(rec.id)!;
    const vtt = 'WEBVTT\n\n00:01.000 --> 00:02.000\nFrom the bucket\n';
    core.captions.set(row, { data: new TextEncoder().encode(vtt), label: 'English', language: 'en' });
    core.chapters.set(row, [{ atSec: 0, title: 'Start' }, { atSec: 3, title: 'Middle' }]);
    await waitPublished(core, rec.id);

    const master = parsePlaylist(await (await fetch(`${rec.link}/master.m3u8`)).text());
    expect(master.kind === 'master' && master.media.map((m) => [m['NAME'], m['URI']])).toEqual([['English', 'captions.m3u8']]);
    const playlist = parsePlaylist(await (await fetch(`${rec.link}/captions.m3u8`)).text());
    expect(playlist).toMatchObject({ kind: 'media', ended: true, segments: [{ uri: 'captions.vtt', durationSec: 6 }] });
    expect(await (await fetch(`${rec.link}/captions.vtt`)).text()).toBe(vtt);
    expect(chaptersFileSchema.parse(await (await fetch(`${rec.link}/chapters.json`)).json()).chapters.map((c) => c.title)).toEqual(['Start', 'Middle']);
  });
});
