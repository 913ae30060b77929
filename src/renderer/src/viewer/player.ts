// The playback engine: hls.js on a <video> (native HLS where hls.js cannot run), recovery from fatal
// errors, and swapping to a fresh hls.js instance when master.m3u8 gains renditions. The UI only
// sees callbacks; it never talks to hls.js directly.
import Hls, { ErrorDetails, ErrorTypes, Events, type ErrorData, type HlsConfig, type Level } from 'hls.js/light';
import { RETRY, retryDelayMs, shouldRetry, type RetryPolicy } from '../../../shared/retry';
import type { PlaybackFailure } from './failures';
import { LoadRetry } from './load-retry';
import { masterVariantUris, variantsChanged } from './master';
import { autoLevelCap, type LevelLike } from './levels';
import { NativePlayback } from './native-player';
import { preloadAwareLoader } from './preload-aware-loader';
import type { QuickStartHandoff } from './quick-start';
import { recentErrors, recoveryFor, type FatalError } from './recovery';

export interface PlayerCallbacks {
  /** the rendition list changed (manifest parsed, a rung added or dropped) */
  levels(levels: readonly LevelLike[], manualLevel: number): void;
  /** the rendition now on screen */
  levelSwitched(level: number): void;
  /** the media playlist has (false) or lacks (true) ENDLIST */
  playlistLive(live: boolean): void;
  /** something went wrong, or null once it is playing again */
  failure(failure: PlaybackFailure | null): void;
}

export interface PlayerOptions {
  masterUrl: string;
  /** seconds; 0 plays from the beginning even while the recording is live */
  startPosition: number;
  /** use the browser's own HLS even where hls.js runs (`?player=native`, to test that path) */
  forceNative?: boolean;
  callbacks: PlayerCallbacks;
}

const MANIFEST_FAILURES: readonly string[] = [
  ErrorDetails.MANIFEST_LOAD_ERROR,
  ErrorDetails.MANIFEST_LOAD_TIMEOUT,
  ErrorDetails.MANIFEST_PARSING_ERROR,
];

/** Re-reading the master: a few tries, since this may be the last look the page takes. */
const MASTER_REFRESH: RetryPolicy = { ...RETRY.viewerLoad, maxAttempts: 4 };
/** After a master swap, seconds of the old instance's buffer kept to play through the handover. */
const SWAP_KEEP_BUFFER_SEC = 4;

function bufferedEnd(media: HTMLMediaElement): number {
  const { buffered } = media;
  return buffered.length > 0 ? buffered.end(buffered.length - 1) : 0;
}

export class Player {
  hls: Hls | null = null;
  private readonly native: boolean;
  private nativePlayback: NativePlayback | null = null;
  private readonly retry = new LoadRetry();
  private mediaErrors: number[] = [];
  private swapping = false;
  private refreshAgain = false;
  private disposed = false;
  private resizeObserver: ResizeObserver | null = null;
  /** one for every instance this player creates: a preload speaks for the first load of its segment only */
  private readonly fragmentLoader = preloadAwareLoader();
  /** set while a restart re-creates the engine, so a pause the browser causes is not the viewer's */
  resuming = false;
  /** whether hls.js took over the page's own first frame (quick-start.ts) */
  quickStarted = false;

  constructor(
    readonly video: HTMLVideoElement,
    private readonly options: PlayerOptions,
  ) {
    this.native = options.forceNative === true || !Hls.isSupported();
  }

  get isNative(): boolean {
    return this.native;
  }

  /** `quick`: the first frame the page started on its own (quick-start.ts), which hls.js takes over */
  start(quick: QuickStartHandoff | null = null): void {
    this.quickStarted = quick !== null;
    if (!this.native) {
      if (typeof ResizeObserver !== 'undefined') {
        this.resizeObserver = new ResizeObserver(() => this.hls && this.capAuto(this.hls));
        this.resizeObserver.observe(this.video);
      }
      // the first fragment at the lowest rung (the master lists it first, and the page preloads its
      // playlist, init and first segment): the smallest fetch and decode before the first frame; Auto
      // takes over from the next fragment
      const hls = this.createHls({ startPosition: this.options.startPosition, startLevel: 0, startFragPrefetch: true });
      if (!quick) {
        this.install(hls);
        return;
      }
      this.hls = hls;
      this.bind(hls);
      hls.loadSource(this.options.masterUrl);
      hls.attachMedia({ media: this.video, mediaSource: quick.mediaSource, tracks: { [quick.plan.track]: { id: 'main', container: 'video/mp4', codec: quick.plan.codecs, buffer: quick.sourceBuffer, listeners: [] } } });
      return;
    }
    this.nativePlayback = new NativePlayback(this.video, this.options);
    this.nativePlayback.start();
  }

  /** -1 for Auto. Manual choices switch at the next segment, keeping what is already buffered. */
  setLevel(level: number): void {
    if (this.hls) this.hls.nextLevel = level;
  }

  /** Where the live edge is, or null when not live / not known. */
  liveEdge(): number | null {
    const sync = this.hls?.liveSyncPosition;
    if (typeof sync === 'number' && Number.isFinite(sync)) return sync;
    const seekable = this.video.seekable;
    if (seekable.length > 0) return Math.max(0, seekable.end(seekable.length - 1) - 3);
    return null;
  }

  /**
   * Re-reads master.m3u8; when its renditions changed, loads it into a fresh hls.js instance and hands
   * that the live MediaSource (hls.js `transferMedia`), so the picture keeps playing from what is
   * buffered while the new instance takes over. Resolves true when a swap happened.
   */
  async refreshMaster(): Promise<boolean> {
    const old = this.hls;
    // before the first manifest, hls.js is about to read the current master anyway
    if (!old || this.disposed || old.levels.length === 0) return false;
    if (this.swapping) {
      this.refreshAgain = true;
      return false;
    }
    this.swapping = true;
    let swapped = false;
    try {
      const fresh = await this.fetchVariants();
      if (fresh !== null && variantsChanged(old.levels.map((l) => l.uri), fresh)) swapped = await this.swapTo(old);
    } finally {
      this.swapping = false;
    }
    if (this.refreshAgain) {
      this.refreshAgain = false;
      return (await this.refreshMaster()) || swapped;
    }
    return swapped;
  }

  destroy(): void {
    this.disposed = true;
    this.resizeObserver?.disconnect();
    this.retry.cancel();
    this.nativePlayback?.destroy();
    this.hls?.destroy();
    this.hls = null;
  }

  /** The master's variant URIs, or null when it would not load (MASTER_REFRESH's tries). */
  private async fetchVariants(): Promise<string[] | null> {
    for (let attempt = 1; !this.disposed; attempt++) {
      try {
        const response = await fetch(this.options.masterUrl, { cache: 'no-store' });
        if (response.ok) return masterVariantUris(await response.text(), this.options.masterUrl);
      } catch {
        // try again
      }
      if (!shouldRetry(MASTER_REFRESH, { retryable: true }, attempt)) break;
      await new Promise((r) => setTimeout(r, retryDelayMs(MASTER_REFRESH, attempt)));
    }
    return null;
  }

  private async swapTo(old: Hls): Promise<boolean> {
    const manualUri = old.autoLevelEnabled ? null : (old.levels[old.manualLevel]?.uri ?? null);
    const estimate = old.bandwidthEstimate;
    const next = this.createHls({
      autoStartLoad: false,
      ...(Number.isFinite(estimate) && estimate > 0 ? { abrEwmaDefaultEstimate: estimate } : {}),
    });
    const onError = (_: unknown, data: ErrorData) => data.fatal && settle(false);
    let settle: (ok: boolean) => void = () => undefined;
    const parsed = await new Promise<boolean>((resolve) => {
      settle = resolve;
      next.once(Events.MANIFEST_PARSED, () => resolve(true));
      next.on(Events.ERROR, onError);
      next.loadSource(this.options.masterUrl);
    });
    next.off(Events.ERROR, onError);
    if (!parsed || this.hls !== old || this.disposed) {
      next.destroy();
      return false;
    }
    const manualIndex = manualUri === null ? -1 : next.levels.findIndex((l) => l.uri === manualUri);
    if (manualIndex >= 0) next.loadLevel = manualIndex;

    const media = this.video;
    old.stopLoad();
    const transferred = old.transferMedia();
    old.destroy();
    this.hls = next;
    this.bind(next);
    this.capAuto(next);
    next.attachMedia(transferred ? { media, mediaSource: transferred.mediaSource, tracks: transferred.tracks } : media);
    next.startLoad(media.currentTime, true);
    // The inherited buffer is invisible to the new instance's fragment tracker, so neither Auto nor a
    // manual choice could replace it until it ran out (up to maxBufferLength). Keep a few seconds to play
    // through the handover and let the new instance fetch the rest, at the rung it picks.
    next.once(Events.FRAG_BUFFERED, () => {
      if (this.hls !== next) return;
      const from = media.currentTime + SWAP_KEEP_BUFFER_SEC;
      if (bufferedEnd(media) > from) {
        next.trigger(Events.BUFFER_FLUSHING, { startOffset: from, endOffset: Number.POSITIVE_INFINITY, type: null });
      }
    });
    this.options.callbacks.levels(next.levels, next.manualLevel);
    return true;
  }

  private createHls(overrides: Partial<HlsConfig>): Hls {
    return new Hls({
      // FACTS: without it a late viewer of a live recording starts at the live edge
      startPosition: 0,
      // Our segments are fMP4 (live and backfill alike), which hls.js only repackages: cheap on the main
      // thread. A worker would be fetched and started on the way to the first frame (measured: its script
      // arrived after the first segment, bench/viewer-bench.ts).
      enableWorker: false,
      // Auto's cap by player size is ours (capAuto): hls.js's would hold a 1280-pixel player on a live
      // 720p rung that costs more than the 1080p one
      capLevelToPlayerSize: false,
      // a growing playlist is a recording someone is watching from the start, not a broadcast
      liveDurationInfinity: false,
      // up a rung only on half the estimate (hls.js: 0.7): it starts on the lowest rung, whose small
      // segments overstate a weak network, and at 400 kbit/s it then climbed to a 600 kbit/s 720p
      abrBandWidthUpFactor: 0.5,
      // the page may have preloaded the first segment: then its real transfer is what hls.js measures
      fLoader: this.fragmentLoader,
      ...overrides,
    });
  }

  /** Auto may not go above what the player shows, except to a larger rung that costs no more (levels.ts) */
  private capAuto(hls: Hls): void {
    const dpr = window.devicePixelRatio || 1;
    const width = this.video.clientWidth * dpr;
    const height = this.video.clientHeight * dpr;
    // not laid out yet (or hidden): leave Auto uncapped until it is
    if (width === 0 || height === 0) return;
    const cap = autoLevelCap(hls.levels, width, height);
    if (hls.autoLevelCapping !== cap) hls.autoLevelCapping = cap;
  }

  private install(hls: Hls): void {
    this.hls = hls;
    this.bind(hls);
    hls.attachMedia(this.video);
    hls.loadSource(this.options.masterUrl);
  }

  private bind(hls: Hls): void {
    const cb = this.options.callbacks;
    const current = () => this.hls === hls;
    hls.on(Events.MANIFEST_PARSED, () => {
      if (!current()) return;
      this.capAuto(hls);
      cb.levels(hls.levels, hls.manualLevel);
    });
    hls.on(Events.LEVELS_UPDATED, () => {
      if (!current()) return;
      this.capAuto(hls);
      cb.levels(hls.levels, hls.manualLevel);
    });
    hls.on(Events.LEVEL_SWITCHED, (_, data) => current() && cb.levelSwitched(data.level));
    hls.on(Events.LEVEL_LOADED, (_, data) => current() && cb.playlistLive(data.details.live));
    hls.on(Events.LEVEL_UPDATED, (_, data) => current() && cb.playlistLive(data.details.live));
    hls.on(Events.FRAG_BUFFERED, () => {
      if (!current() || this.retry.attempts === 0) return;
      this.retry.reset();
      cb.failure(null);
    });
    hls.on(Events.ERROR, (_, data) => {
      if (current() && data.fatal) this.onFatal(hls, data);
    });
  }

  private onFatal(hls: Hls, data: ErrorData): void {
    const error: FatalError =
      data.type === ErrorTypes.MEDIA_ERROR
        ? { kind: 'media' }
        : data.type === ErrorTypes.NETWORK_ERROR
          ? { kind: 'network', httpStatus: data.response?.code ?? 0, manifest: MANIFEST_FAILURES.includes(data.details) }
          : { kind: 'other' };
    if (error.kind === 'media') this.mediaErrors = recentErrors(this.mediaErrors, performance.now());
    const recovery = recoveryFor(error, this.retry.attempts, this.mediaErrors.length);
    switch (recovery.kind) {
      case 'recover-media':
        if (recovery.swapAudioCodec) hls.swapAudioCodec();
        hls.recoverMediaError();
        break;
      case 'give-up':
        this.fail({ kind: 'unplayable' });
        break;
      case 'retry':
        if (recovery.failure) this.options.callbacks.failure(recovery.failure);
        this.retry.schedule(() => {
          if (this.disposed) return;
          if (recovery.then === 'restart') this.restart();
          // the instance may have been swapped for a fresh one meanwhile: then there is nothing to resume
          else if (this.hls === hls) hls.startLoad(this.video.currentTime);
        });
        break;
    }
  }

  /** Re-creates hls.js where the viewer was, keeping play/pause. */
  private restart(): void {
    const media = this.video;
    const played = media.currentTime > 0 || media.played.length > 0;
    const position = played ? media.currentTime : this.options.startPosition;
    const wasPlaying = !media.paused && !media.ended;
    const old = this.hls;
    this.hls = null;
    old?.destroy();
    this.resuming = wasPlaying;
    const hls = this.createHls({ startPosition: position });
    if (wasPlaying) {
      hls.once(Events.FRAG_BUFFERED, () => {
        this.resuming = false;
        media.play().catch(() => undefined);
      });
    }
    this.install(hls);
  }

  private fail(failure: PlaybackFailure): void {
    this.retry.cancel();
    this.options.callbacks.failure(failure);
  }
}

export type { Level };
