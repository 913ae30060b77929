// status.json: what the page knows about the recording beyond the playlists. Read at a boundary, so
// it is validated here; the poll schedule is a pure decision over what the last fetch returned.
export const RECORDING_STATES = ['recording', 'paused', 'finishing', 'ready', 'interrupted'] as const;
export const BACKFILL_STATES = ['none', 'queued', 'running', 'done', 'failed'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];
export type BackfillState = (typeof BACKFILL_STATES)[number];

export interface RecordingStatus {
  title: string;
  state: RecordingState;
  durationMs: number | null;
  backfill: BackfillState;
  poster: boolean;
  thumbnails: boolean;
  download: boolean;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * Null when the document is not a status we understand (no object, unknown state). Optional facts
 * that are missing or mistyped read as "not available", so an older or newer server still works.
 */
export function parseStatus(json: unknown): RecordingStatus | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  if (!oneOf(RECORDING_STATES, o.state)) return null;
  const duration = o.durationMs;
  return {
    title: typeof o.title === 'string' ? o.title.trim() : '',
    state: o.state,
    durationMs: typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : null,
    backfill: oneOf(BACKFILL_STATES, o.backfill) ? o.backfill : 'none',
    poster: o.poster === true,
    thumbnails: o.thumbnails === true,
    download: o.download === true,
  };
}

/** What one fetch of status.json gave. */
export type StatusFetch =
  | { kind: 'ok'; status: RecordingStatus }
  /** 404/403/410: there is no status file (older server, or not published yet) */
  | { kind: 'missing' }
  /** network error, 5xx, or a body we could not read */
  | { kind: 'failed' };

export interface PollPolicy {
  /** while something is still changing */
  activeMs: number;
  /** interrupted recordings are recovered on the recorder's next start, which may be a while */
  slowMs: number;
  /** no status file while the playlist is still open */
  missingMs: number;
  /** failures back off from activeMs, doubling up to this */
  failureCapMs: number;
}

export const STATUS_POLL: PollPolicy = { activeMs: 5_000, slowMs: 30_000, missingMs: 10_000, failureCapMs: 60_000 };

export function isBackfillPending(status: RecordingStatus | null): boolean {
  return status !== null && (status.backfill === 'queued' || status.backfill === 'running');
}

/** Nothing about this recording will change any more. */
export function isFinal(status: RecordingStatus): boolean {
  return status.state === 'ready' && !isBackfillPending(status);
}

/**
 * Milliseconds until the next poll, or null to stop polling.
 * @param failures consecutive failed fetches, including this one
 * @param playlistEnded the media playlist has ENDLIST (the recording is over as far as playback goes)
 */
export function nextStatusPoll(
  fetch: StatusFetch,
  failures: number,
  playlistEnded: boolean,
  policy: PollPolicy = STATUS_POLL,
): number | null {
  switch (fetch.kind) {
    case 'ok':
      if (isFinal(fetch.status)) return null;
      return fetch.status.state === 'interrupted' ? policy.slowMs : policy.activeMs;
    case 'missing':
      return playlistEnded ? null : policy.missingMs;
    case 'failed':
      return Math.min(policy.failureCapMs, policy.activeMs * 2 ** Math.max(0, failures - 1));
  }
}

/**
 * Whether the viewer should treat the recording as live: the recorder says so, or (without a status,
 * or while it is finishing) the playlist has no ENDLIST yet.
 */
export function isLive(status: RecordingStatus | null, playlistLive: boolean | null): boolean {
  if (status === null || status.state === 'finishing') return playlistLive === true;
  return status.state === 'recording' || status.state === 'paused';
}

/**
 * Whether master.m3u8 may have gained renditions since the last look: while a backfill runs each
 * finished rung is added, and once more when it is done.
 */
export function shouldCheckMaster(previous: RecordingStatus | null, next: RecordingStatus): boolean {
  if (next.backfill === 'running') return true;
  return next.backfill === 'done' && previous?.backfill !== 'done';
}
