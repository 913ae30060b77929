// What the recorder says about saving, in words: held back by a full disk (since when, what to do),
// held up and retrying, failed for good, or the last pieces going out after Stop. Pure, so it is
// tested in Node; SaveStatus only renders it.
import type { SendQueueStatus } from '../../capture/send-queue';
import { formatBytes } from '../library/format';

export interface SaveNotice {
  text: string;
  /** error: saving stopped for good; warning: held or retrying, nothing lost; info: progress */
  tone: 'error' | 'warning' | 'info';
}

const EXPLAIN: Record<string, string> = {
  'disk-full': 'The disk is full. Free some space; nothing recorded so far is lost.',
  'storage-unreachable': 'The storage cannot be reached.',
  internal: 'Reelay is not answering.',
};

/** "14:02:31": the wall-clock time, 24-hour, to the second */
export function clockTime(epochMs: number, locale?: string): string {
  return new Date(epochMs).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** what the recorder says when saving stopped for want of room */
export function diskFullNotice(since: number, locale?: string): string {
  return `The disk is full (since ${clockTime(since, locale)}). Free some space, then press Resume.`;
}

export function saveNotice(upload: SendQueueStatus, stopping: boolean, locale?: string): SaveNotice | null {
  const waiting = upload.pending > 0 ? ` ${formatBytes(upload.pendingBytes)} not saved yet, kept in memory.` : '';
  if (upload.failed) return { text: `${upload.failed.label} could not be saved: ${upload.failed.error.message}`, tone: 'error' };
  if (upload.held) {
    const { error, since } = upload.held;
    const what = error.code === 'disk-full' ? diskFullNotice(since, locale) : `Saving stopped at ${clockTime(since, locale)}: ${error.message} Then press Resume.`;
    return { text: `${what}${waiting}`, tone: 'warning' };
  }
  if (upload.retrying) {
    const { error, retryInMs } = upload.retrying;
    const explain = EXPLAIN[error.code] ?? error.message;
    return { text: `Saving is held up: ${explain} Trying again in ${Math.max(1, Math.round(retryInMs / 1000))} s.${waiting}`, tone: 'warning' };
  }
  if (stopping && upload.pending > 0) {
    return { text: `Saving the last ${upload.pending} piece${upload.pending === 1 ? '' : 's'} (${formatBytes(upload.pendingBytes)})…`, tone: 'info' };
  }
  return null;
}
