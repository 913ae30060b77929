// One recording, from the Start click to a link on the clipboard: sources, the recording row, the
// countdown, the encoders, every put through the send queue, pause/resume, stop and cancel.
// Plain class, everything injected: the state machine is tested in Node with fakes.
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api';
import type { Recording } from '../../../shared/domain';
import type { BubbleLayout } from './bubble-geometry';
import type { CaptureEvents, CaptureSession, OpenCapture } from './capture-session';
import { deviceLost, withNotice, withoutNotice, type CaptureDevice, type DeviceNotice } from './device-loss';
import type { LiveInit, LiveSegment } from './live-output';
import type { MasterChunk } from './master-recorder';
import { emptyRecorderStats, type RecorderStats } from './recorder-stats';
import { CAPTURING, InvalidTransitionError, canTransition, type RecorderState } from './recorder-state';
import { retryDelayMs, type RetryPolicy } from '../../../shared/retry';
import type { ErrorCode } from '../../../shared/api';
import { SendQueue, SendQueueAbandonedError, toApiError, type SendQueueStatus } from './send-queue';

export interface RecorderApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
}

export interface RecorderDeps {
  api: RecorderApi;
  openCapture: OpenCapture;
  countdownSeconds: number;
  policy: RetryPolicy;
  /** resolves after ms (the countdown's seconds, the queue's backoff) */
  sleep: (ms: number) => Promise<void>;
  copyToClipboard: (text: string) => Promise<void>;
  /** epoch milliseconds */
  now: () => number;
  /** filled in as the recording goes (window.__reelayStats) */
  stats?: RecorderStats;
  title?: string;
}

export interface RecorderSnapshot {
  state: RecorderState;
  /** the recording row: its link exists from the moment it was created */
  recording: Recording | null;
  /** seconds left while counting down */
  countdown: number | null;
  upload: SendQueueStatus;
  /** a problem the recording survives (a retrying save, a paused call that failed) */
  problem: string | null;
  /** why the recorder failed */
  error: string | null;
  /** the link was copied to the clipboard */
  copied: boolean;
  /** what happened to the devices: the screen share ended, the camera or microphone went away or is silent */
  deviceNotices: readonly DeviceNotice[];
  /** the live stream is this many seconds behind the recording (the computer cannot keep up); null: it keeps up */
  liveBehindSec: number | null;
}

/** Thrown by start() when the user dismissed the screen picker: not an error to show. */
export function isUserDismissal(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}

/**
 * Refusals that stop saving until the user acts: the recorder pauses, keeps what main has not
 * acknowledged, and sends it again on Resume (or, after Stop, retries until it goes through).
 */
const NEEDS_THE_USER: readonly ErrorCode[] = ['disk-full'];

/** The API requires positive durations; mediabunny can close a segment of (almost) zero length. */
const MIN_SEGMENT_SEC = 0.001;

export class RecorderController {
  private snapshot: RecorderSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly queue: SendQueue;
  private readonly stats: RecorderStats;
  private session: CaptureSession | null = null;
  private startPromise: Promise<void> | null = null;
  private stopPromise: Promise<void> | null = null;
  private cancelPromise: Promise<void> | null = null;
  private skip: (() => void) | null = null;
  private captureProblem: string | null = null;

  constructor(private readonly deps: RecorderDeps) {
    this.stats = deps.stats ?? emptyRecorderStats();
    this.queue = new SendQueue({ policy: deps.policy, sleep: deps.sleep, now: deps.now, holdOn: NEEDS_THE_USER, onStatus: (upload) => this.queueChanged(upload) });
    this.snapshot = {
      state: 'idle',
      recording: null,
      countdown: null,
      upload: this.queue.status,
      problem: null,
      error: null,
      copied: false,
      deviceNotices: [],
      liveBehindSec: null,
    };
  }

  getSnapshot = (): RecorderSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Recorded time so far, paused time excluded. */
  elapsedMs(): number {
    return this.session?.elapsedMs() ?? 0;
  }

  /** Picks sources, creates the recording, counts down, starts. Resolves once recording (or ended). */
  start(): Promise<void> {
    this.startPromise ??= this.doStart();
    return this.startPromise;
  }

  /** Changes what the recording shows while it runs: the bubble's place and size, the camera. */
  updateCapture(change: { layout?: BubbleLayout; camera?: MediaStreamTrack | null }): void {
    if (change.layout) this.session?.setLayout?.(change.layout);
    if (change.camera !== undefined) this.session?.setCamera?.(change.camera);
    // a camera chosen after the last one went away brings the bubble back
    if (change.camera && change.camera.readyState !== 'ended') this.update({ deviceNotices: withoutNotice(this.snapshot.deviceNotices, 'camera-lost') });
  }

  skipCountdown(): void {
    this.skip?.();
  }

  async pause(): Promise<void> {
    if (this.snapshot.state !== 'recording') return;
    this.session?.pause();
    this.transition('paused');
    await this.callQuietly('recordings.pause');
  }

  /** Goes on recording; what a full disk held back is sent again first. */
  async resume(): Promise<void> {
    if (this.snapshot.state !== 'paused') return;
    this.queue.resume();
    this.session?.resume();
    this.transition('recording');
    await this.callQuietly('recordings.resume');
  }

  /** Ends the recording and publishes it. Before recording started, Stop means Cancel. Idempotent. */
  stop(): Promise<void> {
    if (this.cancelPromise) return this.cancelPromise;
    if (!CAPTURING.includes(this.snapshot.state) && !this.stopPromise) {
      if (this.snapshot.state === 'preparing' || this.snapshot.state === 'countdown') return this.cancel();
      return Promise.resolve();
    }
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  /** Discards the recording. Also ends a stop that is stuck waiting for saves. Idempotent. */
  cancel(): Promise<void> {
    if (this.snapshot.state === 'stopped') return this.stopPromise ?? Promise.resolve();
    this.cancelPromise ??= this.doCancel();
    return this.cancelPromise;
  }

  private async doStart(): Promise<void> {
    this.transition('preparing');
    try {
      const session = await this.deps.openCapture(this.captureEvents());
      if (this.cancelPromise) {
        session.release();
        return;
      }
      this.session = session;
      // the camera went away while the capture was opening
      if (this.snapshot.deviceNotices.includes('camera-lost')) session.setCamera?.(null);
      const recording = await this.deps.api.call('recordings.create', {
        width: session.width,
        height: session.height,
        fps: session.frameRate,
        ...(this.deps.title ? { title: this.deps.title } : {}),
      });
      this.stats.recordingId = recording.id;
      this.stats.createdAt = this.deps.now();
      if (this.cancelPromise) {
        // cancelled while the row was being made: discard it too
        await this.deps.api.call('recordings.cancel', { id: recording.id }).catch(() => undefined);
        return;
      }
      this.update({ recording });
      this.transition('countdown');
      await this.countdown();
      if (this.cancelPromise) return;
      const started = await this.deps.api.call('recordings.start', { id: recording.id });
      if (this.cancelPromise) return;
      await session.start();
      if (this.cancelPromise) return;
      this.stats.startedAt = this.deps.now();
      this.update({ recording: started });
      this.transition('recording');
    } catch (error) {
      if (this.cancelPromise) return;
      if (isUserDismissal(error) && !this.snapshot.recording) {
        this.session?.release();
        this.transition('cancelled');
        return;
      }
      await this.session?.abort().catch(() => undefined);
      this.session?.release();
      const created = this.snapshot.recording;
      if (created && created.state === 'created') {
        // never started: nothing worth keeping
        await this.deps.api.call('recordings.cancel', { id: created.id }).catch(() => undefined);
      }
      this.fail(`Could not start recording: ${messageOf(error)}`);
    }
  }

  private async countdown(): Promise<void> {
    const skipped = new Promise<void>((resolve) => (this.skip = resolve));
    for (let left = this.deps.countdownSeconds; left > 0; left--) {
      this.update({ countdown: left });
      const which = await Promise.race([this.deps.sleep(1000).then(() => 'tick' as const), skipped.then(() => 'skip' as const)]);
      if (which === 'skip' || this.cancelPromise) break;
    }
    this.skip = null;
    this.update({ countdown: null });
  }

  private async doStop(): Promise<void> {
    const session = this.session;
    const recording = this.snapshot.recording;
    this.stats.stopClickedAt = this.deps.now();
    this.transition('stopping');
    // no Resume button from here: what a full disk holds back is retried until there is room (or Cancel)
    this.queue.stopHolding();
    if (!session || !recording) return;
    try {
      const { durationMs } = await session.finish();
      this.stats.finishedAt = this.deps.now();
      this.refreshCaptureStats();
      await this.queue.drain();
      this.stats.drainedAt = this.deps.now();
      if (this.cancelPromise) return;
      const stopped = await this.deps.api.call('recordings.stop', { id: recording.id, durationMs: Math.max(0, Math.round(durationMs)) });
      this.stats.stoppedAt = this.deps.now();
      session.release();
      if (this.cancelPromise) return;
      this.update({ recording: stopped });
      this.transition('stopped');
      await this.copyLink(stopped.link);
    } catch (error) {
      if (this.cancelPromise || error instanceof SendQueueAbandonedError) return;
      this.fail(`The recording could not be finished: ${messageOf(error)}`);
    }
  }

  private async copyLink(link: string): Promise<void> {
    try {
      await this.deps.copyToClipboard(link);
      this.stats.linkCopiedAt = this.deps.now();
      this.update({ copied: true });
    } catch {
      // No clipboard access (no focus, no permission): the link is on screen to copy by hand.
    }
  }

  private async doCancel(): Promise<void> {
    this.skip?.();
    this.queue.abandon();
    const session = this.session;
    if (session) {
      await session.abort().catch(() => undefined);
      session.release();
    }
    const recording = this.snapshot.recording;
    if (canTransition(this.snapshot.state, 'cancelled')) this.transition('cancelled');
    if (recording) {
      try {
        const cancelled = await this.deps.api.call('recordings.cancel', { id: recording.id });
        this.update({ recording: cancelled });
      } catch (error) {
        this.update({ problem: `The recording was stopped but could not be discarded: ${messageOf(error)}` });
      }
    }
  }

  private captureEvents(): CaptureEvents {
    return {
      onInit: (init) => this.enqueueInit(init),
      onSegment: (segment) => this.enqueueSegment(segment),
      onMasterChunk: (chunk) => this.enqueueMasterChunk(chunk),
      onProblem: (message) => {
        this.captureProblem = message;
        this.update({ problem: message });
      },
      onSourceEnded: () => this.deviceLost('screen'),
      onDeviceLost: (device) => this.deviceLost(device),
      onMicrophoneSilent: (silent) => {
        if (silent && !CAPTURING.includes(this.snapshot.state)) return;
        const { deviceNotices } = this.snapshot;
        this.update({ deviceNotices: silent ? withNotice(deviceNotices, 'microphone-silent') : withoutNotice(deviceNotices, 'microphone-silent') });
      },
      onLiveBehind: (liveBehindSec) => this.update({ liveBehindSec }),
    };
  }

  /** A device's track ended from outside: carry out what device-loss.ts decides, and say so. */
  private deviceLost(device: CaptureDevice): void {
    const decision = deviceLost(device, this.snapshot.state);
    if (!decision) return;
    this.update({ deviceNotices: withNotice(this.snapshot.deviceNotices, decision.notice) });
    if (decision.action === 'stop') void this.stop();
    else if (decision.action === 'drop-camera') this.session?.setCamera?.(null);
    // 'record-silence': the audio mix goes on producing silence, so the timeline stays whole
  }

  private recordingId(): string {
    const id = this.snapshot.recording?.id;
    if (!id) throw new Error('media arrived before the recording was created');
    return id;
  }

  private enqueueInit(init: LiveInit): void {
    const id = this.recordingId();
    this.queue.enqueue({
      lane: 'live',
      label: `${init.rendition} init`,
      bytes: init.data.byteLength,
      send: () => this.deps.api.call('recordings.putInit', { id, ...init }),
    });
  }

  private enqueueSegment(segment: LiveSegment): void {
    const id = this.recordingId();
    const producedAt = this.deps.now();
    const lagSec = Math.max(0, (this.session?.mediaTimeSec() ?? segment.mediaEndSec) - segment.mediaEndSec);
    const stat = {
      rendition: segment.rendition,
      seq: segment.seq,
      durationSec: segment.durationSec,
      bytes: segment.data.byteLength,
      mediaEndSec: segment.mediaEndSec,
      capturedEndAt: producedAt - lagSec * 1000,
      producedAt,
      ackedAt: null as number | null,
    };
    this.stats.segments.push(stat);
    this.refreshCaptureStats();
    this.queue.enqueue({
      lane: 'live',
      label: `${segment.rendition} segment ${segment.seq}`,
      bytes: segment.data.byteLength,
      send: () =>
        this.deps.api.call('recordings.putSegment', {
          id,
          rendition: segment.rendition,
          seq: segment.seq,
          durationSec: Math.max(MIN_SEGMENT_SEC, segment.durationSec),
          data: segment.data,
        }),
      onAcked: () => (stat.ackedAt = this.deps.now()),
    });
  }

  private enqueueMasterChunk(chunk: MasterChunk): void {
    const id = this.recordingId();
    this.stats.masterChunks++;
    this.stats.masterBytes += chunk.data.byteLength;
    this.queue.enqueue({
      lane: 'master',
      label: `master chunk ${chunk.seq}`,
      bytes: chunk.data.byteLength,
      send: () => this.deps.api.call('recordings.putMasterChunk', { id, ...chunk }),
    });
  }

  private refreshCaptureStats(): void {
    if (this.session) Object.assign(this.stats, this.session.stats());
  }

  /** the send queue changed; when it starts holding (a full disk), recording pauses: nothing more piles up in memory */
  private queueChanged(upload: SendQueueStatus): void {
    const newlyHeld = upload.held !== null && this.snapshot.upload.held === null;
    this.update({ upload });
    if (newlyHeld && this.snapshot.state === 'recording') void this.pauseForTheUser();
  }

  /**
   * Pauses because saving stopped. Main must hear of it: a recording that says it is recording
   * but sends nothing is closed as abandoned after a while, a paused one waits for as long as the
   * user takes to free space. A pause the full disk refuses is sent again until it is saved.
   */
  private async pauseForTheUser(): Promise<void> {
    this.session?.pause();
    this.transition('paused');
    const id = this.snapshot.recording?.id;
    for (let attempt = 1; id && this.snapshot.state === 'paused'; attempt++) {
      try {
        const recording = await this.deps.api.call('recordings.pause', { id });
        this.update({ recording });
        return;
      } catch (error) {
        if (!NEEDS_THE_USER.includes(toApiError(error).code)) {
          this.update({ problem: `Pausing was not saved: ${messageOf(error)}` });
          return;
        }
        await this.deps.sleep(retryDelayMs(this.deps.policy, attempt));
      }
    }
  }

  private async callQuietly(method: 'recordings.pause' | 'recordings.resume'): Promise<void> {
    const id = this.snapshot.recording?.id;
    if (!id) return;
    try {
      const recording = await this.deps.api.call(method, { id });
      this.update({ recording, problem: this.captureProblem });
    } catch (error) {
      this.update({ problem: `${method === 'recordings.pause' ? 'Pausing' : 'Resuming'} was not saved: ${messageOf(error)}` });
    }
  }

  private fail(message: string): void {
    if (canTransition(this.snapshot.state, 'failed')) this.transition('failed');
    this.update({ error: message });
  }

  private transition(to: RecorderState): void {
    const from = this.snapshot.state;
    if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
    this.update({ state: to });
  }

  private update(patch: Partial<RecorderSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
