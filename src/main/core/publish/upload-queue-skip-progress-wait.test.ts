// The upload queue on the way to a bucket: it skips a superseded playlist only when nothing generated
// in between may name it, reports progress while a large file is sent (no more often than asked),
// and waits: on a network failure until the network is back (then every recording resumes at once),
// on an error only the user can fix (bad credentials) without retrying in a loop.
// Waits are on conditions; time is an injected clock (the queue's `now`, a fake Date for progress).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../library/database';
import { StorageError, type PutBody, type PutOptions, type Storage } from '../storage/storage';
import { ReelayError } from '../errors';
import { UploadsRepo } from '../library/uploads-repo';
import { UploadQueue, type UploadQueueDeps } from './upload-queue';

let dir: string;
let db: Database;
let uploads: UploadsRepo;
let queue: UploadQueue | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await queue?.close();
  queue = null;
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function setup(storage: Storage, extra: Partial<UploadQueueDeps> = {}): UploadQueue {
  dir = mkdtempSync(join(tmpdir(), 'reelay-queue-'));
  db = openDatabase(join(dir, 'library.sqlite'));
  for (const id of ['rec-a', 'rec-b']) {
    db.prepare(
      `INSERT INTO recordings (id, share_id, title, state, created_at, link, storage_target) VALUES (?, ?, 't', 'recording', 0, 'l', '{"kind":"local","baseUrl":"x"}')`,
    ).run(id, `share-${id}`);
  }
  uploads = new UploadsRepo(db, () => 0);
  queue = new UploadQueue({
    uploads,
    storageFor: () => storage,
    render: (item) => new TextEncoder().encode(`${item.generator}#${item.id}`),
    retry: { maxAttempts: Infinity, baseDelayMs: 5, maxDelayMs: 20, jitter: 0 },
    concurrency: 2,
    ...extra,
  });
  return queue;
}

class RecordingStorage implements Storage {
  readonly kind = 's3' as const;
  readonly puts: { key: string; body: string }[] = [];
  failures: (Error | null)[] = [];
  async put(key: string, body: PutBody, options: PutOptions): Promise<void> {
    const f = this.failures.shift();
    if (f) throw f;
    this.puts.push({ key, body: 'data' in body ? new TextDecoder().decode(body.data) : body.path });
    options.onProgress?.(1);
  }
  async deletePrefix(): Promise<number> {
    return 0;
  }
  linkFor(id: string): string {
    return id;
  }
}

function enqueueFile(recordingId: string, key: string, path: string, bytes: number, contentType: string, cacheControl: string): void {
  uploads.insertFile({ recordingId, key, lane: 'live', contentType, cacheControl }, path, bytes);
}

function enqueueGenerated(recordingId: string, key: string, generator: string, contentType: string, cacheControl: string): void {
  uploads.insertGenerated({ recordingId, key, lane: 'live', contentType, cacheControl }, generator);
}

/** resolves once nothing of the recording is left to send */
async function drained(_q: UploadQueue, id = 'rec-a'): Promise<void> {
  await vi.waitFor(() => expect(uploads.pendingCount(id), `uploads of ${id} still pending`).toBe(0), { timeout: 5_000, interval: 5 });
}

describe('UploadQueue: superseded playlists, progress, waiting', () => {
  it('skips a playlist superseded by a newer copy when only media files lie between', async () => {
    const storage = new RecordingStorage();
    const q = setup(storage);
    enqueueGenerated('rec-a', 's/live/index.m3u8', 'media-playlist:live', 'x', 'no-cache');
    enqueueFile('rec-a', 's/live/seg-00001.m4s', '/seg1', 1, 'x', 'immutable');
    enqueueGenerated('rec-a', 's/live/index.m3u8', 'media-playlist:live', 'x', 'no-cache');
    q.start();
    await drained(q);
    expect(storage.puts.map((p) => p.key)).toEqual(['s/live/seg-00001.m4s', 's/live/index.m3u8']);
  });

  it('sends a superseded playlist when a master queued in between names it', async () => {
    const storage = new RecordingStorage();
    const q = setup(storage);
    enqueueGenerated('rec-a', 's/live/index.m3u8', 'media-playlist:live', 'x', 'no-cache');
    enqueueGenerated('rec-a', 's/master.m3u8', 'master', 'x', 'no-cache');
    enqueueFile('rec-a', 's/live/seg-00001.m4s', '/seg1', 1, 'x', 'immutable');
    enqueueGenerated('rec-a', 's/live/index.m3u8', 'media-playlist:live', 'x', 'no-cache');
    q.start();
    await drained(q);
    expect(storage.puts.map((p) => p.key)).toEqual(['s/live/index.m3u8', 's/master.m3u8', 's/live/seg-00001.m4s', 's/live/index.m3u8']);
  });

  it('reports progress while a large file is sent, at most every progressIntervalMs', async () => {
    // the clock is ours: each 100 bytes take 10 ms of it
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const changes: number[] = [];
    const reportedAt: number[] = [];
    const storage: Storage = {
      kind: 's3',
      async put(_key, _body, options) {
        for (let i = 1; i <= 10; i++) {
          options.onProgress?.(i * 100);
          vi.setSystemTime(Date.now() + 10);
          await Promise.resolve();
        }
      },
      deletePrefix: async () => 0,
      linkFor: (id) => id,
    };
    const q = setup(storage, {
      progressIntervalMs: 30,
      onChange: () => {
        changes.push(q.progress('rec-a').bytesDone);
        reportedAt.push(Date.now());
      },
    });
    enqueueFile('rec-a', 's/download.mp4', '/big', 1000, 'video/mp4', 'immutable');
    q.start();
    await drained(q);
    const during = changes.slice(0, -1);
    const duringAt = reportedAt.slice(0, -1);
    // the 90 ms upload is followed: several reports, each further along, with bytes in between
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.some((b) => b > 0 && b < 1000)).toBe(true);
    for (let i = 1; i < during.length; i++) {
      expect(during[i]!).toBeGreaterThan(during[i - 1]!);
      // never more often than every progressIntervalMs
      expect(duringAt[i]! - duringAt[i - 1]!).toBeGreaterThanOrEqual(30);
    }
    // and at the end, everything
    expect(changes.at(-1)).toBe(1000);
  });

  it('retries other recordings at once when one gets through after a network failure', async () => {
    const storage = new RecordingStorage();
    const down = (): StorageError => new StorageError('storage-unreachable', 'connection reset', true);
    storage.failures = [down(), down()];
    let t = 0;
    const q = setup(storage, { retry: { maxAttempts: Infinity, baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 }, now: () => t });
    enqueueFile('rec-a', 'a/1', '/a1', 1, 'x', 'immutable');
    enqueueFile('rec-b', 'b/1', '/b1', 1, 'x', 'immutable');
    q.start();
    await vi.waitFor(() => {
      expect(q.progress('rec-a').waiting).toMatchObject({ retryable: true });
      expect(q.progress('rec-b').waiting).toMatchObject({ retryable: true });
    });
    expect(storage.puts).toEqual([]); // both wait out their 60 s backoff (the clock stands still)
    // the network returns: the OS says so (Electron's 'online'), or one upload gets through
    t = 1;
    q.networkBack();
    await drained(q, 'rec-a');
    await drained(q, 'rec-b');
    expect(storage.puts.map((p) => p.key).sort()).toEqual(['a/1', 'b/1']);
  });

  it('treats a ReelayError that says not retryable as waiting for the user', async () => {
    const storage = new RecordingStorage();
    const q = setup(storage, {
      now: () => 0,
      storageFor: () => {
        throw new ReelayError('storage-auth', 'No saved secret for access key AKID.', false);
      },
    });
    enqueueFile('rec-a', 'a/1', '/a1', 1, 'x', 'immutable');
    q.start();
    await vi.waitFor(() => expect(q.progress('rec-a').waiting).not.toBeNull());
    expect(q.progress('rec-a').waiting).toEqual({ reason: 'No saved secret for access key AKID.', retryable: false });
    const next = db.prepare('SELECT next_attempt_at FROM uploads').pluck().get() as number;
    expect(next).toBe(60_000);
  });
});
