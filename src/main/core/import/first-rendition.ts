// Runs ffmpeg on an imported file to make its first rendition, and hands each segment over as soon as
// ffmpeg has closed it (its playlist names it), so the link plays while the rest is being encoded.
// Cancellable; stops at the disk's reserve like the backfill (ffmpeg itself would only find out at
// ENOSPC, and the 2018 build ignores even that).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RENDITION_FILES } from '../../../shared/published';
import type { VideoSize } from '../../../shared/hls/ladder';
import { runFfmpeg, type FfmpegRun } from '../backfill/ffmpeg-process';
import { EtaEstimator } from '../backfill/progress';
import { diskFullError } from '../errors';
import { FIRST_RENDITION_PLAYLIST, firstRenditionArgs, madeSegments, type FirstRendition, type MadeSegment } from './first-rendition-args';

export interface FirstRenditionJob {
  ffmpeg: string;
  input: string;
  /** ffmpeg's scratch folder (made here, removed by the caller) */
  work: string;
  source: VideoSize;
  plan: FirstRendition;
  hasAudio: boolean;
  /** the file's length, for progress; null when unknown */
  durationSec: number | null;
  preset?: string;
  priority?: number;
  now: () => number;
  /** the init segment, once, before any segment */
  onInit: (data: Uint8Array) => Promise<void>;
  /** each segment in order, once it is complete */
  onSegment: (segment: MadeSegment, data: Uint8Array) => Promise<void>;
  onProgress: (fraction: number, etaSeconds: number | null) => void;
  /** false once the disk is down to its reserve */
  hasRoom: () => Promise<boolean>;
}

const ROOM_CHECK_MS = 250;

export class FirstRenditionRun {
  private proc: FfmpegRun | null = null;
  private cancelled = false;
  private handed = 0;
  private initSent = false;
  /** segment hand-overs run one at a time, in order */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly job: FirstRenditionJob) {}

  /** resolves with the segments handed over once ffmpeg is done and every segment is; rejects on any failure */
  async run(): Promise<MadeSegment[]> {
    const { job } = this;
    await fs.mkdir(job.work, { recursive: true });
    const eta = job.durationSec ? new EtaEstimator(job.durationSec) : null;
    const handed: MadeSegment[] = [];
    let failure: unknown = null;
    const take = (final: boolean): void => {
      this.chain = this.chain.then(async () => {
        if (failure !== null || this.cancelled) return;
        try {
          handed.push(...(await this.handOver(final)));
        } catch (e) {
          failure = e;
          void this.proc?.cancel();
        }
      });
    };
    this.proc = runFfmpeg(job.ffmpeg, firstRenditionArgs(job.input, job.source, job.plan, job.hasAudio, job.preset), {
      cwd: job.work,
      priority: job.priority,
      onProgress: (block) => {
        if (eta && block.outTimeSec !== null) {
          eta.sample(job.now(), block.outTimeSec);
          job.onProgress(eta.fraction(), eta.etaSeconds());
        }
        take(false);
      },
    });
    if (this.cancelled) void this.proc.cancel();
    let full = false;
    const watch = setInterval(() => {
      void job.hasRoom().then((room) => {
        if (room || full) return;
        full = true;
        void this.proc?.cancel();
      });
    }, ROOM_CHECK_MS);
    try {
      await this.proc.done;
    } catch (e) {
      failure ??= e;
    } finally {
      clearInterval(watch);
    }
    await this.chain;
    if (full) throw diskFullError('the imported video', 'its first version did not fit');
    if (failure !== null) throw failure;
    if (this.cancelled) throw new Error('cancelled');
    take(true);
    await this.chain;
    if (failure !== null) throw failure;
    return handed;
  }

  /** kills ffmpeg; run() then rejects */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.proc?.cancel();
  }

  /** the segments ffmpeg completed since the last look; `final`: ffmpeg is done, the playlist must say so */
  private async handOver(final: boolean): Promise<MadeSegment[]> {
    const { job } = this;
    const text = await fs.readFile(join(job.work, FIRST_RENDITION_PLAYLIST), 'utf8').catch(() => '');
    const { segments, ended } = madeSegments(text);
    if (final && (!ended || segments.length === 0)) throw new Error(`ffmpeg made ${segments.length} segment(s) and no complete playlist`);
    const fresh = segments.slice(this.handed);
    if (fresh.length > 0 && !this.initSent) {
      await job.onInit(await fs.readFile(join(job.work, RENDITION_FILES.init)));
      this.initSent = true;
    }
    for (const segment of fresh) {
      if (segment.seq !== this.handed) throw new Error(`ffmpeg's playlist skipped from segment ${this.handed} to ${segment.seq}`);
      const path = join(job.work, segment.name);
      await job.onSegment(segment, await fs.readFile(path));
      await fs.rm(path, { force: true }); // the intake has its own durable copy: keep one on disk
      this.handed++;
    }
    return fresh;
  }
}
