// Fills a data folder with a library for the benchmark, through the repositories (seconds, where
// 10,000 recordings.create calls over HTTP take minutes and leave a publish queue of 10,000 files):
// each recording gets a row as recordings.create writes it, a title from a small vocabulary, a
// length, a state (mostly ready), a measured size, and the upload rows a published recording has
// (status.json, the page, the playlists, the init, 12 segments, the poster, the MP4; all done; no
// files behind them: the library reads only the rows).
import { createCore } from '../src/main/core';
import { keys } from '../src/main/core/recording/layout';
import { UploadsRepo } from '../src/main/core/library/uploads-repo';
import { PUBLISHED } from '../src/shared/published';
import type { RecordingState } from '../src/shared/domain';

export const WORDS = ['demo', 'standup', 'bug', 'review', 'onboarding', 'release', 'design', 'sprint', 'customer', 'walkthrough', 'hotfix', 'roadmap', 'pricing', 'search', 'export', 'billing'];
const STATES: RecordingState[] = ['ready', 'ready', 'ready', 'ready', 'ready', 'ready', 'interrupted', 'finishing'];

/** a deterministic pseudo-random sequence, so every run has the same library */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export async function seedLibrary(dataDir: string, count: number, shareBaseUrl: string): Promise<{ seedMs: number; uploads: number }> {
  const core = await createCore({ dataDir, shell: 'server', version: 'bench', shareBaseUrl });
  const uploads = new UploadsRepo(core.db, Date.now);
  const random = prng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const t0 = performance.now();
  const base = Date.UTC(2026, 0, 1);
  let n = 0;
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = `rec_bench_${String(i).padStart(6, '0')}`;
      const shareId = `bench${String(i).padStart(17, '0')}`;
      core.recordings.repo.insert({
        id,
        share_id: shareId,
        title: `${pick(WORDS)} ${pick(WORDS)} ${i}`,
        state: pick(STATES),
        created_at: base + i * 60_000,
        started_at: base + i * 60_000,
        stopped_at: base + i * 60_000 + 30_000,
        duration_ms: Math.floor(random() * 3_600_000),
        width: 1920,
        height: 1080,
        fps: 30,
        link: `${shareBaseUrl}/v/${shareId}`,
        storage_target: JSON.stringify({ kind: 'local', baseUrl: shareBaseUrl }),
        owner_id: null,
      });
      core.recordings.repo.update(id, { size_bytes: Math.floor(random() * 500e6) });
      const files = [keys.status(shareId), `${shareId}/index.html`, keys.master(shareId), keys.mediaPlaylist(shareId, 'live'), keys.init(shareId, 'live')];
      for (let seq = 0; seq < 12; seq++) files.push(keys.segment(shareId, 'live', seq));
      files.push(keys.asset(shareId, PUBLISHED.poster), keys.asset(shareId, PUBLISHED.download));
      for (const key of files) {
        const u = uploads.insertGenerated({ recordingId: id, key, lane: 'live', contentType: 'application/octet-stream', cacheControl: 'no-cache' }, 'bench');
        uploads.finish(u, 'done', 100_000);
        n++;
      }
    }
  })();
  const seedMs = performance.now() - t0;
  await core.close();
  return { seedMs, uploads: n };
}
