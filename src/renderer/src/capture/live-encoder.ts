// The live variant: H.264 + AAC-LC in 2 s CMAF segments, written by mediabunny's HLS muxer while we
// record, each init and segment handed on the moment it exists.
//
// Video is encoded by our own VideoEncoder rather than mediabunny's MediaStreamVideoTrackSource:
// Chromium's encoder scales the full-size composited frame down to the rung by itself (measured
// ~3 ms per 1080p frame, no canvas), we choose the key frames on a fixed 2 s grid, and we count
// every frame we drop when the encoder falls behind. Audio is stamped by AudioStamper, goes through
// AudioGate, which ends the audio exactly where the video ends so that hls.js reaches `ended` on the
// last segment, and is encoded to AAC in a worker of its own (audio-encode-protocol.ts says why).
import {
  BufferTarget,
  CmafOutputFormat,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedVideoPacketSource,
  HlsOutputFormat,
  NullTarget,
  Output,
  PathedTarget,
  type HlsOutputPlaylistInfo,
  type Target,
} from 'mediabunny';
import { LIVE_RENDITION } from '../../../shared/domain';
import { AudioEncodeClient, type AudioPacket } from './audio-encode-client';
import { AudioGate, type AudioChunk } from './audio-gate';
import { AudioStamper } from './audio-stamper';
import { FrameGrid, KeyframeGrid } from './frame-timing';
import { HlsSegmentCollector } from './hls-segment-collector';
import type { LiveEncoderOptions, LiveEncoderStats } from './live-output';
import { SEGMENT_SECONDS } from '../../../shared/published';

export const AUDIO_RENDITION = 'audio';
/** H.264 High then Main, level 4.0: both encode up to 1080p here (FACTS), so any rung fits. */
export const LIVE_VIDEO_CODECS = ['avc1.640028', 'avc1.4d0028'] as const;
export const LIVE_AUDIO_BITRATE = 128_000;
/** mediabunny's own MediaStreamVideoTrackSource drops at 8 queued frames; so do we, but we count. */
export const MAX_ENCODE_QUEUE = 8;
/** How long finish() waits for the audio to catch up with the last video frame. */
const AUDIO_CATCH_UP_MS = 300;

export type LiveEncoderState = 'idle' | 'running' | 'finishing' | 'finished' | 'cancelled' | 'failed';

interface PlaylistMeta {
  rendition: string;
  mediaEndSec: number;
}

export class LiveEncoder {
  state: LiveEncoderState = 'idle';
  readonly stats: LiveEncoderStats = {
    framesOffered: 0,
    framesQueued: 0,
    framesEncoded: 0,
    framesDropped: 0,
    framesSkipped: 0,
    audioChunks: 0,
    audioChunksDropped: 0,
    segments: 0,
    bytes: 0,
    videoEndSec: null,
    audioEndSec: null,
    audioPaddedSec: 0,
  };

  private readonly segmentSec: number;
  private readonly frameGrid: FrameGrid;
  private readonly keyGrid: KeyframeGrid;
  private readonly stamper = new AudioStamper();
  private readonly collector = new HlsSegmentCollector();
  private readonly playlists = new Map<number, PlaylistMeta>();
  private readonly output: Output;
  private readonly videoSource: EncodedVideoPacketSource;
  private readonly audioSource: EncodedAudioPacketSource | null;
  private readonly audioEncoder: AudioEncodeClient | null;
  private encoder: VideoEncoder | null = null;
  private videoCodec: string | null = null;
  private audioCodec = 'mp4a.40.2';
  private videoChain: Promise<unknown> = Promise.resolve();
  private audioChain: Promise<unknown> = Promise.resolve();
  private lastVideoSec: number | null = null;
  private audioWaiter: (() => void) | null = null;
  private readonly audioGate = new AudioGate();
  private finishing: Promise<void> | null = null;
  private cancelling: Promise<void> | null = null;

  constructor(private readonly options: LiveEncoderOptions) {
    this.segmentSec = options.segmentDurationSec ?? SEGMENT_SECONDS;
    this.frameGrid = new FrameGrid(options.rung.frameRate);
    this.keyGrid = new KeyframeGrid(this.segmentSec);
    this.output = new Output({
      format: new HlsOutputFormat({
        segmentFormat: new CmafOutputFormat(),
        targetDuration: this.segmentSec,
        live: true,
        onInit: (target, info) => this.onInit(target, info),
        onSegment: (target, info) => this.release(this.collector.addSegment(info.playlist.n, info.n, bytesOf(target))),
        onPlaylist: (text, info) => this.release(this.collector.addPlaylist(info.n, text)),
      }),
      // Playlists are ignored (main derives its own from the database); only media files are kept.
      target: new PathedTarget('master.m3u8', (request) => (request.path.endsWith('.m3u8') ? new NullTarget() : new BufferTarget())),
    });
    this.videoSource = new EncodedVideoPacketSource('avc');
    this.output.addVideoTrack(this.videoSource, { frameRate: options.rung.frameRate });
    if (options.audio) {
      this.audioSource = new EncodedAudioPacketSource('aac');
      this.output.addAudioTrack(this.audioSource);
      this.audioEncoder = new AudioEncodeClient(
        (packet) => this.onAudioPacket(packet),
        (error) => this.fail(error),
      );
    } else {
      this.audioSource = null;
      this.audioEncoder = null;
    }
  }

  async start(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`cannot start a live encoder that is ${this.state}`);
    await this.audioEncoder?.start(LIVE_AUDIO_BITRATE);
    this.encoder = await this.createVideoEncoder();
    await this.output.start();
    this.state = 'running';
  }

  /** Borrows the frame (the caller still closes it). mediaSec: its time on the recording's timeline. */
  addVideo(frame: VideoFrame, mediaSec: number): void {
    if (this.state !== 'running' || !this.encoder) return;
    this.stats.framesOffered++;
    if (this.frameGrid.peek(mediaSec) === null) {
      this.stats.framesSkipped++;
      return;
    }
    if (this.encoder.encodeQueueSize >= MAX_ENCODE_QUEUE) {
      this.stats.framesDropped++;
      return;
    }
    const timestamp = this.frameGrid.take(mediaSec)!;
    const keyFrame = this.keyGrid.isKeyFrame(timestamp);
    const stamped = new VideoFrame(frame, {
      timestamp: Math.round(timestamp * 1e6),
      duration: Math.round(this.frameGrid.frameDurationSec * 1e6),
    });
    try {
      this.encoder.encode(stamped, { keyFrame });
    } finally {
      stamped.close();
    }
    this.stats.framesQueued++;
    this.lastVideoSec = timestamp;
    this.encodeAudio(this.audioGate.release(timestamp));
  }

  /** Borrows the audio data. clockSec: the media clock when it arrived. */
  addAudio(data: AudioData, clockSec: number): void {
    if (!this.audioSource || (this.state !== 'running' && this.state !== 'finishing')) return;
    const droppedBefore = this.stamper.dropped;
    const stamp = this.stamper.stamp(data.numberOfFrames, data.sampleRate, clockSec);
    if (this.stamper.dropped !== droppedBefore) this.stats.audioChunksDropped++;
    if (stamp) {
      const channels = data.numberOfChannels;
      const frames = stamp.keepFrames;
      const samples = new Float32Array(frames * channels);
      for (let c = 0; c < channels; c++) {
        data.copyTo(samples.subarray(c * frames, (c + 1) * frames), { planeIndex: c, format: 'f32-planar', frameCount: frames });
      }
      this.audioGate.hold({ startSec: stamp.timestampSec, frames, channels, sampleRate: data.sampleRate, samples });
      this.stats.audioChunks++;
      this.encodeAudio(this.audioGate.release(this.lastVideoSec ?? -1));
    }
    this.audioWaiter?.();
  }

  private encodeAudio(chunks: readonly AudioChunk[]): void {
    for (const chunk of chunks) this.audioEncoder?.send(chunk);
  }

  private onAudioPacket(audio: AudioPacket): void {
    const source = this.audioSource;
    if (!source) return;
    if (audio.decoderConfig?.codec) this.audioCodec = audio.decoderConfig.codec;
    this.stats.audioEndSec = audio.timestampSec + audio.durationSec;
    const packet = new EncodedPacket(audio.data, 'key', audio.timestampSec, audio.durationSec);
    const meta = audio.decoderConfig ? { decoderConfig: audio.decoderConfig } : undefined;
    this.audioChain = this.audioChain.then(() => source.add(packet, meta)).catch((error: unknown) => this.fail(error));
  }

  /** how far the live audio is behind the audio handed to it (seconds): the AAC worker's backlog */
  get audioBacklogSec(): number {
    const sent = this.audioEncoder?.sentUntilSec ?? null;
    return sent === null ? 0 : Math.max(0, sent - (this.stats.audioEndSec ?? 0));
  }

  /** Call when recording resumes after a pause: audio re-anchors to the clock. */
  markDiscontinuity(): void {
    this.stamper.markDiscontinuity();
  }

  /** Flushes the last partial segment and ends the stream. Idempotent. */
  finish(): Promise<void> {
    this.finishing ??= this.doFinish();
    return this.finishing;
  }

  /** Stops without flushing; nothing more is emitted. Idempotent. */
  cancel(): Promise<void> {
    this.cancelling ??= (async () => {
      if (this.state === 'finished') return;
      this.state = 'cancelled';
      this.closeEncoder();
      this.audioEncoder?.terminate();
      await this.output.cancel().catch(() => undefined);
    })();
    return this.cancelling;
  }

  private async doFinish(): Promise<void> {
    if (this.state !== 'running') {
      if (this.state === 'idle') this.state = 'cancelled';
      return;
    }
    this.state = 'finishing';
    try {
      const end = this.lastVideoSec;
      if (end === null) {
        // Nothing was encoded: there is no stream to end.
        this.closeEncoder();
        this.audioEncoder?.terminate();
        await this.output.cancel();
        this.state = 'finished';
        return;
      }
      if (this.audioSource) {
        // Audio and video end together, at the end of the last video frame (see AudioGate).
        const videoEnd = end + this.frameGrid.frameDurationSec;
        this.stamper.endAt(videoEnd);
        await this.waitForAudioUntil(videoEnd);
        this.encodeAudio(this.audioGate.endAt(videoEnd));
        this.stats.audioPaddedSec = this.audioGate.paddedSec;
      }
      await this.encoder?.flush();
      this.closeEncoder();
      await this.audioEncoder?.end();
      this.audioEncoder?.terminate();
      await this.videoChain;
      await this.audioChain;
      this.videoSource.close();
      this.audioSource?.close();
      await this.output.finalize();
      this.state = 'finished';
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  private waitForAudioUntil(endSec: number): Promise<void> {
    const covered = (): boolean => this.stamper.reachedEnd || this.stamper.coveredUntilSec >= endSec;
    if (covered()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.audioWaiter = null;
        resolve();
      };
      const timer = setTimeout(done, AUDIO_CATCH_UP_MS);
      this.audioWaiter = () => {
        if (covered()) done();
      };
    });
  }

  private async createVideoEncoder(): Promise<VideoEncoder> {
    const { rung } = this.options;
    for (const codec of LIVE_VIDEO_CODECS) {
      const config: VideoEncoderConfig = {
        codec,
        width: rung.width,
        height: rung.height,
        bitrate: rung.bitrate,
        framerate: rung.frameRate,
        bitrateMode: 'variable',
        latencyMode: 'realtime',
        avc: { format: 'avc' },
      };
      const support = await VideoEncoder.isConfigSupported(config).catch(() => null);
      if (!support?.supported) continue;
      const encoder = new VideoEncoder({
        output: (chunk, meta) => this.onVideoChunk(chunk, meta),
        error: (error) => this.fail(error),
      });
      encoder.configure(config);
      this.videoCodec = codec;
      return encoder;
    }
    throw new Error(`this browser cannot encode H.264 at ${rung.width}x${rung.height}`);
  }

  private onVideoChunk(chunk: EncodedVideoChunk, meta: EncodedVideoChunkMetadata | undefined): void {
    this.stats.framesEncoded++;
    const packet = EncodedPacket.fromEncodedChunk(chunk);
    this.stats.videoEndSec = packet.timestamp + packet.duration;
    if (meta?.decoderConfig?.codec) this.videoCodec = meta.decoderConfig.codec;
    this.videoChain = this.videoChain
      .then(() => this.videoSource.add(packet, meta?.decoderConfig ? meta : undefined))
      .catch((error: unknown) => this.fail(error));
  }

  private onInit(target: Target, info: HlsOutputPlaylistInfo): void {
    const hasVideo = info.tracks.some((t) => t.type === 'video');
    const hasAudio = info.tracks.some((t) => t.type === 'audio');
    const rendition = hasVideo ? LIVE_RENDITION : AUDIO_RENDITION;
    this.playlists.set(info.n, { rendition, mediaEndSec: 0 });
    const { rung } = this.options;
    const codecs = [hasVideo ? this.videoCodec : null, hasAudio ? this.audioCodec : null].filter((c): c is string => !!c);
    const data = bytesOf(target);
    this.stats.bytes += data.byteLength;
    this.options.onInit({
      rendition,
      codecs: codecs.join(','),
      ...(hasVideo ? { width: rung.width, height: rung.height, frameRate: rung.frameRate } : {}),
      bitrate: (hasVideo ? rung.bitrate : 0) + (hasAudio ? LIVE_AUDIO_BITRATE : 0),
      data,
    });
  }

  private release(segments: ReturnType<HlsSegmentCollector['addSegment']>): void {
    for (const s of segments) {
      const meta = this.playlists.get(s.playlist);
      if (!meta) {
        this.fail(new Error(`segment for unknown media playlist ${s.playlist}`));
        return;
      }
      meta.mediaEndSec += s.durationSec;
      this.stats.segments++;
      this.stats.bytes += s.data.byteLength;
      this.options.onSegment({
        rendition: meta.rendition,
        seq: s.seq,
        durationSec: s.durationSec,
        data: s.data,
        mediaEndSec: meta.mediaEndSec,
      });
    }
  }

  private closeEncoder(): void {
    if (this.encoder && this.encoder.state !== 'closed') this.encoder.close();
  }

  private fail(error: unknown): void {
    if (this.state === 'failed' || this.state === 'cancelled') return;
    this.state = 'failed';
    this.closeEncoder();
    this.audioEncoder?.terminate();
    this.options.onError(error instanceof Error ? error : new Error(String(error)));
  }
}

function bytesOf(target: Target): Uint8Array {
  const buffer = target instanceof BufferTarget ? target.buffer : null;
  if (!buffer) throw new Error('mediabunny handed over a file that was not written to memory');
  return new Uint8Array(buffer);
}
