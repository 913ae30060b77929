import { describe, expect, it, vi } from 'vitest';
import { ReelayCallError, type MethodInput, type MethodName } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import { aRecording } from '../../../shared/testing/a-recording';
import type { CaptureEvents, CaptureSession } from './capture-session';
import { RecorderController, type RecorderDeps } from './recorder-controller';
import { emptyRecorderStats } from './recorder-stats';

const recording = aRecording;

const STATE_AFTER: Partial<Record<MethodName, Recording['state']>> = {
  'recordings.create': 'created',
  'recordings.start': 'recording',
  'recordings.pause': 'paused',
  'recordings.resume': 'recording',
  'recordings.stop': 'finishing',
  'recordings.cancel': 'cancelled',
};

class FakeApi {
  calls: { method: MethodName; input: Record<string, unknown> }[] = [];
  failures = new Map<MethodName, Error[]>();
  hang = new Set<MethodName>();

  fail(method: MethodName, ...errors: Error[]): void {
    this.failures.set(method, errors);
  }

  call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<never> => {
    this.calls.push({ method, input: input as Record<string, unknown> });
    await Promise.resolve();
    if (this.hang.has(method)) await new Promise(() => undefined);
    const error = this.failures.get(method)?.shift();
    if (error) throw error;
    const state = STATE_AFTER[method];
    if (state) return recording({ state }) as never;
    return { durable: true } as never;
  };

  methods(): string[] {
    return this.calls.map((c) => (c.method.startsWith('recordings.put') ? `${c.method}:${String(c.input['seq'] ?? c.input['rendition'])}` : c.method));
  }
}

/** The screen share's track: ends from outside when the user clicks the browser's "Stop sharing". */
class FakeScreenTrack extends EventTarget {
  readyState: 'live' | 'ended' = 'live';
  /** what the browser does when sharing stops from outside: the track ends and fires `ended` */
  endFromOutside(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

class FakeSession implements CaptureSession {
  readonly width = 1280;
  readonly height = 720;
  readonly frameRate = 30;
  readonly screen = new FakeScreenTrack();
  log: string[] = [];
  onFinish: (() => void) | null = null;
  constructor(readonly events: CaptureEvents) {
    // as RecordingPipeline does (through its compositor): the screen track's end is reported once
    this.screen.addEventListener('ended', () => events.onSourceEnded(), { once: true });
  }
  async start() {
    this.log.push('start');
  }
  pause() {
    this.log.push('pause');
  }
  resume() {
    this.log.push('resume');
  }
  elapsedMs() {
    return 4321;
  }
  async finish() {
    this.log.push('finish');
    this.onFinish?.();
    return { durationMs: 8034.4 };
  }
  async abort() {
    this.log.push('abort');
  }
  release() {
    this.log.push('release');
  }
  mediaTimeSec() {
    return 8;
  }
  setCamera(track: MediaStreamTrack | null) {
    this.log.push(track ? 'camera' : 'no camera');
  }
  stats() {
    return { framesCaptured: 240, framesEncoded: 239, framesDropped: 1, framesSkipped: 0, audioChunksDropped: 0, audioEndGapSec: 0, detail: {} };
  }
  emitSegment(seq: number) {
    this.events.onSegment({ rendition: 'live', seq, durationSec: 2, data: new Uint8Array(10), mediaEndSec: 2 * (seq + 1) });
  }
}

function setup(patch: Partial<RecorderDeps> = {}) {
  const api = new FakeApi();
  let session: FakeSession | null = null;
  const copied: string[] = [];
  const stats = emptyRecorderStats();
  let t = 1_000;
  const controller = new RecorderController({
    api,
    openCapture: async (events) => (session = new FakeSession(events)),
    countdownSeconds: 3,
    policy: { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 },
    sleep: async () => undefined,
    copyToClipboard: async (text) => {
      copied.push(text);
    },
    now: () => (t += 10),
    stats,
    ...patch,
  });
  const states: string[] = [];
  controller.subscribe(() => {
    const s = controller.getSnapshot().state;
    if (states[states.length - 1] !== s) states.push(s);
  });
  return { api, controller, copied, stats, states, session: () => session! };
}

describe('RecorderController', () => {
  it('records and publishes: create, countdown, start, puts in order, stop, link copied', async () => {
    const { api, controller, copied, stats, states, session } = setup();
    const countdowns: (number | null)[] = [];
    controller.subscribe(() => countdowns.push(controller.getSnapshot().countdown));
    await controller.start();
    expect(states).toEqual(['preparing', 'countdown', 'recording']);
    expect(api.calls[0]).toEqual({ method: 'recordings.create', input: { width: 1280, height: 720, fps: 30 } });
    expect(countdowns.filter((c) => c !== null)).toEqual([3, 2, 1]);
    expect(controller.getSnapshot().recording?.link).toContain('/v/');

    const s = session();
    s.events.onInit({ rendition: 'live', codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: 30, bitrate: 1_328_000, data: new Uint8Array(5) });
    s.emitSegment(0);
    s.events.onMasterChunk({ seq: 0, mimeType: 'video/webm;codecs=vp9,opus', data: new Uint8Array(100) });
    s.onFinish = () => {
      s.emitSegment(1);
      s.events.onMasterChunk({ seq: 1, mimeType: 'video/webm;codecs=vp9,opus', data: new Uint8Array(100) });
    };
    await controller.stop();

    expect(states).toEqual(['preparing', 'countdown', 'recording', 'stopping', 'stopped']);
    const live = api.methods().filter((m) => m.startsWith('recordings.putInit') || m.startsWith('recordings.putSegment'));
    expect(live).toEqual(['recordings.putInit:live', 'recordings.putSegment:0', 'recordings.putSegment:1']);
    expect(api.methods().filter((m) => m.startsWith('recordings.putMaster'))).toEqual(['recordings.putMasterChunk:0', 'recordings.putMasterChunk:1']);
    const stop = api.calls.find((c) => c.method === 'recordings.stop')!;
    expect(stop.input).toEqual({ id: 'rec_12345678', durationMs: 8034 });
    // every put was acknowledged before stop
    expect(api.calls.findIndex((c) => c.method === 'recordings.stop')).toBe(api.calls.length - 1);
    expect(s.log).toEqual(['start', 'finish', 'release']);
    expect(copied).toEqual([recording().link]);
    expect(controller.getSnapshot().copied).toBe(true);
    expect(stats.stopClickedAt).not.toBeNull();
    expect(stats.stoppedAt! > stats.stopClickedAt!).toBe(true);
    expect(stats.segments.map((x) => [x.seq, x.mediaEndSec, x.ackedAt !== null])).toEqual([
      [0, 2, true],
      [1, 4, true],
    ]);
    expect(stats.framesEncoded).toBe(239);
  });

  it('returns the same promise from repeated stop and cancel calls', async () => {
    const { controller, api } = setup();
    await controller.start();
    const a = controller.stop();
    const b = controller.stop();
    expect(a).toBe(b);
    await a;
    expect(api.calls.filter((c) => c.method === 'recordings.stop')).toHaveLength(1);

    const second = setup();
    await second.controller.start();
    const c1 = second.controller.cancel();
    expect(second.controller.cancel()).toBe(c1);
    await c1;
    expect(second.api.calls.filter((c) => c.method === 'recordings.cancel')).toHaveLength(1);
  });

  it('skips the countdown on request', async () => {
    let release!: () => void;
    const { controller, states } = setup({ sleep: () => new Promise((r) => (release = r)) });
    const started = controller.start();
    await vi.waitFor(() => expect(controller.getSnapshot().countdown).toBe(3));
    controller.skipCountdown();
    await started;
    expect(states.at(-1)).toBe('recording');
    release();
  });

  it('cancels during the countdown: nothing starts, the row is discarded, devices are released', async () => {
    const { controller, api, session, states } = setup({ sleep: () => new Promise(() => undefined) });
    const started = controller.start();
    await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('countdown'));
    await controller.cancel();
    await started;
    expect(states.at(-1)).toBe('cancelled');
    expect(api.methods()).toEqual(['recordings.create', 'recordings.cancel']);
    expect(session().log).toEqual(['abort', 'release']);
  });

  it('treats Stop before recording started as Cancel', async () => {
    const { controller, api } = setup({ sleep: () => new Promise(() => undefined) });
    void controller.start();
    await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('countdown'));
    await controller.stop();
    expect(controller.getSnapshot().state).toBe('cancelled');
    expect(api.methods()).not.toContain('recordings.stop');
  });

  it('goes back quietly when the user dismisses the screen picker', async () => {
    const dismissed = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const { controller, api } = setup({ openCapture: async () => Promise.reject(dismissed) });
    await controller.start();
    expect(controller.getSnapshot()).toMatchObject({ state: 'cancelled', error: null });
    expect(api.calls).toEqual([]);
  });

  it('fails with a message when the recording cannot be created', async () => {
    const { controller, api, session } = setup();
    api.fail('recordings.create', new ReelayCallError({ code: 'disk-full', message: 'No space left on the disk', retryable: true }));
    await controller.start();
    expect(controller.getSnapshot().state).toBe('failed');
    expect(controller.getSnapshot().error).toContain('No space left');
    expect(session().log).toContain('release');
  });

  it('retries a put that fails with a retryable error and shows it, then finishes', async () => {
    const { controller, api, session } = setup();
    await controller.start();
    const restarting = () => new ReelayCallError({ code: 'internal', message: 'Reelay is restarting', retryable: true });
    api.fail('recordings.putSegment', restarting(), restarting());
    const seen: (string | null)[] = [];
    controller.subscribe(() => seen.push(controller.getSnapshot().upload.retrying?.error.code ?? null));
    session().emitSegment(0);
    await controller.stop();
    expect(seen).toContain('internal');
    expect(api.methods().filter((m) => m === 'recordings.putSegment:0')).toHaveLength(3);
    expect(controller.getSnapshot().state).toBe('stopped');
  });

  it('fails the stop when a put is rejected for good, and says so', async () => {
    const { controller, api, session } = setup();
    await controller.start();
    api.fail('recordings.putSegment', new ReelayCallError({ code: 'invalid-state', message: 'the recording was stopped', retryable: false }));
    session().emitSegment(0);
    await controller.stop();
    expect(controller.getSnapshot().state).toBe('failed');
    expect(controller.getSnapshot().error).toContain('the recording was stopped');
    expect(api.methods()).not.toContain('recordings.stop');
  });

  it('pauses and resumes capture and tells main; a failed call is a problem, not a failure', async () => {
    const { controller, api, session } = setup();
    await controller.start();
    await controller.pause();
    expect(controller.getSnapshot().state).toBe('paused');
    api.fail('recordings.resume', new ReelayCallError({ code: 'internal', message: 'boom', retryable: false }));
    await controller.resume();
    expect(controller.getSnapshot().state).toBe('recording');
    expect(controller.getSnapshot().problem).toContain('boom');
    expect(session().log).toEqual(['start', 'pause', 'resume']);
    expect(api.methods()).toContain('recordings.pause');
    await controller.pause();
    await controller.stop();
    expect(controller.getSnapshot().state).toBe('stopped');
  });

  it('stays stopped without "Copied" when the clipboard refuses', async () => {
    const { controller } = setup({ copyToClipboard: () => Promise.reject(new Error('Document is not focused')) });
    await controller.start();
    await controller.stop();
    expect(controller.getSnapshot()).toMatchObject({ state: 'stopped', copied: false, error: null });
  });

  it('stops by itself when the screen share ends from outside, and copies the link', async () => {
    const { controller, api, copied, session, states } = setup();
    await controller.start();
    const s = session();
    s.emitSegment(0);
    // the user clicks the browser's "Stop sharing": nobody calls controller.stop()
    s.screen.endFromOutside();
    await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('stopped'), { timeout: 5_000 });
    expect(states.slice(-2)).toEqual(['stopping', 'stopped']);
    expect(api.calls.filter((c) => c.method === 'recordings.stop')).toHaveLength(1);
    // the segment saved before the end is part of what was published
    expect(api.methods()).toContain('recordings.putSegment:0');
    expect(s.log).toEqual(['start', 'finish', 'release']);
    expect(copied).toEqual([recording().link]);
  });

  describe('when a device goes away', () => {
    it('stops and publishes when the screen share ends while paused, and says why it stopped', async () => {
      const { controller, api, copied, session } = setup();
      await controller.start();
      await controller.pause();
      session().screen.endFromOutside();
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('stopped'), { timeout: 5_000 });
      expect(controller.getSnapshot().deviceNotices).toEqual(['screen-ended']);
      expect(api.calls.filter((c) => c.method === 'recordings.stop')).toHaveLength(1);
      expect(copied).toEqual([recording().link]);
    });

    it('discards the recording when the screen share ends during the countdown, and says nothing was recorded', async () => {
      let s: FakeSession | null = null;
      const { controller, api } = setup({
        sleep: async () => s?.screen.endFromOutside(),
        openCapture: async (events) => (s = new FakeSession(events)),
      });
      await controller.start();
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('cancelled'));
      expect(controller.getSnapshot().deviceNotices).toEqual(['screen-ended-before-start']);
      expect(api.calls.map((c) => c.method)).not.toContain('recordings.start');
      expect(s!.log).toEqual(['abort', 'release']);
    });

    it('goes on without the bubble when the camera goes away; another camera brings it back', async () => {
      const { controller, session, states } = setup();
      await controller.start();
      session().events.onDeviceLost('camera');
      expect(controller.getSnapshot()).toMatchObject({ state: 'recording', deviceNotices: ['camera-lost'] });
      expect(session().log).toEqual(['start', 'no camera']);
      controller.updateCapture({ camera: { readyState: 'live' } as MediaStreamTrack });
      expect(controller.getSnapshot().deviceNotices).toEqual([]);
      session().events.onDeviceLost('camera');
      await controller.stop();
      expect(states.slice(-2)).toEqual(['stopping', 'stopped']);
      // what happened stays said after Stop
      expect(controller.getSnapshot().deviceNotices).toEqual(['camera-lost']);
    });

    it('drops a camera that went away while the capture was opening', async () => {
      const { controller } = setup({
        openCapture: async (events) => {
          const s = new FakeSession(events);
          events.onDeviceLost('camera');
          return s;
        },
      });
      await controller.start();
      expect(controller.getSnapshot().deviceNotices).toEqual(['camera-lost']);
    });

    it('goes on recording when the microphone goes away (its track stays, silent), and publishes everything', async () => {
      const { controller, api, session } = setup();
      await controller.start();
      const s = session();
      s.emitSegment(0);
      s.events.onMicrophoneSilent(true);
      s.events.onDeviceLost('microphone');
      expect(controller.getSnapshot()).toMatchObject({ state: 'recording', deviceNotices: ['microphone-lost'] });
      // a lost microphone is not also called silent
      s.events.onMicrophoneSilent(true);
      expect(controller.getSnapshot().deviceNotices).toEqual(['microphone-lost']);
      s.emitSegment(1);
      await controller.stop();
      expect(controller.getSnapshot().state).toBe('stopped');
      expect(api.methods().filter((m) => m.startsWith('recordings.putSegment'))).toEqual(['recordings.putSegment:0', 'recordings.putSegment:1']);
      expect(s.log).toEqual(['start', 'finish', 'release']);
    });

    it('ignores devices that end once the recording is over (its own release ends them)', async () => {
      const { controller, session } = setup();
      await controller.start();
      await controller.stop();
      session().events.onDeviceLost('camera');
      session().events.onDeviceLost('microphone');
      session().events.onSourceEnded();
      expect(controller.getSnapshot()).toMatchObject({ state: 'stopped', deviceNotices: [] });
    });
  });

  it('warns of a silent microphone while recording and clears the warning when sound comes back', async () => {
    const { controller, session } = setup();
    await controller.start();
    session().events.onMicrophoneSilent(true);
    expect(controller.getSnapshot().deviceNotices).toEqual(['microphone-silent']);
    await controller.pause();
    expect(controller.getSnapshot().deviceNotices).toEqual(['microphone-silent']);
    await controller.resume();
    session().events.onMicrophoneSilent(false);
    expect(controller.getSnapshot().deviceNotices).toEqual([]);
    await controller.stop();
    session().events.onMicrophoneSilent(true);
    expect(controller.getSnapshot().deviceNotices).toEqual([]);
  });

  it('says when the live stream falls behind the recording, and stops saying so once it keeps up', async () => {
    const { controller, session } = setup();
    await controller.start();
    expect(controller.getSnapshot().liveBehindSec).toBeNull();
    session().events.onLiveBehind(12);
    expect(controller.getSnapshot().liveBehindSec).toBe(12);
    session().events.onLiveBehind(null);
    expect(controller.getSnapshot().liveBehindSec).toBeNull();
  });

  it('lets Cancel end a stop that waits forever for a save that never answers', async () => {
    const { controller, api, session } = setup();
    await controller.start();
    api.hang.add('recordings.putMasterChunk'); // main never acknowledges the chunk
    session().events.onMasterChunk({ seq: 0, mimeType: 'video/webm', data: new Uint8Array(1) });
    let stopEnded = false;
    const stopping = controller.stop().then(() => (stopEnded = true));
    await vi.waitFor(() => expect(api.methods()).toContain('recordings.putMasterChunk:0'));
    expect(controller.getSnapshot().state).toBe('stopping');
    expect(controller.getSnapshot().upload.pending).toBe(1);
    expect(stopEnded).toBe(false);

    await controller.cancel();
    await vi.waitFor(() => expect(stopEnded).toBe(true), { timeout: 5_000 });
    await stopping;
    expect(controller.getSnapshot().state).toBe('cancelled');
    expect(api.methods()).toContain('recordings.cancel');
    expect(api.methods()).not.toContain('recordings.stop');
    expect(session().log).toEqual(['start', 'finish', 'abort', 'release']);
  });

  it('lets Cancel end a stop that keeps retrying a save forever', async () => {
    let backoffs = 0;
    const { controller, api, session } = setup({
      // the countdown's seconds pass at once; the backoff before a retry never ends
      sleep: (ms) => (ms === 1000 ? Promise.resolve() : new Promise(() => void backoffs++)),
    });
    await controller.start();
    api.fail('recordings.putMasterChunk', new ReelayCallError({ code: 'storage-unreachable', message: 'offline', retryable: true }));
    session().events.onMasterChunk({ seq: 0, mimeType: 'video/webm', data: new Uint8Array(1) });
    let stopEnded = false;
    const stopping = controller.stop().then(() => (stopEnded = true));
    await vi.waitFor(() => expect(controller.getSnapshot().upload.retrying?.error.code).toBe('storage-unreachable'));
    expect(backoffs).toBe(1);
    expect(controller.getSnapshot().state).toBe('stopping');
    expect(stopEnded).toBe(false);

    await controller.cancel();
    await vi.waitFor(() => expect(stopEnded).toBe(true), { timeout: 5_000 });
    await stopping;
    expect(controller.getSnapshot().state).toBe('cancelled');
    expect(api.methods()).toContain('recordings.cancel');
    expect(api.methods()).not.toContain('recordings.stop');
  });

  describe('when the disk is full', () => {
    const diskFull = () => new ReelayCallError({ code: 'disk-full', message: 'The disk is full: segment 0 was not saved.', retryable: true });
    const settle = () => new Promise((r) => setTimeout(r, 0));

    it('pauses, keeps what was not saved and says since when; Resume sends it again and goes on in the same recording', async () => {
      const { controller, api, session } = setup();
      await controller.start();
      api.fail('recordings.putSegment', diskFull());
      session().emitSegment(0);
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('paused'));
      await settle();
      const held = controller.getSnapshot().upload.held;
      expect(held).toMatchObject({ label: 'live segment 0', error: { code: 'disk-full' } });
      expect(held!.since).toBeGreaterThan(1_000);
      expect(controller.getSnapshot().upload).toMatchObject({ pending: 1, pendingBytes: 10, retrying: null, failed: null });
      expect(session().log).toEqual(['start', 'pause']);
      expect(api.methods()).toContain('recordings.pause');
      // what the encoders still hand over while paused is kept too, behind the refused segment
      session().emitSegment(1);
      await settle();
      expect(api.methods().filter((m) => m.startsWith('recordings.putSegment'))).toEqual(['recordings.putSegment:0']);

      await controller.resume();
      expect(controller.getSnapshot().state).toBe('recording');
      await vi.waitFor(() => expect(controller.getSnapshot().upload.pending).toBe(0));
      expect(controller.getSnapshot().upload.held).toBeNull();
      expect(api.methods().filter((m) => m.startsWith('recordings.putSegment'))).toEqual(['recordings.putSegment:0', 'recordings.putSegment:0', 'recordings.putSegment:1']);
      expect(session().log).toEqual(['start', 'pause', 'resume']);
      await controller.stop();
      expect(controller.getSnapshot().state).toBe('stopped');
      expect(api.methods().filter((m) => m === 'recordings.create')).toHaveLength(1);
    });

    it('a Resume while the disk is still full pauses again and keeps the time saving stopped', async () => {
      const { controller, api, session } = setup();
      await controller.start();
      api.fail('recordings.putSegment', diskFull(), diskFull());
      session().emitSegment(0);
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('paused'));
      const since = controller.getSnapshot().upload.held!.since;
      await controller.resume();
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('paused'));
      expect(controller.getSnapshot().upload.held?.since).toBe(since);
      await controller.resume();
      await vi.waitFor(() => expect(controller.getSnapshot().upload.pending).toBe(0));
      expect(controller.getSnapshot().state).toBe('recording');
    });

    it('sends a pause the full disk refused again until it is saved (main would close a silent recording)', async () => {
      const { controller, api, session } = setup();
      await controller.start();
      api.fail('recordings.putSegment', diskFull());
      api.fail('recordings.pause', diskFull(), diskFull());
      session().emitSegment(0);
      await vi.waitFor(() => expect(api.methods().filter((m) => m === 'recordings.pause')).toHaveLength(3));
      await settle();
      expect(controller.getSnapshot()).toMatchObject({ state: 'paused', problem: null });
      expect(controller.getSnapshot().recording?.state).toBe('paused');
    });

    it('holds nothing back after Stop: what the full disk refused is retried until it is saved', async () => {
      const { controller, api, session } = setup();
      await controller.start();
      api.fail('recordings.putSegment', diskFull());
      session().emitSegment(0);
      await vi.waitFor(() => expect(controller.getSnapshot().state).toBe('paused'));
      api.fail('recordings.putSegment', diskFull(), diskFull());
      await controller.stop();
      expect(controller.getSnapshot().state).toBe('stopped');
      expect(api.methods().filter((m) => m === 'recordings.putSegment:0')).toHaveLength(4);
      expect(api.methods()).toContain('recordings.stop');
    });
  });

  it('refuses impossible transitions silently: pause when idle, resume when recording', async () => {
    const { controller, api } = setup();
    await controller.pause();
    await controller.resume();
    expect(api.calls).toEqual([]);
    expect(controller.getSnapshot().state).toBe('idle');
  });
});
