import { describe, expect, it } from 'vitest';
import { MEDIA_ERROR_WINDOW_MS, recentErrors, recoveryFor } from './recovery';

describe('recoveryFor', () => {
  it('recovers media errors in place, swaps the audio codec on the second, gives up on the third', () => {
    expect(recoveryFor({ kind: 'media' }, 0, 1)).toEqual({ kind: 'recover-media', swapAudioCodec: false });
    expect(recoveryFor({ kind: 'media' }, 0, 2)).toEqual({ kind: 'recover-media', swapAudioCodec: true });
    expect(recoveryFor({ kind: 'media' }, 0, 3)).toEqual({ kind: 'give-up' });
  });
  it('reloads the master from scratch when it failed, telling the viewer', () => {
    expect(recoveryFor({ kind: 'network', httpStatus: 404, manifest: true }, 0, 0)).toEqual({
      kind: 'retry',
      failure: { kind: 'load', httpStatus: 404, manifest: true },
      then: 'restart',
    });
    expect(recoveryFor({ kind: 'network', httpStatus: 0, manifest: true }, 9, 0)).toMatchObject({ kind: 'retry', then: 'restart' });
  });
  it('resumes loading in place twice after a segment or playlist failure, then starts afresh', () => {
    const segment = { kind: 'network', httpStatus: 503, manifest: false } as const;
    expect([0, 1, 2, 3].map((attempts) => recoveryFor(segment, attempts, 0))).toEqual(
      ['resume-load', 'resume-load', 'restart', 'restart'].map((then) => ({ kind: 'retry', failure: { kind: 'load', httpStatus: 503, manifest: false }, then })),
    );
  });
  it('starts afresh twice, quietly, on other errors, then gives up', () => {
    expect(recoveryFor({ kind: 'other' }, 0, 0)).toEqual({ kind: 'retry', failure: null, then: 'restart' });
    expect(recoveryFor({ kind: 'other' }, 1, 0)).toEqual({ kind: 'retry', failure: null, then: 'restart' });
    expect(recoveryFor({ kind: 'other' }, 2, 0)).toEqual({ kind: 'give-up' });
  });
});

describe('recentErrors', () => {
  it('keeps the errors inside the window and adds this one', () => {
    expect(recentErrors([], 10_000)).toEqual([10_000]);
    expect(recentErrors([5_000, 8_000], 10_000)).toEqual([8_000, 10_000]);
    expect(recentErrors([10_000 - MEDIA_ERROR_WINDOW_MS], 10_000)).toEqual([10_000]);
  });
});
