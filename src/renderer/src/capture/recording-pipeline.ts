// The capture pipeline of one recording: screen → compositor (camera bubble) → live encoder and
// master recorder, microphone + system audio → mix → both encoders, all on one media clock.
import type { CaptureEvents, CaptureSession } from './capture-session';
import { AudioMix } from './audio-mix';
import { readAudio } from './audio-reader';
import type { BubbleLayout } from './bubble-geometry';
import { Compositor } from './compositor';
import { LatestFrame } from './latest-frame';
import { LiveBacklogWatch } from './live-backlog';
import { LiveEncoder } from './live-encoder';
import { liveRung } from './live-rung';
import { MasterRecorder } from './master-recorder';
import { MediaClock } from './media-clock';
import type { CaptureStats } from './recorder-stats';
import { watchSilence } from './silence-detector';
import { SCREEN_FRAME_RATE, stopStream } from './sources';
import { onTrackEnded } from './track-end';

export interface PipelineSources {
  /** owned by the pipeline: stopped on release */
  screen: MediaStream;
  /** borrowed from the recorder panel (its preview keeps running) */
  camera: MediaStreamTrack | null;
  /** borrowed from the recorder panel */
  microphone: MediaStreamTrack | null;
}

/** How long to wait for the screen's first frame before giving up. */
const FIRST_FRAME_TIMEOUT_MS = 5_000;
/** If no frame tick comes this soon after start/resume, the clock starts without one. */
const TICK_WAIT_MS = 250;
/** How often the live stream's lag behind the recording is checked. */
const BACKLOG_CHECK_MS = 1000;

export async function openRecordingPipeline(sources: PipelineSources, layout: BubbleLayout, events: CaptureEvents): Promise<RecordingPipeline> {
  const [screenTrack] = sources.screen.getVideoTracks();
  if (!screenTrack) throw new Error('the screen share has no video');
  const screen = new LatestFrame(screenTrack);
  try {
    const size = await Promise.race([
      screen.first,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), FIRST_FRAME_TIMEOUT_MS)),
    ]);
    if (!size) throw new Error('the screen share delivered no picture');
    const frameRate = Math.min(60, Math.round(screenTrack.getSettings().frameRate ?? SCREEN_FRAME_RATE)) || SCREEN_FRAME_RATE;
    const pipeline = new RecordingPipeline(sources, screen, size, frameRate, layout, events);
    await pipeline.prepare();
    return pipeline;
  } catch (error) {
    screen.close();
    throw error;
  }
}

export class RecordingPipeline implements CaptureSession {
  readonly width: number;
  readonly height: number;
  private readonly clock = new MediaClock(() => performance.now());
  private readonly compositor: Compositor;
  private readonly mix: AudioMix | null;
  private readonly live: LiveEncoder;
  private readonly master: MasterRecorder;
  private stopAudio: (() => void) | null = null;
  private readonly stopScreenWatch: () => void;
  private stopCameraWatch: (() => void) | null = null;
  private stopMicrophoneWatch: (() => void) | null = null;
  private stopSilenceWatch: (() => void) | null = null;
  private onTick: ((at: number) => void) | null = null;
  private framesCaptured = 0;
  private videoDurationSec = 0;
  private released = false;
  private readonly backlog = new LiveBacklogWatch();
  private behindSec: number | null = null;
  private backlogTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly sources: PipelineSources,
    screen: LatestFrame,
    size: { width: number; height: number },
    readonly frameRate: number,
    layout: BubbleLayout,
    private readonly events: CaptureEvents,
  ) {
    this.width = size.width;
    this.height = size.height;
    this.compositor = new Compositor({ screen, camera: sources.camera, output: size, frameRate, layout });
    this.compositor.onFrame = (frame, madeAt) => this.onFrame(frame, madeAt);
    this.compositor.onScreenEnded = () => events.onSourceEnded();
    // the track's 'ended' event too: it comes even if the frame reader does not notice (reported once by the controller)
    this.stopScreenWatch = onTrackEnded(screen.track, () => events.onSourceEnded());

    const audioInputs = [
      ...(sources.microphone ? [{ track: sources.microphone, metered: true }] : []),
      ...sources.screen.getAudioTracks().map((track) => ({ track })),
    ];
    this.mix = audioInputs.length > 0 ? new AudioMix(audioInputs, { stereo: sources.screen.getAudioTracks().length > 0 }) : null;
    this.watchCamera(sources.camera);
    // A microphone that goes away leaves its input in the mix silent: the audio goes on, the timeline stays whole.
    if (sources.microphone) {
      this.stopMicrophoneWatch = onTrackEnded(sources.microphone, () => {
        this.stopSilenceWatch?.();
        events.onDeviceLost('microphone');
      });
    }

    this.live = new LiveEncoder({
      rung: liveRung(size, frameRate),
      audio: this.mix !== null,
      onInit: (init) => events.onInit(init),
      onSegment: (segment) => {
        if (segment.rendition !== 'audio') this.videoDurationSec = segment.mediaEndSec;
        events.onSegment(segment);
      },
      onError: (error) => events.onProblem(`The live stream stopped: ${error.message}. The full recording is still being saved.`),
    });

    const tracks = [this.compositor.track, ...(this.mix ? [this.mix.track] : [])];
    this.master = new MasterRecorder(
      new MediaStream(tracks),
      { width: size.width, height: size.height, frameRate },
      (chunk) => events.onMasterChunk(chunk),
      (error) => events.onProblem(`The full-quality recording stopped: ${error.message}`),
    );
  }

  /** Runs the compositor and readies the encoders, so start() is immediate. */
  async prepare(): Promise<void> {
    this.compositor.start();
    await this.mix?.resume();
    await this.live.start();
    if (this.mix) {
      this.stopAudio = readAudio(this.mix.track, (data) => {
        if (this.clock.state === 'running') this.live.addAudio(data, this.clock.mediaTimeSec());
        else if (this.live.state === 'finishing') this.live.addAudio(data, this.clock.mediaTimeSec());
      });
    }
    const { microphone } = this.sources;
    const mix = this.mix;
    if (microphone && mix && microphone.readyState === 'live') {
      this.stopSilenceWatch = watchSilence({
        level: () => mix.levelOf(microphone) ?? 0,
        recording: () => this.clock.state === 'running',
        onChange: (silent) => this.events.onMicrophoneSilent(silent),
        now: () => performance.now(),
      });
    }
  }

  /** Media time 0 is the next frame tick, so frame times land on the frame grid. */
  async start(): Promise<void> {
    await this.atNextTick((at) => this.clock.start(at));
    this.master.start();
    this.backlogTimer = setInterval(() => this.checkBacklog(), BACKLOG_CHECK_MS);
  }

  private checkBacklog(): void {
    if (this.clock.state === 'stopped') return;
    const behind = this.backlog.check(this.clock.mediaTimeSec(), this.videoDurationSec);
    if (behind === this.behindSec) return;
    this.behindSec = behind;
    this.events.onLiveBehind(behind);
  }

  private stopBacklogWatch(): void {
    if (this.backlogTimer) clearInterval(this.backlogTimer);
    this.backlogTimer = null;
    if (this.behindSec !== null) this.events.onLiveBehind((this.behindSec = null));
  }

  pause(): void {
    this.clock.pause();
    this.master.pause();
  }

  resume(): void {
    this.master.resume();
    void this.atNextTick((at) => {
      this.clock.resume(at);
      this.live.markDiscontinuity();
    });
  }

  elapsedMs(): number {
    return this.clock.elapsedMs();
  }

  mediaTimeSec(): number {
    return this.clock.mediaTimeSec();
  }

  setLayout(layout: BubbleLayout): void {
    this.compositor.setLayout(layout);
  }

  setCamera(track: MediaStreamTrack | null): void {
    this.compositor.setCamera(track);
    this.watchCamera(track);
  }

  /** A camera that goes away is reported once; the recorder controller decides what follows. */
  private watchCamera(track: MediaStreamTrack | null): void {
    this.stopCameraWatch?.();
    this.stopCameraWatch = track ? onTrackEnded(track, () => this.events.onDeviceLost('camera')) : null;
  }

  async finish(): Promise<{ durationMs: number }> {
    this.onTick?.(performance.now());
    this.clock.end();
    this.stopBacklogWatch();
    const [live] = await Promise.allSettled([this.live.finish(), this.master.stop()]);
    if (live.status === 'rejected') this.events.onProblem(`The live stream could not be finished: ${String(live.reason)}`);
    const durationSec = this.videoDurationSec > 0 ? this.videoDurationSec : this.clock.elapsedMs() / 1000;
    return { durationMs: durationSec * 1000 };
  }

  async abort(): Promise<void> {
    this.clock.end();
    this.stopBacklogWatch();
    await Promise.allSettled([this.live.cancel(), this.master.stop()]);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.stopBacklogWatch();
    this.stopAudio?.();
    this.stopSilenceWatch?.();
    this.stopScreenWatch();
    this.stopCameraWatch?.();
    this.stopMicrophoneWatch?.();
    this.compositor.stop();
    this.mix?.close();
    stopStream(this.sources.screen);
  }

  stats(): CaptureStats {
    const live = this.live.stats;
    return {
      framesCaptured: this.framesCaptured,
      framesEncoded: live.framesEncoded,
      framesDropped: live.framesDropped,
      framesSkipped: live.framesSkipped,
      audioChunksDropped: live.audioChunksDropped,
      audioEndGapSec: live.audioEndSec !== null && live.videoEndSec !== null ? live.audioEndSec - live.videoEndSec : null,
      detail: { live: { ...live, audioBacklogSec: this.live.audioBacklogSec }, compositor: { ...this.compositor.stats }, masterMimeType: this.master.mimeType, masterBytes: this.master.bytes },
    };
  }

  private onFrame(frame: VideoFrame, madeAt: number): void {
    this.onTick?.(madeAt);
    if (this.clock.state !== 'running') return;
    this.framesCaptured++;
    this.live.addVideo(frame, this.clock.mediaTimeSec(madeAt));
  }

  private atNextTick(action: (at: number) => void): Promise<void> {
    return new Promise((resolve) => {
      const run = (at: number): void => {
        clearTimeout(timer);
        this.onTick = null;
        action(at);
        resolve();
      };
      const timer = setTimeout(() => run(performance.now()), TICK_WAIT_MS);
      this.onTick = run;
    });
  }
}
