// How the library words and numbers things. Pure, so it is tested in Node.
import type { BackfillProgress, Recording, RecordingState, UploadProgress } from '../../../../shared/domain';

/** 0:07, 12:34, 1:02:03 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One formatter per locale: Date.toLocaleString builds a new Intl.DateTimeFormat on every call, and a
 * page of cards spent a sixth of its first render there.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** "Nov 21, 2026, 14:05" in the user's locale. */
export function formatDateTime(epochMs: number, locale?: string): string {
  let format = dateTimeFormats.get(locale ?? '');
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale ?? '', format);
  }
  return format.format(epochMs);
}

/** A recording's title, or when it has none, when it was made. */
export function displayTitle(recording: Pick<Recording, 'title' | 'createdAt'>, locale?: string): string {
  return recording.title.trim() || `Recording ${formatDateTime(recording.createdAt, locale)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

const STATE_LABELS: Record<RecordingState, string> = {
  created: 'Starting',
  recording: 'Recording',
  paused: 'Paused',
  finishing: 'Publishing',
  ready: 'Ready',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
};

export function stateLabel(state: RecordingState): string {
  return STATE_LABELS[state];
}

export interface ProgressLine {
  text: string;
  /** 0..1, or null when there is nothing to measure */
  fraction: number | null;
  tone: 'normal' | 'warning' | 'error';
}

/** The upload line, or null when everything is published. */
export function uploadLine(upload: UploadProgress): ProgressLine | null {
  if (upload.waiting) {
    return { text: `Upload waiting: ${upload.waiting.reason}`, fraction: fraction(upload), tone: upload.waiting.retryable ? 'warning' : 'error' };
  }
  if (upload.filesTotal === 0 || upload.filesDone >= upload.filesTotal) return null;
  const size = upload.bytesTotal > 0 ? ` (${formatBytes(upload.bytesDone)} of ${formatBytes(upload.bytesTotal)})` : '';
  return { text: `Uploading ${upload.filesDone} of ${upload.filesTotal} files${size}`, fraction: fraction(upload), tone: 'normal' };
}

function fraction(upload: UploadProgress): number | null {
  if (upload.bytesTotal > 0) return Math.min(1, upload.bytesDone / upload.bytesTotal);
  if (upload.filesTotal > 0) return Math.min(1, upload.filesDone / upload.filesTotal);
  return null;
}

/** The line about higher-quality versions, or null when there is nothing to say. */
export function backfillLine(backfill: BackfillProgress): ProgressLine | null {
  switch (backfill.state) {
    case 'none':
    case 'cancelled':
      return null;
    case 'queued':
      return { text: 'HD versions queued', fraction: 0, tone: 'normal' };
    case 'running': {
      const pct = Math.round(backfill.progress * 100);
      const eta = backfill.etaSeconds !== null && backfill.etaSeconds > 0 ? `, about ${formatDuration(backfill.etaSeconds * 1000)} left` : '';
      return { text: `Making HD versions: ${pct}%${eta}`, fraction: backfill.progress, tone: 'normal' };
    }
    case 'done':
      return { text: 'HD versions ready', fraction: null, tone: 'normal' };
    case 'failed':
      return { text: `HD versions failed${backfill.error ? `: ${backfill.error}` : ''}`, fraction: null, tone: 'error' };
  }
}
