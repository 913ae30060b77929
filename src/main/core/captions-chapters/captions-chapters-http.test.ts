// Captions and chapters over real HTTP against a real core, real media and the real upload queue: the
// owner adds them through the API; the link publishes a subtitles rendition in the master (kept when a
// rung is added), its playlist and VTT, and chapters.json; bad files and bad chapters are refused with
// messages naming what is wrong; a live recording is refused; removal takes the captions back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptionsInfo } from '../../../shared/captions';
import type { Chapter } from '../../../shared/chapters';
import type { Recording } from '../../../shared/domain';
import { parsePlaylist } from '../../../shared/hls/parse';
import { chaptersFileSchema } from '../../../shared/chapters';
import { makeLiveFixture, type LiveFixture } from '../testing/media-fixtures';
import { eventually, recordFixture, startTestServer, tempDir, valueOf, type TestServer } from '../testing/test-server';

const SECONDS = 8;
let fixture: LiveFixture;
let s: TestServer;

beforeAll(async () => {
  fixture = await makeLiveFixture(join(tempDir(), 'live'), SECONDS);
  s = await startTestServer({ rendererDir: tempDir('reelay-renderer-') });
}, 60_000);
afterAll(async () => s?.close());

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello from the captions\n\n00:04.000 --> 00:06.000\nSecond line\n';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function text(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

async function master(rec: Recording) {
  const parsed = parsePlaylist((await text(`${rec.link}/master.m3u8`)).body);
  if (parsed.kind !== 'master') throw new Error('not a master');
  return parsed;
}

describe('captions', () => {
  it('are published as a subtitles rendition the master names, with a playlist of one VTT segment over the whole recording', async () => {
    const rec = await recordFixture(s, fixture);
    const info = valueOf<CaptionsInfo>(await s.call('recordings.setCaptions', { id: rec.id, label: 'English', language: 'en', data: bytes(VTT) }));
    expect(info).toMatchObject({ label: 'English', language: 'en', cues: 2, bytes: VTT.length });
    expect(valueOf(await s.call('recordings.captions', { id: rec.id }))).toEqual(info);

    const withSubs = await eventually(async () => {
      const m = await master(rec);
      return m.media.length > 0 && m;
    }, 10_000, 'a master naming the captions');
    expect(withSubs.media).toEqual([{ TYPE: 'SUBTITLES', 'GROUP-ID': 'subs', NAME: 'English', LANGUAGE: 'en', DEFAULT: 'NO', AUTOSELECT: 'NO', URI: 'captions.m3u8' }]);
    expect(withSubs.variants.map((v) => v.attributes['SUBTITLES'])).toEqual(['subs']);
    // the master names the playlist only after it and the VTT are out
    const playlist = parsePlaylist((await text(`${rec.link}/captions.m3u8`)).body);
    expect(playlist).toMatchObject({ kind: 'media', ended: true, segments: [{ uri: 'captions.vtt' }] });
    expect(playlist.kind === 'media' && playlist.segments[0]!.durationSec).toBeCloseTo(SECONDS, 0);
    const vtt = await fetch(`${rec.link}/captions.vtt`);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await vtt.text()).toBe(VTT);
  });

  it('stay in the master when a rung is added after them', async () => {
    const rec = await recordFixture(s, fixture);
    valueOf(await s.call('recordings.setCaptions', { id: rec.id, data: bytes(VTT) }));
    await eventually(async () => (await master(rec)).media.length > 0, 10_000, 'captions in the master');
    // a rung made after the fact (the backfill's way in): the same media under another name
    const dir = tempDir('reelay-rung-');
    writeFileSync(join(dir, 'init.mp4'), fixture.init);
    const segments = fixture.segments.map((seg, i) => {
      const path = join(dir, `seg-${i}.m4s`);
      writeFileSync(path, seg.data);
      return { path, durationSec: seg.durationSec, bytes: seg.data.byteLength };
    });
    const row = s.core.recordings.repo.get(rec.id)!;
    s.core.publisher.renditionMade(row, { name: 'r240', codecs: fixture.codecs, width: 426, height: 240, frameRate: 30, bitrate: 500_000, initPath: join(dir, 'init.mp4'), segments });
    const after = await eventually(async () => {
      const m = await master(rec);
      return m.variants.length === 2 && m;
    }, 10_000, 'the rung in the master');
    expect(after.media.map((m) => m['NAME'])).toEqual(['Captions']);
    expect(after.variants.map((v) => v.attributes['SUBTITLES'])).toEqual(['subs', 'subs']);
  });

  it('refuses a file that is not good WebVTT, naming the line, and keeps what was there', async () => {
    const rec = await recordFixture(s, fixture);
    const srt = await s.call('recordings.setCaptions', { id: rec.id, data: bytes('1\n00:00:01,000 --> 00:00:02,000\nHi\n') });
    expect(srt).toMatchObject({ ok: false, status: 400, error: { code: 'invalid-input' } });
    expect(!srt.ok && srt.error.message).toMatch(/^Line 1: a WebVTT file starts with "WEBVTT"/);
    const late = await s.call('recordings.setCaptions', { id: rec.id, data: bytes('WEBVTT\n\n00:01:00.000 --> 00:01:02.000\nLate\n') });
    expect(!late.ok && late.error.message).toMatch(/^Line 3: the cue starts at 1:00\.000, after the recording ends \(0:08/);
    const latin1 = await s.call('recordings.setCaptions', { id: rec.id, data: new Uint8Array([...bytes('WEBVTT\n\n00:01.000 --> 00:02.000\nCaf'), 0xe9]) });
    expect(!latin1.ok && latin1.error.message).toMatch(/not UTF-8/);
    expect(valueOf(await s.call('recordings.captions', { id: rec.id }))).toBeNull();
  });

  it('are refused while the recording is live', async () => {
    const rec = valueOf<Recording>(await s.call('recordings.create', { width: 320, height: 180, fps: 30 }));
    await s.call('recordings.start', { id: rec.id });
    const r = await s.call('recordings.setCaptions', { id: rec.id, data: bytes(VTT) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-state', message: 'Add captions after you stop the recording: until then its length is not known.' } });
    await s.call('recordings.cancel', { id: rec.id });
  });

  it('once removed, leave the master and their VTT is emptied', async () => {
    const rec = await recordFixture(s, fixture);
    valueOf(await s.call('recordings.setCaptions', { id: rec.id, data: bytes(VTT) }));
    await eventually(async () => (await master(rec)).media.length > 0, 10_000, 'captions in the master');
    expect(valueOf(await s.call('recordings.removeCaptions', { id: rec.id }))).toBeNull();
    await eventually(async () => (await master(rec)).media.length === 0, 10_000, 'a master without captions');
    expect((await master(rec)).variants[0]!.attributes).not.toHaveProperty('SUBTITLES');
    await eventually(async () => (await text(`${rec.link}/captions.vtt`)).body === 'WEBVTT\n', 10_000, 'the emptied VTT');
  });
});

describe('chapters', () => {
  it('are kept in order and published as chapters.json', async () => {
    const rec = await recordFixture(s, fixture);
    const chapters: Chapter[] = [{ atSec: 0, title: 'Intro' }, { atSec: 4.5, title: '<i>Demo</i>' }];
    expect(valueOf(await s.call('recordings.setChapters', { id: rec.id, chapters }))).toEqual(chapters);
    expect(valueOf(await s.call('recordings.chapters', { id: rec.id }))).toEqual(chapters);
    const published = await eventually(async () => {
      const res = await text(`${rec.link}/chapters.json`);
      return res.status === 200 && chaptersFileSchema.parse(JSON.parse(res.body));
    }, 10_000, 'chapters.json');
    expect(published.chapters).toEqual(chapters);
  });

  it('refuses chapters out of order or past the end, saying which', async () => {
    const rec = await recordFixture(s, fixture);
    const late = await s.call('recordings.setChapters', { id: rec.id, chapters: [{ atSec: 60, title: 'Later' }] });
    expect(late).toMatchObject({ ok: false, status: 400, error: { code: 'invalid-input', message: 'Chapter 1 ("Later") starts at 1:00.000, after the recording ends (0:08.000).' } });
    const unordered = await s.call('recordings.setChapters', { id: rec.id, chapters: [{ atSec: 5, title: 'B' }, { atSec: 1, title: 'A' }] });
    expect(!unordered.ok && unordered.error.message).toMatch(/^Chapter 2 \("A"\) starts at 0:01\.000, not after chapter 1/);
    expect(valueOf(await s.call('recordings.chapters', { id: rec.id }))).toEqual([]);
  });
});
