import { describe, expect, it } from 'vitest';
import { RECORDING_STATES } from '../../../../shared/domain';
import { backfillLine, displayTitle, formatBytes, formatDateTime, formatDuration, stateLabel, uploadLine } from './format';

describe('formatDateTime', () => {
  it("writes the date and time as the locale does, each locale with its own words, again and again", () => {
    const at = Date.UTC(2026, 10, 21, 14, 5);
    for (const locale of ['en-US', 'de-DE', 'ja-JP', 'en-US', undefined]) {
      expect(formatDateTime(at, locale)).toBe(new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }));
      expect(formatDateTime(at + 86_400_000, locale)).toBe(new Date(at + 86_400_000).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }));
    }
    expect(formatDateTime(at, 'de-DE')).not.toBe(formatDateTime(at, 'en-US'));
  });
});

describe('formatDuration', () => {
  it('writes m:ss under an hour and h:mm:ss above', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('displayTitle', () => {
  it('uses the title, or the date and time when it is blank', () => {
    expect(displayTitle({ title: 'Demo', createdAt: 0 })).toBe('Demo');
    const t = displayTitle({ title: '  ', createdAt: Date.UTC(2026, 10, 21, 14, 5) }, 'en-US');
    expect(t).toMatch(/^Recording Nov 21, 2026/);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(3_200_000_000)).toBe('3.2 GB');
  });
});

describe('stateLabel', () => {
  it('names every state, each with its own non-empty name', () => {
    const names = RECORDING_STATES.map((state) => stateLabel(state));
    for (const [i, name] of names.entries()) {
      expect(typeof name, `the name of "${RECORDING_STATES[i]}"`).toBe('string');
      expect(name.trim(), `the name of "${RECORDING_STATES[i]}"`).not.toBe('');
    }
    // two states with one name would read the same in the library
    expect(new Set(names).size).toBe(RECORDING_STATES.length);
    // the words users see for the two they meet most
    expect(stateLabel('finishing')).toBe('Publishing');
    expect(stateLabel('ready')).toBe('Ready');
  });
});

describe('uploadLine', () => {
  const idle = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, waiting: null };
  it('says nothing when everything is up', () => {
    expect(uploadLine(idle)).toBeNull();
    expect(uploadLine({ ...idle, filesDone: 4, filesTotal: 4 })).toBeNull();
  });
  it('shows files and bytes in progress', () => {
    expect(uploadLine({ filesDone: 1, filesTotal: 4, bytesDone: 500_000, bytesTotal: 2_000_000, waiting: null })).toEqual({
      text: 'Uploading 1 of 4 files (500 kB of 2.0 MB)',
      fraction: 0.25,
      tone: 'normal',
    });
  });
  it('explains a wait, as an error when it will not fix itself', () => {
    expect(uploadLine({ ...idle, filesTotal: 2, waiting: { reason: 'offline', retryable: true } })).toMatchObject({ text: 'Upload waiting: offline', tone: 'warning' });
    expect(uploadLine({ ...idle, filesTotal: 2, waiting: { reason: 'access denied', retryable: false } })?.tone).toBe('error');
  });
});

describe('backfillLine', () => {
  const base = { progress: 0, etaSeconds: null, error: null };
  it('describes each state', () => {
    expect(backfillLine({ ...base, state: 'none' })).toBeNull();
    expect(backfillLine({ ...base, state: 'queued' })?.text).toBe('HD versions queued');
    expect(backfillLine({ ...base, state: 'running', progress: 0.42, etaSeconds: 65 })).toEqual({
      text: 'Making HD versions: 42%, about 1:05 left',
      fraction: 0.42,
      tone: 'normal',
    });
    expect(backfillLine({ ...base, state: 'done' })?.text).toBe('HD versions ready');
    expect(backfillLine({ ...base, state: 'failed', error: 'ffmpeg crashed' })).toMatchObject({ text: 'HD versions failed: ffmpeg crashed', tone: 'error' });
  });
});
