// Settings survive a restart: what the Settings page saved (the S3 storage with its secret, the
// recorder's options, the ffmpeg path) is what a new server on the same data folder reads back.
// The secret stays usable (new recordings publish to the bucket, the connection test needs no
// re-entry) and never goes back to the page: not in an answer, not in an event, not in the library file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Recording } from '../../../shared/domain';
import type { PublicSettings, S3SettingsInput, StorageTestResult } from '../../../shared/settings';
import { startS3rver, type LocalS3 } from '../storage/testing/s3rver';
import { s3Settings } from '../storage/testing/s3-core';
import { eventually, startTestServer, tempDir, type TestServer } from '../testing/test-server';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3?.stop();
});

function value<T>(res: { ok: boolean; status: number }): T {
  if (!res.ok) throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res)}`);
  return (res as unknown as { value: T }).value;
}

/** the server-sent events the page receives, as raw text, until stopped */
async function listen(s: TestServer): Promise<{ text: () => string; stop: () => void }> {
  const abort = new AbortController();
  const res = await fetch(`${s.origin}/api/events`, { headers: { origin: s.origin, cookie: s.cookie }, signal: abort.signal });
  expect(res.status).toBe(200);
  let text = '';
  const reader = res.body!.getReader();
  void (async () => {
    try {
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(chunk);
      }
    } catch {
      // stopped
    }
  })();
  await eventually(() => text.includes(': connected'), 5_000, 'the event stream to open');
  return { text: () => text, stop: () => abort.abort() };
}

/** every file of the data folder but the secrets file, as one string */
function everythingButSecrets(dataDir: string): string {
  let out = '';
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'secrets.json') out += readFileSync(path).toString('latin1');
    }
  };
  walk(dataDir);
  return out;
}

describe('settings survive a restart', () => {
  it('keeps the storage, the recorder options and the ffmpeg path; the secret works and is never shown', async () => {
    const dataDir = tempDir('reelay-settings-');
    const secret = `secret-${randomBytes(12).toString('hex')}`;
    const s3Input: S3SettingsInput = { ...s3Settings({ endpoint: s3.endpoint, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl, prefix: 'team/' }), secretAccessKey: secret };
    const ffmpegPath = '/opt/ffmpeg-7/bin/ffmpeg';

    let s = await startTestServer({ dataDir });
    const events = await listen(s);
    // the ffmpeg path is not a page's to set over HTTP (it names the program the server runs): the
    // desktop's IPC sets it through the core, and it is kept all the same
    await s.core.setSettings({ ffmpegPath });
    const saved = await s.call('settings.set', { storage: { kind: 's3', s3: s3Input }, recorder: { countdownSeconds: 5, cameraCorner: 'top-right' } });
    const savedSettings = value<PublicSettings>(saved);
    await eventually(() => events.text().includes('event: settings-updated'), 5_000, 'the settings event');
    events.stop();
    // what the page got back, and what it was told: no secret
    expect(JSON.stringify(saved)).not.toContain(secret);
    expect(events.text()).not.toContain(secret);
    await s.close();

    // a new server on the same data folder
    s = await startTestServer({ dataDir });
    try {
      const read = await s.call('settings.get', {});
      expect(JSON.stringify(read)).not.toContain(secret);
      const settings = value<PublicSettings>(read);
      expect(settings).toEqual(savedSettings);
      const { secretAccessKey: _secret, ...publicPart } = s3Input;
      expect(settings.storage).toEqual({ kind: 's3', s3: { ...publicPart, endpoint: s3.endpoint, hasSecret: true } });
      expect(settings.recorder).toMatchObject({ countdownSeconds: 5, cameraCorner: 'top-right' });
      expect(settings.ffmpegPath).toBe(ffmpegPath);
      expect(value<{ storage: string }>(await s.call('app.info', {})).storage).toBe('s3');

      // the secret is still there: the connection test runs without it being entered again ...
      const { secretAccessKey: _omit, ...withoutSecret } = s3Input;
      const test = value<StorageTestResult>(await s.call('storage.test', withoutSecret));
      expect(test).toMatchObject({ ok: true });
      expect(JSON.stringify(test)).not.toContain(secret);
      // ... and a new recording publishes to the bucket (a lost secret would stop it: "No saved secret")
      const rec = value<Recording>(await s.call('recordings.create', { width: 640, height: 360, fps: 30, title: 'After the restart' }));
      expect(rec.storage).toBe('s3');
      expect(rec.link.startsWith(`${s3.publicBaseUrl}/team/`)).toBe(true);
      value(await s.call('recordings.start', { id: rec.id }));
      value(await s.call('recordings.putInit', { id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 640, height: 360, frameRate: 30, bitrate: 800_000, data: randomBytes(600) }));
      value(await s.call('recordings.putSegment', { id: rec.id, rendition: 'live', seq: 0, durationSec: 2, data: randomBytes(3000) }));
      value(await s.call('recordings.stop', { id: rec.id, durationMs: 2000 }));
      await eventually(async () => value<Recording>(await s.call('recordings.get', { id: rec.id })).state === 'ready', 20_000, 'the recording to be published');
      const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `team/${rec.shareId}/` }));
      expect((listed.Contents ?? []).map((o) => o.Key)).toContain(`team/${rec.shareId}/live/seg-00000.m4s`);
      expect(JSON.stringify(value(await s.call('recordings.list', {})))).not.toContain(secret);

      // on disk the secret is only in the secrets file, which only this user can read
      expect(everythingButSecrets(dataDir)).not.toContain(secret);
      expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    } finally {
      await s.close();
    }
  });

  it('keeps "share from this computer" after switching back from a bucket, and the saved secret for next time', async () => {
    const dataDir = tempDir('reelay-settings-');
    const secret = `secret-${randomBytes(12).toString('hex')}`;
    const s3Input = { ...s3Settings({ endpoint: s3.endpoint, bucket: s3.bucket, publicBaseUrl: s3.publicBaseUrl }), secretAccessKey: secret };
    let s = await startTestServer({ dataDir });
    value(await s.call('settings.set', { storage: { kind: 's3', s3: s3Input } }));
    value(await s.call('settings.set', { storage: { kind: 'local' } }));
    await s.close();

    s = await startTestServer({ dataDir });
    try {
      expect(value<PublicSettings>(await s.call('settings.get', {})).storage).toEqual({ kind: 'local' });
      const rec = value<Recording>(await s.call('recordings.create', { width: 640, height: 360, fps: 30 }));
      expect(rec.storage).toBe('local');
      expect(rec.link.startsWith(`${s.origin}/v/`)).toBe(true);
      // switching back to the bucket without typing the secret again works: it was kept
      const { secretAccessKey: _omit, ...withoutSecret } = s3Input;
      const back = value<PublicSettings>(await s.call('settings.set', { storage: { kind: 's3', s3: withoutSecret } }));
      expect(back.storage).toMatchObject({ kind: 's3', s3: { hasSecret: true } });
      expect(JSON.stringify(back)).not.toContain(secret);
    } finally {
      await s.close();
    }
  });
});
