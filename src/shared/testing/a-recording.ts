// A Recording as the API returns it, for tests: a fresh local recording with nothing uploaded yet;
// a test names only what it is about.
import type { Recording } from '../domain';

export function aRecording(patch: Partial<Recording> = {}): Recording {
  return {
    id: 'rec_12345678',
    shareId: 'share_abcdefghijklmnop',
    title: 'Recording',
    state: 'created',
    createdAt: 0,
    durationMs: 0,
    link: 'http://127.0.0.1:9/v/share_abcdefghijklmnop',
    storage: 'local',
    width: 1280,
    height: 720,
    posterUrl: null,
    downloadUrl: null,
    sizeBytes: null,
    upload: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, waiting: null },
    backfill: { state: 'none', progress: 0, etaSeconds: null, error: null },
    copies: { local: true, published: true },
    access: { watch: 'anyone', hasPassword: false, expiresAt: null },
    owner: null,
    ...patch,
  };
}
