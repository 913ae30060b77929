// Domain types shared by every process. Pure: no electron, node or DOM imports.
import type { LinkAccess } from './accounts';
import type { ImportProgress } from './import';

export const RECORDING_STATES = [
  'created', // row exists, link allocated, capture not started
  'recording',
  'paused',
  'ready', // stopped, every segment and the final playlists are published
  'finishing', // stopped, waiting for the upload queue to publish the tail
  'interrupted', // the app or tab died mid-recording; recovered up to its last durable segment
  'cancelled',
] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/** where a recording is published: this computer's share server, a bucket, or a team's Reelay Server */
export type StorageKind = 'local' | 's3' | 'reelay';

export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** set while the queue waits: the network is down or the storage rejected our credentials */
  waiting: null | { reason: string; retryable: boolean };
}

export type BackfillState = 'none' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface BackfillProgress {
  state: BackfillState;
  /** 0..1 */
  progress: number;
  etaSeconds: number | null;
  error: string | null;
}

export interface Recording {
  id: string;
  shareId: string;
  title: string;
  state: RecordingState;
  createdAt: number; // ms since epoch
  /** recorded time, paused time excluded */
  durationMs: number;
  link: string;
  storage: StorageKind;
  width: number | null;
  height: number | null;
  /** URL of the poster image once the backfill made one */
  posterUrl: string | null;
  /** URL of the MP4 download once it is published */
  downloadUrl: string | null;
  /** bytes its files take on this computer, measured when it settles; null: not measured yet */
  sizeBytes: number | null;
  upload: UploadProgress;
  backfill: BackfillProgress;
  /** where it still is: on this computer (its captured files) and at its link (published) */
  copies: { local: boolean; published: boolean };
  /** who may watch the link (Reelay Server; elsewhere always anyone with the link) */
  access: LinkAccess;
  /** the email of the member who made it (Reelay Server); null: the owner's from before accounts, or the desktop's */
  owner: string | null;
  /** an imported video whose first rendition is being made (absent otherwise) */
  importing?: ImportProgress;
}

/** The rendition name of the variant encoded live in the renderer. */
export const LIVE_RENDITION = 'live';
