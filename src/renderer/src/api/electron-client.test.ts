import { describe, expect, it } from 'vitest';
import { ReelayCallError, type ReelayApi } from '../../../shared/api';
import { toCallError, wrapPreloadApi } from './electron-client';

describe('wrapPreloadApi', () => {
  it('passes values and events through', async () => {
    const bridge = { call: async () => [], on: () => () => undefined } as unknown as ReelayApi;
    await expect(wrapPreloadApi(bridge).call('recordings.list', {})).resolves.toEqual([]);
  });

  it('restores ReelayCallError from a plain error object that crossed the bridge', async () => {
    const bridge = {
      call: async () => Promise.reject({ code: 'disk-full', message: 'The disk is full', retryable: true }),
      on: () => () => undefined,
    } as unknown as ReelayApi;
    const error = await wrapPreloadApi(bridge)
      .call('recordings.list', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReelayCallError);
    expect(error).toMatchObject({ code: 'disk-full', retryable: true });
  });

  it('treats anything else as a non-retryable internal error', () => {
    expect(toCallError(new Error("Error invoking remote method 'reelay:call': boom"))).toMatchObject({ code: 'internal', retryable: false });
    expect(toCallError({ code: 'made-up', message: 'x', retryable: true })).toMatchObject({ code: 'internal' });
  });
});
