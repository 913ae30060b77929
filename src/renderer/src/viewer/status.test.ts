import { describe, expect, it } from 'vitest';
import { isLive, nextStatusPoll, parseStatus, shouldCheckMaster, type RecordingStatus } from './status';

const base: RecordingStatus = {
  title: 'Demo',
  state: 'ready',
  durationMs: 12_000,
  backfill: 'done',
  poster: true,
  thumbnails: true,
  download: true,
};
const ok = (patch: Partial<RecordingStatus>) => ({ kind: 'ok' as const, status: { ...base, ...patch } });

describe('parseStatus', () => {
  it('reads a full status', () => {
    expect(parseStatus({ ...base, extra: 1 })).toEqual(base);
  });
  it('reads what the core writes (every field of the shared schema)', () => {
    const written = { ...base, createdAt: 1_764_000_000_000, width: 1920, height: 1080 };
    expect(parseStatus(written)).toEqual(base);
  });
  it('knows a cancelled backfill', () => {
    expect(parseStatus({ ...base, backfill: 'cancelled' })?.backfill).toBe('cancelled');
    expect(nextStatusPoll(ok({ backfill: 'cancelled' }), 0, true)).toBeNull();
  });
  it('rejects what is not a status', () => {
    for (const bad of [null, 3, 'x', [], {}, { state: 'exploded' }, { state: 7 }]) expect(parseStatus(bad)).toBeNull();
  });
  it('does not treat a recording that has not started, or was cancelled, as one to show', () => {
    expect(parseStatus({ ...base, state: 'created' })).toBeNull();
    expect(parseStatus({ ...base, state: 'cancelled' })).toBeNull();
  });
  it('trims the title and reads an unusable duration as unknown', () => {
    expect(parseStatus({ ...base, title: '  Demo \n' })?.title).toBe('Demo');
    for (const durationMs of [Number.NaN, Number.POSITIVE_INFINITY, '12000', null]) expect(parseStatus({ ...base, durationMs })?.durationMs).toBeNull();
    expect(parseStatus({ ...base, durationMs: 0 })?.durationMs).toBe(0);
  });
  it('reads missing or mistyped optional facts as unavailable', () => {
    expect(parseStatus({ state: 'recording', title: 7, durationMs: -1, backfill: 'later', poster: 'yes' })).toEqual({
      title: '',
      state: 'recording',
      durationMs: null,
      backfill: 'none',
      poster: false,
      thumbnails: false,
      download: false,
    });
  });
});

describe('nextStatusPoll', () => {
  it('polls every 5 s while recording, finishing or backfilling', () => {
    expect(nextStatusPoll(ok({ state: 'recording', backfill: 'none' }), 0, false)).toBe(5_000);
    expect(nextStatusPoll(ok({ state: 'paused', backfill: 'none' }), 0, false)).toBe(5_000);
    expect(nextStatusPoll(ok({ state: 'finishing', backfill: 'none' }), 0, true)).toBe(5_000);
    expect(nextStatusPoll(ok({ backfill: 'queued' }), 0, true)).toBe(5_000);
    expect(nextStatusPoll(ok({ backfill: 'running' }), 0, true)).toBe(5_000);
  });
  it('stops once the recording is ready and nothing more is coming', () => {
    expect(nextStatusPoll(ok({ backfill: 'done' }), 0, true)).toBeNull();
    expect(nextStatusPoll(ok({ backfill: 'failed' }), 0, true)).toBeNull();
    expect(nextStatusPoll(ok({ backfill: 'none' }), 0, true)).toBeNull();
  });
  it('polls slowly for an interrupted recording', () => {
    expect(nextStatusPoll(ok({ state: 'interrupted', backfill: 'none' }), 0, false)).toBe(30_000);
  });
  it('without a status file, follows the playlist', () => {
    expect(nextStatusPoll({ kind: 'missing' }, 0, false)).toBe(10_000);
    expect(nextStatusPoll({ kind: 'missing' }, 0, true)).toBeNull();
  });
  it('backs off on failures, capped', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextStatusPoll({ kind: 'failed' }, n, false));
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});

describe('isLive', () => {
  it('trusts the recorder while it records', () => {
    expect(isLive({ ...base, state: 'recording' }, false)).toBe(true);
    expect(isLive({ ...base, state: 'paused' }, null)).toBe(true);
    expect(isLive({ ...base, state: 'ready' }, true)).toBe(false);
  });
  it('follows the playlist without a status or while finishing', () => {
    expect(isLive(null, true)).toBe(true);
    expect(isLive(null, false)).toBe(false);
    expect(isLive(null, null)).toBe(false);
    expect(isLive({ ...base, state: 'finishing' }, true)).toBe(true);
    expect(isLive({ ...base, state: 'finishing' }, false)).toBe(false);
  });
});

describe('shouldCheckMaster', () => {
  it('checks while the backfill runs and once when it is done', () => {
    expect(shouldCheckMaster(null, { ...base, backfill: 'running' })).toBe(true);
    expect(shouldCheckMaster({ ...base, backfill: 'running' }, { ...base, backfill: 'done' })).toBe(true);
    expect(shouldCheckMaster(null, { ...base, backfill: 'done' })).toBe(true);
    expect(shouldCheckMaster({ ...base, backfill: 'done' }, { ...base, backfill: 'done' })).toBe(false);
    expect(shouldCheckMaster(null, { ...base, backfill: 'queued' })).toBe(false);
    expect(shouldCheckMaster(null, { ...base, backfill: 'failed' })).toBe(false);
  });
});
