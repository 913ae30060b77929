// status.json: what the page knows about the recording beyond the playlists. Read at a boundary, so
// it is validated here, against the schema the core writes it by (shared/published.ts), read leniently;
// the poll schedule is a pure decision over what the last fetch returned.
import * as z from 'zod/mini';
import { STATUS_RECORDING_STATES, statusSchema, type PublishedStatus, type StatusBackfill } from '../../../shared/published';

/** the recording states a viewer knows what to do with; any other state is not a status we understand */
export type RecordingState = (typeof STATUS_RECORDING_STATES)[number];
export type BackfillState = StatusBackfill;

export interface RecordingStatus extends Pick<PublishedStatus, 'title' | 'backfill' | 'poster' | 'thumbnails' | 'download'> {
  state: RecordingState;
  /** null when the server did not say (or said something unreadable) */
  durationMs: number | null;
}

const fact = statusSchema.shape;
/** the shared schema, each optional fact falling back to "not available" when missing or mistyped */
const lenientStatus = z.object({
  state: z.enum(STATUS_RECORDING_STATES),
  title: z.catch(fact.title, ''),
  durationMs: z.catch(z.nullable(fact.durationMs), null),
  backfill: z.catch(fact.backfill, 'none'),
  poster: z.catch(fact.poster, false),
  thumbnails: z.catch(fact.thumbnails, false),
  download: z.catch(fact.download, false),
});

/**
 * Null when the document is not a status we understand (no object, unknown state). Optional facts
 * that are missing or mistyped read as "not available", so an older or newer server still works.
 */
export function parseStatus(json: unknown): RecordingStatus | null {
  const parsed = lenientStatus.safeParse(json);
  if (!parsed.success) return null;
  return { ...parsed.data, title: parsed.data.title.trim() };
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
