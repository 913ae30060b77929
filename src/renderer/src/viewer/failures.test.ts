import { describe, expect, it } from 'vitest';
import { RETRY, retryDelayMs, shouldRetry } from '../../../shared/retry';
import { describeLoadFailure, failureMessage, NOT_YET, TROUBLE_LOADING, UNPLAYABLE } from './failures';

describe("the viewer's load retry policy (RETRY.viewerLoad)", () => {
  it('waits 2 s, 4 s, 8 s, 16 s, then 30 s for good, without jitter', () => {
    const random = () => 0.99;
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => retryDelayMs(RETRY.viewerLoad, n, random))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
  it('never gives up: the page may be up before the playlists', () => {
    expect(shouldRetry(RETRY.viewerLoad, { retryable: true }, 1_000)).toBe(true);
  });
});

describe('describeLoadFailure', () => {
  it('says "not found" for a 404 with no status file', () => {
    expect(describeLoadFailure(404, false).title).toBe('Recording not found');
    expect(describeLoadFailure(403, false).title).toBe('Recording not found');
  });
  it('says "not available yet" when the recording exists but its playlists do not', () => {
    expect(describeLoadFailure(404, true)).toBe(NOT_YET);
    expect(describeLoadFailure(503, false)).toBe(NOT_YET);
    expect(NOT_YET.detail).toMatch(/Retrying/);
  });
  it('blames the connection on a network failure', () => {
    expect(describeLoadFailure(0, true).title).toMatch(/reach/);
  });
  it('keeps retrying every load failure', () => {
    for (const code of [0, 403, 404, 410, 500, 503]) expect(describeLoadFailure(code, false).retry).toBe(true);
  });
});

describe('failureMessage', () => {
  it('words a master 404 by whether status.json answered', () => {
    expect(failureMessage({ kind: 'load', httpStatus: 404, manifest: true }, false).title).toBe('Recording not found');
    expect(failureMessage({ kind: 'load', httpStatus: 404, manifest: true }, true)).toBe(NOT_YET);
  });
  it('never says "not found" once the master has loaded', () => {
    expect(failureMessage({ kind: 'load', httpStatus: 404, manifest: false }, false)).toBe(TROUBLE_LOADING);
    expect(failureMessage({ kind: 'load', httpStatus: 503, manifest: false }, true)).toBe(TROUBLE_LOADING);
    expect(failureMessage({ kind: 'load', httpStatus: 0, manifest: false }, false).title).toMatch(/reach/);
  });
  it('does not retry what the browser cannot play', () => {
    expect(failureMessage({ kind: 'unplayable' }, true)).toBe(UNPLAYABLE);
    expect(UNPLAYABLE.retry).toBe(false);
  });
});
