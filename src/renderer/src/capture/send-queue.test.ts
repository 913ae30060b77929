import { describe, expect, it } from 'vitest';
import { ReelayCallError } from '../../../shared/api';
import type { RetryPolicy } from '../../../shared/retry';
import { SendQueue, SendQueueAbandonedError, SendQueueFailedError, toApiError, type SendJob, type SendLane, type SendQueueStatus } from './send-queue';

const policy: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 10, maxDelayMs: 40, jitter: 0 };
const diskFull = () => new ReelayCallError({ code: 'disk-full', message: 'the disk is full', retryable: true });
const badInput = () => new ReelayCallError({ code: 'invalid-input', message: 'seq out of order', retryable: false });

/** A transport that records what it received and fails as scripted. */
function fakeTransport() {
  const received: string[] = [];
  const failures = new Map<string, Error[]>();
  let gate: Promise<void> = Promise.resolve();
  return {
    received,
    failNext(label: string, ...errors: Error[]) {
      failures.set(label, errors);
    },
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => release();
    },
    job(lane: SendLane, label: string, bytes = 100): SendJob {
      return {
        lane,
        label,
        bytes,
        send: async () => {
          await gate;
          const queued = failures.get(label);
          const error = queued?.shift();
          if (error) throw error;
          received.push(label);
        },
      };
    },
  };
}

function queue(overrides: Partial<ConstructorParameters<typeof SendQueue>[0]> = {}) {
  const sleeps: number[] = [];
  const q = new SendQueue({
    policy,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { q, sleeps };
}

describe('SendQueue', () => {
  it('sends each lane in order and drains when everything is acknowledged', async () => {
    const t = fakeTransport();
    const { q } = queue();
    const acked: string[] = [];
    for (const label of ['init', 'seg0', 'seg1']) q.enqueue({ ...t.job('live', label), onAcked: () => acked.push(label) });
    q.enqueue(t.job('master', 'chunk0', 1000));
    await q.drain();
    expect(t.received.filter((l) => l !== 'chunk0')).toEqual(['init', 'seg0', 'seg1']);
    expect(acked).toEqual(['init', 'seg0', 'seg1']);
    expect(q.status).toMatchObject({ pending: 0, pendingBytes: 0, acked: 4, ackedBytes: 1300, failed: null });
  });

  it('drains at once when nothing is queued', async () => {
    const { q } = queue();
    let drained = false;
    const draining = q.drain().then(() => (drained = true));
    // "at once": settled within the same turn, without waiting for any send or timer
    await Promise.resolve();
    await Promise.resolve();
    expect(drained).toBe(true);
    await draining;
    expect(q.status).toMatchObject({ pending: 0, pendingBytes: 0, acked: 0, failed: null });
  });

  it('retries a retryable failure with backoff, keeping order behind it', async () => {
    const t = fakeTransport();
    const statuses: (string | null)[] = [];
    const { q, sleeps } = queue({ onStatus: (s) => statuses.push(s.retrying?.error.code ?? null) });
    t.failNext('seg0', diskFull(), diskFull(), diskFull(), diskFull());
    q.enqueue(t.job('live', 'seg0'));
    q.enqueue(t.job('live', 'seg1'));
    await q.drain();
    expect(t.received).toEqual(['seg0', 'seg1']);
    expect(sleeps).toEqual([10, 20, 40, 40]);
    expect(statuses).toContain('disk-full');
    expect(q.status.retrying).toBeNull();
  });

  it('stops a lane on a non-retryable error and says which put failed', async () => {
    const t = fakeTransport();
    const { q } = queue();
    t.failNext('seg1', badInput());
    q.enqueue(t.job('live', 'seg0'));
    q.enqueue(t.job('live', 'seg1'));
    q.enqueue(t.job('live', 'seg2'));
    q.enqueue(t.job('master', 'chunk0'));
    const error = await q.drain().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendQueueFailedError);
    expect((error as SendQueueFailedError).error.code).toBe('invalid-input');
    expect(t.received).toContain('chunk0'); // the other lane carries on
    expect(t.received).not.toContain('seg2');
    expect(q.status.failed?.label).toBe('seg1');
    expect(q.status.pending).toBe(2);
  });

  it('gives up on retryable errors after maxAttempts when the policy says so', async () => {
    const t = fakeTransport();
    const { q } = queue({ policy: { ...policy, maxAttempts: 2 } });
    t.failNext('seg0', diskFull(), diskFull(), diskFull());
    q.enqueue(t.job('live', 'seg0'));
    await expect(q.drain()).rejects.toBeInstanceOf(SendQueueFailedError);
  });

  it('abandon drops what is pending and rejects waiting drains', async () => {
    const t = fakeTransport();
    const { q } = queue();
    const release = t.hold();
    q.enqueue(t.job('live', 'seg0'));
    q.enqueue(t.job('live', 'seg1'));
    const drained = q.drain();
    q.abandon();
    release();
    await expect(drained).rejects.toBeInstanceOf(SendQueueAbandonedError);
    q.enqueue(t.job('live', 'seg2'));
    expect(q.status.pending).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.received).not.toContain('seg1');
  });

  it('keeps the bytes of a job until it is acknowledged', async () => {
    const t = fakeTransport();
    const { q } = queue();
    const release = t.hold();
    q.enqueue(t.job('master', 'chunk0', 5000));
    expect(q.status.pendingBytes).toBe(5000);
    release();
    await q.drain();
    expect(q.status.pendingBytes).toBe(0);
  });
});

describe('SendQueue holding for the user (a full disk)', () => {
  /** lets every pending promise callback run */
  const settle = () => new Promise((r) => setTimeout(r, 0));

  function holding() {
    const t = fakeTransport();
    const statuses: SendQueueStatus[] = [];
    let clock = 1_000;
    const { q, sleeps } = queue({ holdOn: ['disk-full'], now: () => (clock += 1000), onStatus: (s) => statuses.push(s) });
    return { t, q, sleeps, statuses };
  }

  it('holds every lane on a refusal that needs the user, keeps every job, and sends nothing more until resume()', async () => {
    const { t, q, sleeps } = holding();
    t.failNext('seg1', diskFull());
    for (const label of ['seg0', 'seg1', 'seg2']) q.enqueue(t.job('live', label));
    await settle();
    expect(q.status.held).toMatchObject({ label: 'seg1', error: { code: 'disk-full' }, since: 2000 });
    q.enqueue(t.job('master', 'chunk0', 500)); // the other lane waits too
    await settle();
    expect(t.received).toEqual(['seg0']);
    expect(q.status).toMatchObject({ pending: 3, pendingBytes: 700, retrying: null, failed: null });
    expect(sleeps).toEqual([]); // no retrying against a full disk

    q.resume();
    await q.drain();
    expect(t.received.filter((l) => l.startsWith('seg'))).toEqual(['seg0', 'seg1', 'seg2']);
    expect(t.received).toContain('chunk0');
    expect(q.status).toMatchObject({ pending: 0, held: null });
  });

  it('a resume that is refused again holds again, and keeps the time saving stopped', async () => {
    const { t, q } = holding();
    t.failNext('seg0', diskFull(), diskFull());
    q.enqueue(t.job('live', 'seg0'));
    await settle();
    const since = q.status.held!.since;
    q.resume();
    await settle();
    expect(q.status.held).toMatchObject({ label: 'seg0', since });
    q.resume();
    await q.drain();
    expect(t.received).toEqual(['seg0']);
  });

  it('after stopHolding() the same refusal is retried with backoff (after Stop nobody presses Resume)', async () => {
    const { t, q, sleeps } = holding();
    t.failNext('seg0', diskFull(), diskFull(), diskFull());
    q.enqueue(t.job('live', 'seg0'));
    await settle();
    expect(q.status.held).not.toBeNull();
    q.stopHolding();
    await q.drain();
    expect(t.received).toEqual(['seg0']);
    expect(sleeps).toEqual([10, 20]);
  });

  it('abandon ends a hold: nothing held is sent', async () => {
    const { t, q } = holding();
    t.failNext('seg0', diskFull());
    q.enqueue(t.job('live', 'seg0'));
    await settle();
    const drained = q.drain();
    q.abandon();
    await expect(drained).rejects.toBeInstanceOf(SendQueueAbandonedError);
    await settle();
    expect(t.received).toEqual([]);
    expect(q.status.held).toBeNull();
  });
});

describe('toApiError', () => {
  it('keeps our errors and treats anything else as a bug', () => {
    expect(toApiError(diskFull())).toEqual({ code: 'disk-full', message: 'the disk is full', retryable: true });
    expect(toApiError(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined', retryable: false });
  });
});
