import { describe, expect, it } from 'vitest';
import type { SendQueueStatus } from '../../capture/send-queue';
import { clockTime, diskFullNotice, saveNotice } from './save-notice';

const idle: SendQueueStatus = { pending: 0, pendingBytes: 0, acked: 3, ackedBytes: 300, retrying: null, failed: null, held: null };
/** 14:02:31 on this machine's clock, whatever its time zone */
const at140231 = new Date(2026, 10, 28, 14, 2, 31).getTime();
const diskFull = { code: 'disk-full' as const, message: 'The disk is full: segment 12 was not saved.', retryable: true };

describe('saveNotice', () => {
  it('says nothing while every piece is saved', () => {
    expect(saveNotice(idle, false)).toBeNull();
    expect(saveNotice(idle, true)).toBeNull();
  });

  it('when a full disk holds saving back: since when, what to do, and what is kept', () => {
    const held = { ...idle, pending: 3, pendingBytes: 1_250_000, held: { label: 'live segment 12', error: diskFull, since: at140231 } };
    expect(saveNotice(held, false, 'en-GB')).toEqual({
      text: 'The disk is full (since 14:02:31). Free some space, then press Resume. 1.3 MB not saved yet, kept in memory.',
      tone: 'warning',
    });
  });

  it('another hold says what main said, and the same way out', () => {
    const error = { code: 'storage-config' as const, message: 'The share folder is read-only.', retryable: true };
    const held = { ...idle, held: { label: 'master chunk 4', error, since: at140231 } };
    expect(saveNotice(held, false, 'en-GB')?.text).toBe('Saving stopped at 14:02:31: The share folder is read-only. Then press Resume.');
  });

  it('while retrying (after Stop, nobody presses Resume): what holds it up and when it tries again', () => {
    const retrying = { ...idle, pending: 1, pendingBytes: 200_000, retrying: { label: 'live segment 12', error: diskFull, attempt: 3, retryInMs: 2000 } };
    expect(saveNotice(retrying, true)).toEqual({
      text: 'Saving is held up: The disk is full. Free some space; nothing recorded so far is lost. Trying again in 2 s. 200 kB not saved yet, kept in memory.',
      tone: 'warning',
    });
  });

  it('a put refused for good is an error that names it', () => {
    const failed = { ...idle, failed: { label: 'live segment 3', error: { code: 'invalid-state' as const, message: 'This recording is ready; it takes no more media.', retryable: false } } };
    expect(saveNotice(failed, true)).toEqual({ text: 'live segment 3 could not be saved: This recording is ready; it takes no more media.', tone: 'error' });
  });

  it('after Stop, counts the last pieces going out', () => {
    expect(saveNotice({ ...idle, pending: 2, pendingBytes: 4000 }, true)).toEqual({ text: 'Saving the last 2 pieces (4.0 kB)…', tone: 'info' });
    expect(saveNotice({ ...idle, pending: 2, pendingBytes: 4000 }, false)).toBeNull();
  });
});

describe('clockTime and diskFullNotice', () => {
  it('give the wall-clock time to the second, 24-hour', () => {
    expect(clockTime(at140231, 'en-US')).toBe('14:02:31');
    expect(clockTime(new Date(2026, 0, 1, 0, 5, 9).getTime(), 'en-GB')).toBe('00:05:09');
    expect(diskFullNotice(at140231, 'en-GB')).toBe('The disk is full (since 14:02:31). Free some space, then press Resume.');
  });
});
