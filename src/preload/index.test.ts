// The preload, run against a stand-in 'electron': window.reelay is the contract and nothing else.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from '../main/electron/testing/fake-electron';
import type { ReelayApi } from '../shared/api';

vi.mock('electron', () => import('../main/electron/testing/fake-electron'));

let api: ReelayApi;
const invoked: unknown[][] = [];

beforeAll(async () => {
  fake.invoke = async (channel, method, input) => {
    invoked.push([channel, method, input]);
    if (method === 'app.info') return { ok: true, value: { shell: 'electron' } };
    if (method === 'boom') throw new Error('no handler');
    return { ok: false, error: { code: 'not-found', message: 'gone', retryable: false } };
  };
  await import('./index');
  api = fake.exposed.get('reelay') as ReelayApi;
});

const emit = (name: unknown, payload: unknown): void => {
  for (const l of fake.ipcRendererListeners.get('reelay:event') ?? []) l({}, name, payload);
};

describe('window.reelay', () => {
  it('exposes call and on, and nothing of ipcRenderer', () => {
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
  });

  it('call resolves with the value, or rejects with the error as plain data (the bridge keeps it whole)', async () => {
    expect(await api.call('app.info', {})).toEqual({ shell: 'electron' });
    expect(invoked[0]).toEqual(['reelay:call', 'app.info', {}]);
    await expect(api.call('recordings.get', { id: 'abcdefgh' })).rejects.toEqual({ name: 'ReelayCallError', code: 'not-found', message: 'gone', retryable: false });
    await expect(api.call('boom' as never, {} as never)).rejects.toMatchObject({ code: 'internal', retryable: true });
  });

  it('on delivers only the event asked for, only contract events, until unsubscribed', () => {
    const got: unknown[] = [];
    const off = api.on('recording-removed', (p) => got.push(p));
    emit('recording-removed', { id: 'a' });
    emit('settings-updated', { x: 1 });
    emit({ toString: () => 'recording-removed' }, { id: 'b' });
    off();
    emit('recording-removed', { id: 'c' });
    expect(got).toEqual([{ id: 'a' }]);
    expect(() => api.on('not-an-event' as never, () => undefined)).toThrow(TypeError);
  });

  it('a throwing listener does not stop the others', () => {
    const got: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const offA = api.on('recording-removed', () => {
      throw new Error('bad listener');
    });
    const offB = api.on('recording-removed', (p) => got.push(p));
    emit('recording-removed', { id: 'x' });
    expect(got).toEqual([{ id: 'x' }]);
    expect(spy).toHaveBeenCalled();
    offA();
    offB();
    spy.mockRestore();
  });
});
