// The publish queue's promises, against the real core, SQLite and files, with a storage that is slow
// and unreliable at random: a viewer never sees a playlist naming a segment that isn't there, never an
// older playlist after a newer one, and every file arrives.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '..';
import { tempDir, eventually } from '../testing/test-server';
import { StorageError, type Storage } from '../storage/storage';
import { parsePlaylist } from '../../../shared/hls/parse';

interface Put {
  key: string;
  text: string | null;
}

function slowFlakyStorage(inner: Storage, puts: Put[], seed = 1): Storage {
  let s = seed;
  const rand = (): number => ((s = (s * 48271) % 2147483647) / 2147483647);
  return {
    kind: inner.kind,
    linkFor: (id) => inner.linkFor(id),
    deletePrefix: (p) => inner.deletePrefix(p),
    async put(key, body, opts) {
      await new Promise((r) => setTimeout(r, rand() * (key.endsWith('.m4s') ? 40 : 5)));
      if (rand() < 0.2) throw new StorageError('storage-unreachable', 'connection reset (injected)', true);
      await inner.put(key, body, opts);
      puts.push({ key, text: 'data' in body ? new TextDecoder().decode(body.data) : null });
    },
  };
}

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('upload queue', () => {
  it('publishes in order through a slow, failing storage, and every playlist names only published segments', async () => {
    const puts: Put[] = [];
    core = await createCore({
      dataDir: tempDir(),
      shell: 'server',
      version: 't',
      shareBaseUrl: 'http://127.0.0.1:1',
      retry: { baseDelayMs: 5, maxDelayMs: 20, jitter: 0.5 },
      wrapStorage: (st) => slowFlakyStorage(st, puts, 42),
    });
    await core.start();
    const r = core.recordings;
    const rec = await r.create({ width: 640, height: 360, fps: 30 });
    r.start(rec.id);
    await r.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 640, height: 360, frameRate: 30, bitrate: 1_000_000, data: new Uint8Array([1, 2, 3]) });
    const N = 25;
    for (let seq = 0; seq < N; seq++) {
      await r.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: 2, data: new Uint8Array(1000 + seq) });
      if (seq % 5 === 0) await new Promise((res) => setTimeout(res, 15));
    }
    r.stop(rec.id, N * 2000);
    await eventually(() => r.get(rec.id).state === 'ready', 20_000, 'ready');

    const published = new Set<string>();
    let lastCount = -1;
    let sawEnd = false;
    for (const p of puts) {
      if (p.key.endsWith('live/index.m3u8')) {
        const pl = parsePlaylist(p.text!);
        if (pl.kind !== 'media') throw new Error('media expected');
        for (const seg of pl.segments) expect(published.has(`${rec.shareId}/live/${seg.uri}`), `${seg.uri} named before it was published`).toBe(true);
        expect(pl.segments.length, 'an older playlist replaced a newer one').toBeGreaterThanOrEqual(lastCount);
        expect(sawEnd, 'a playlist was published after the final one').toBe(false);
        lastCount = pl.segments.length;
        sawEnd = pl.ended;
      } else if (p.key.endsWith('master.m3u8')) {
        expect(published.has(`${rec.shareId}/live/index.m3u8`), 'master named a playlist before it existed').toBe(true);
      }
      published.add(p.key);
    }
    expect(sawEnd).toBe(true);
    expect(lastCount).toBe(N);
    for (let seq = 0; seq < N; seq++) expect(published.has(`${rec.shareId}/live/seg-${String(seq).padStart(5, '0')}.m4s`)).toBe(true);
    // 'ready' re-publishes status.json: wait for that last file too
    const progress = await eventually(() => {
      const u = r.get(rec.id).upload;
      return u.filesDone === u.filesTotal ? u : null;
    }, 5000, 'queue drained');
    // init, N segments, N playlists, first master, status at create and start, then at Stop: playlist, master, status; status at ready
    expect(progress.filesTotal).toBe(2 * N + 8);
    expect(progress.waiting).toBeNull();
  });

  it('resumes unfinished uploads after a restart', async () => {
    const dataDir = tempDir();
    let block = true;
    const blocking = (st: Storage): Storage => ({
      ...st,
      kind: st.kind,
      linkFor: (id) => st.linkFor(id),
      deletePrefix: (p) => st.deletePrefix(p),
      put: async (key, body, opts) => {
        if (block && key.endsWith('.m4s')) throw new StorageError('storage-unreachable', 'offline (injected)', true);
        return st.put(key, body, opts);
      },
    });
    core = await createCore({ dataDir, shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1', retry: { baseDelayMs: 5, maxDelayMs: 10, jitter: 0 }, wrapStorage: blocking });
    await core.start();
    const rec = await core.recordings.create({ width: 640, height: 360, fps: 30 });
    core.recordings.start(rec.id);
    await core.recordings.putInit({ id: rec.id, rendition: 'live', codecs: 'avc1.640028', bitrate: 1_000_000, data: new Uint8Array([1]) });
    for (let seq = 0; seq < 3; seq++) await core.recordings.putSegment({ id: rec.id, rendition: 'live', seq, durationSec: 2, data: new Uint8Array(10) });
    core.recordings.stop(rec.id, 6000);
    await eventually(() => core!.recordings.get(rec.id).upload.waiting !== null, 5000, 'waiting');
    expect(core.recordings.get(rec.id).state).toBe('finishing');
    await core.close();

    block = false;
    core = await createCore({ dataDir, shell: 'server', version: 't', shareBaseUrl: 'http://127.0.0.1:1', wrapStorage: blocking });
    await core.start();
    await eventually(() => core!.recordings.get(rec.id).state === 'ready', 10_000, 'ready after restart');
    const pl = parsePlaylist(await (await import('node:fs/promises')).readFile(`${dataDir}/share/${rec.shareId}/live/index.m3u8`, 'utf8'));
    expect(pl).toMatchObject({ kind: 'media', ended: true });
    if (pl.kind === 'media') expect(pl.segments).toHaveLength(3);
  });
});
