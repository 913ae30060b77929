import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceOpening } from './device-opening';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('DeviceOpening', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is settled at once when nothing is being opened', async () => {
    await expect(new DeviceOpening().settled(1000)).resolves.toBe(true);
  });

  it('waits for the device being opened (Start pressed before the microphone was open)', async () => {
    const opening = new DeviceOpening();
    const open = deferred<string>();
    let stream: string | null = null;
    void opening.follow(open.promise.then((s) => (stream = s)));
    let settled: boolean | null = null;
    void opening.settled(5000).then((v) => (settled = v));
    await vi.advanceTimersByTimeAsync(1200);
    expect(settled).toBeNull();
    open.resolve('mic');
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
    // what the attempt did on success is done before the wait ends
    expect(stream).toBe('mic');
  });

  it('counts a failed opening as settled', async () => {
    const opening = new DeviceOpening();
    const open = deferred<string>();
    void opening.follow(open.promise).catch(() => undefined);
    const settled = opening.settled(5000);
    open.reject(new Error('NotAllowedError'));
    await expect(settled).resolves.toBe(true);
  });

  it('waits for a newer attempt begun while it waited (the choice changed)', async () => {
    const opening = new DeviceOpening();
    const first = deferred<string>();
    const second = deferred<string>();
    void opening.follow(first.promise);
    let settled: boolean | null = null;
    void opening.settled(5000).then((v) => (settled = v));
    void opening.follow(second.promise);
    first.resolve('old');
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBeNull();
    second.resolve('new');
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it('gives up after the timeout (a permission prompt nobody answers)', async () => {
    const opening = new DeviceOpening();
    void opening.follow(new Promise<never>(() => undefined));
    let settled: boolean | null = null;
    void opening.settled(3000).then((v) => (settled = v));
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(false);
  });
});
