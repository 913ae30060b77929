// What one backfill job does, from the recording's full-quality master:
//   1. the poster, first, so the library shows it a second after Stop;
//   2. every ladder rung (video) and the thumbnail sheet in one ffmpeg run, each rung cut where the
//      live rendition's segments start; a check that each rung is on the live rendition's timeline;
//      each rung's segments rebuilt with the live rendition's audio (shared-audio.ts), its video
//      ending where that sound ends; then the rungs are published
//      (master.m3u8 is rewritten after each one's files and playlist are out) and the thumbnails;
//   3. the download MP4, remuxed from the best rendition (no second encode).
// Each product is marked published in the same transaction that queues its upload, so a job that
// runs again after a crash or a quit redoes only what was not published. A product whose files could
// not be published (a full disk refused the transaction) takes them back, and a run that ends for any
// reason removes its scratch folder: nothing half-made is left to take up the room. A job stops (and
// fails: the user frees space, then Try again) when the disk's free space falls to the reserve the
// library keeps for itself (disk-room.ts), so the HD versions never take the room that saving a
// recording, the database and publishing need.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { LIVE_RENDITION } from '../../../shared/domain';
import { fitArea, planLadder, type LadderRung, type VideoSize } from '../../../shared/hls/ladder';
import { PUBLISHED, type PublishedAsset } from '../../../shared/published';
import type { RecordingRow, RecordingsRepo } from '../library/recordings-repo';
import type { Publisher } from '../publish/publisher';
import type { Intake } from '../recording/intake';
import { intakePaths } from '../recording/layout';
import type { JobsRepo, Product } from '../library/jobs-repo';
import { CancelledError, PermanentBackfillError, outOfRoom, type JobRun } from './job-run';
import { isFull, type DiskRoom } from '../files/disk-room';
import { runFfmpeg } from './ffmpeg-process';
import { measureDuration, probeMaster, type MasterInfo } from './probe';
import { downloadArgs, ladderArgs, liveCutsMetadata, posterArgs, rungDir, LADDER_PLAYLIST, LIVE_CUTS_FILE } from './ffmpeg-args';
import { planThumbnails, writeThumbnailVtt, type ThumbnailPlan } from './thumbnails';
import { EtaEstimator, type ProgressBlock } from './progress';
import { checkAlignment, type AlignmentReport } from './alignment';
import { measure, readHlsFolder, type MeasuredRendition, type RenditionFiles } from './renditions';
import { isFastStart } from '../media/mp4';
import { topLevelTypesOfFile } from '../media/mp4-file';
import { concatFiles, fsyncFolder, fsyncPath, moveInto } from './files';
import { endWithOwnAudio, withLiveAudio } from './shared-audio';

export interface JobDeps {
  db: Database;
  recordings: RecordingsRepo;
  intake: Pick<Intake, 'masterFile' | 'intakeDir'>;
  publisher: Publisher;
  jobs: JobsRepo;
  /** the job's products changed: the library follows */
  changed: (recordingId: string) => void;
  ffmpeg: string;
  /** os.setPriority value for every ffmpeg the job runs */
  priority: number;
  preset?: string;
  now: () => number;
  log: (message: string, error?: unknown) => void;
  /** the whole job's progress, 0..1, and the seconds left once known */
  report: (progress: number, etaSeconds: number | null) => void;
  /** the room on the disk of the recording's folder; null: unknown */
  diskRoom: () => Promise<DiskRoom | null>;
}

// how much of the progress bar each step takes
const WEIGHT = { poster: 0.02, encode: 0.9, publish: 0.02, download: 0.06 } as const;
/** the publishing and the download remux after the encode, as a share of the encode's time */
const TAIL_FACTOR = 1.08;
/** how often the free space is looked at while ffmpeg writes */
const ROOM_CHECK_MS = 250;

interface Live {
  measured: MeasuredRendition;
}

export class BackfillJob {
  private readonly id: string;
  private readonly root: string;
  private readonly work: string;
  private readonly published: string;

  constructor(
    private readonly run: JobRun,
    private readonly deps: JobDeps,
  ) {
    this.id = run.recordingId;
    this.root = join(deps.intake.intakeDir(this.id), 'backfill');
    // a fresh scratch folder per attempt: an orphaned ffmpeg of a crashed run may still write to the old one
    this.work = join(this.root, `work-${run.attempt}`);
    // where published files stay until the storage has them (the upload queue reads them from here)
    this.published = join(this.root, 'published');
  }

  async execute(): Promise<void> {
    const master = this.deps.intake.masterFile(this.id);
    const masterExists = master ? await fs.stat(master.path).then((s) => s.size > 0, () => false) : false;
    if (!master || !masterExists) throw new PermanentBackfillError('The full-quality recording is missing from this computer, so no higher quality can be made.');
    await this.clearOldWork();
    try {
      await fs.mkdir(this.work, { recursive: true });
      await this.makeAll(master.path);
    } finally {
      // this run's ffmpeg has exited by now (a cancel waits for it): its scratch files go, above all when the disk is full
      await fs.rm(this.work, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async makeAll(master: string): Promise<void> {
    const info = await probeMaster(this.deps.ffmpeg, master);
    this.run.check();
    const rec = this.recording();
    const live = await this.readLive(rec);
    const durationSec = live?.measured.timeline.totalSec || rec.duration_ms / 1000 || info.durationSec || (await measureDuration(this.deps.ffmpeg, master)) || 0;
    this.run.check();
    const source: VideoSize = { width: info.width, height: info.height };

    if (this.job().poster_at === null) await this.makePoster(master, source, durationSec);
    this.deps.report(WEIGHT.poster, null);

    const job = this.job();
    if (job.renditions_at === null || job.thumbnails_at === null) {
      const liveSize = live ? { width: live.measured.width, height: live.measured.height } : null;
      const rungs = job.renditions_at === null ? planLadder({ source, sourceFrameRate: rec.fps ?? info.frameRate, live: liveSize }) : [];
      const thumbnails = job.thumbnails_at === null ? planThumbnails(durationSec, source) : null;
      await this.makeLadder(master, info, rungs, thumbnails, live, durationSec);
    }
    this.deps.report(WEIGHT.poster + WEIGHT.encode + WEIGHT.publish, null);

    if (this.job().download_at === null) await this.makeDownload(live);
  }

  // ---- the products ---------------------------------------------------------------------------

  private async makePoster(input: string, source: VideoSize, durationSec: number): Promise<void> {
    // a second in: past the first frames, which often show the recorder's own window closing
    const at = Math.max(0, Math.min(1, durationSec / 2));
    await this.ffmpeg(posterArgs(input, at, fitArea(source, 1920 * 1080), PUBLISHED.poster));
    const path = await this.keep(PUBLISHED.poster);
    const bytes = (await fs.stat(path)).size;
    await this.publishKept([path], ['poster'], (rec) => this.deps.publisher.assetMade(rec, PUBLISHED.poster, path, bytes));
  }

  private async makeLadder(input: string, info: MasterInfo, rungs: LadderRung[], thumbnails: ThumbnailPlan | null, live: Live | null, durationSec: number): Promise<void> {
    if (rungs.length === 0 && !thumbnails) return;
    const source = { width: info.width, height: info.height };
    const frameRate = rungs[0]?.frameRate ?? 30;
    // With a live rendition, ffmpeg makes video only and every rung gets the live audio (shared-audio.ts);
    // without one (unreadable), ffmpeg encodes the master's audio into each rung.
    const audio = live ? null : info.hasAudio ? { sampleRate: 48_000, channels: 2 } : null;
    // every rung is cut where the live rendition was cut (its segments' first frames, read from their
    // fragments: the instants the alignment check compares), not on an ideal 2 s grid
    const liveCuts = live && rungs.length > 0 ? { starts: live.measured.timeline.starts, file: LIVE_CUTS_FILE } : undefined;
    if (liveCuts) await fs.writeFile(join(this.work, LIVE_CUTS_FILE), liveCutsMetadata(liveCuts.starts, frameRate));
    const args = ladderArgs({ input, source, rungs, audio, thumbnails: thumbnails ? { plan: thumbnails, path: PUBLISHED.thumbnailsSheet, frameRate } : undefined, preset: this.deps.preset, liveCuts });
    const started = this.deps.now();
    await this.ffmpeg(args, this.encodeProgress(durationSec));

    const made: MeasuredRendition[] = [];
    for (const [i, rung] of rungs.entries()) made.push(await measure(rung.name, await readHlsFolder(join(this.work, rungDir(i)), LADDER_PLAYLIST), rung.frameRate));
    const alignment = live ? checkAlignment(live.measured.timeline, made.map((m) => m.timeline)) : null;
    this.run.check();
    // the folders to publish: ffmpeg's, or the rungs rebuilt around the live audio
    const folders = rungs.map((_, i) => join(this.work, rungDir(i)));
    if (live && live.measured.tracks.some((t) => t.kind === 'audio') && (!alignment || alignment.ok)) {
      for (const [i, m] of made.entries()) {
        folders[i] = join(this.work, 'with-audio', rungDir(i));
        await this.ensureRoom(); // a second copy of the rung, for a moment
        await withLiveAudio(m, live.measured, folders[i]!);
        // ffmpeg's copy is not needed any more: keep the scratch space to one copy of the ladder
        await fs.rm(join(this.work, rungDir(i)), { recursive: true, force: true });
        this.run.check();
      }
    } else if (audio) {
      // ffmpeg's own sound: each rung's video ends with it, as with the live sound
      for (const [i, m] of made.entries()) await endWithOwnAudio(m, folders[i]!);
    }
    const encodeSeconds = (this.deps.now() - started) / 1000;

    // the thumbnails do not depend on the timeline: publish them either way
    if (thumbnails) await this.publishThumbnails(thumbnails, durationSec);
    if (rungs.length === 0) return;
    if (alignment && !alignment.ok) {
      throw new PermanentBackfillError(`The full-quality recording does not line up with the live version (${alignment.problems[0]}), so its qualities were not added.`);
    }
    await this.publishRungs(rungs, folders, { encodeSeconds, durationSec, alignment });
  }

  private encodeProgress(durationSec: number): (block: ProgressBlock) => void {
    const eta = new EtaEstimator(durationSec);
    return (block) => {
      if (block.outTimeSec === null) return;
      eta.sample(this.deps.now(), block.outTimeSec);
      const left = eta.etaSeconds();
      this.deps.report(WEIGHT.poster + WEIGHT.encode * eta.fraction(), left === null ? null : left * TAIL_FACTOR + 1);
    };
  }

  private async publishRungs(rungs: LadderRung[], folders: readonly string[], facts: { encodeSeconds: number; durationSec: number; alignment: AlignmentReport | null }): Promise<void> {
    const finals: { rung: LadderRung; m: MeasuredRendition }[] = [];
    const moved: string[] = [];
    try {
      for (const [i, rung] of rungs.entries()) {
        const from = folders[i]!;
        await fsyncFolder(from);
        const to = join(this.published, rung.name);
        moved.push(to);
        await moveInto(from, to);
        finals.push({ rung, m: await measure(rung.name, await readHlsFolder(to, LADDER_PLAYLIST), rung.frameRate) });
      }
    } catch (e) {
      await removeAll(moved);
      throw e;
    }
    const summary = {
      encodeSeconds: facts.encodeSeconds,
      mediaSeconds: facts.durationSec,
      timesRealtime: facts.encodeSeconds > 0 ? facts.durationSec / facts.encodeSeconds : null,
      alignment: facts.alignment && { worstOffsetSec: facts.alignment.worstOffsetSec, toleranceSec: facts.alignment.toleranceSec },
      rungs: finals.map(({ rung, m }) => ({ name: rung.name, width: m.width, height: m.height, codecs: m.codecs, bytes: m.segments.reduce((s, x) => s + x.bytes, 0), reason: rung.reason })),
    };
    await this.publishKept(moved, ['renditions'], (rec) => {
      // largest first: the rung most viewers want is listed first
      for (const { rung, m } of finals) {
        this.deps.publisher.renditionMade(rec, {
          name: rung.name,
          codecs: m.codecs,
          width: m.width,
          height: m.height,
          frameRate: rung.frameRate,
          bitrate: rung.maxBitrate,
          initPath: m.initPath,
          segments: m.segments.map(({ path, durationSec, bytes }) => ({ path, durationSec, bytes })),
        });
      }
      this.deps.jobs.update(this.id, { summary: JSON.stringify(summary) });
    });
    this.deps.log(`backfill ${this.id}: published ${finals.map((f) => f.rung.name).join(', ')} at ${summary.timesRealtime?.toFixed(2) ?? '?'}x realtime`);
  }

  private async publishThumbnails(plan: ThumbnailPlan, durationSec: number): Promise<void> {
    const made = await fs.stat(join(this.work, PUBLISHED.thumbnailsSheet)).then((s) => s.size > 0, () => false);
    if (!made) {
      this.deps.log(`backfill ${this.id}: ffmpeg made no thumbnail sheet`);
      return;
    }
    await fs.writeFile(join(this.work, PUBLISHED.thumbnailsVtt), writeThumbnailVtt(plan, durationSec, PUBLISHED.thumbnailsSheet));
    const sheet = await this.keep(PUBLISHED.thumbnailsSheet);
    const vtt = await this.keep(PUBLISHED.thumbnailsVtt).catch(async (e: unknown) => {
      await removeAll([sheet]);
      throw e;
    });
    const [a, b] = await Promise.all([fs.stat(sheet), fs.stat(vtt)]);
    await this.publishKept([sheet, vtt], ['thumbnails'], (rec) => {
      // the sheet before the VTT that names it
      this.deps.publisher.assetMade(rec, PUBLISHED.thumbnailsSheet, sheet, a.size);
      this.deps.publisher.assetMade(rec, PUBLISHED.thumbnailsVtt, vtt, b.size);
    });
  }

  /** the download is the best rendition there is, remuxed into one faststart MP4 */
  private async makeDownload(live: Live | null): Promise<void> {
    const best = await this.bestRendition(live);
    if (!best) return;
    await this.ensureRoom();
    await concatFiles([best.initPath, ...best.segments.map((s) => s.path)], join(this.work, 'joined.mp4'));
    await this.ffmpeg(downloadArgs('joined.mp4', PUBLISHED.download));
    if (!isFastStart(await topLevelTypesOfFile(join(this.work, PUBLISHED.download)))) throw new Error('ffmpeg wrote the download without its index at the front');
    const path = await this.keep(PUBLISHED.download);
    const bytes = (await fs.stat(path)).size;
    await this.publishKept([path], ['download'], (rec) => this.deps.publisher.assetMade(rec, PUBLISHED.download, path, bytes));
  }

  private async bestRendition(live: Live | null): Promise<RenditionFiles | null> {
    const rows = this.deps.recordings
      .renditions(this.id)
      .filter((r) => r.width !== null && r.height !== null && (r.name === LIVE_RENDITION || r.state === 'ready'))
      .sort((a, b) => b.width! * b.height! - a.width! * a.height! || b.bitrate - a.bitrate);
    for (const r of rows) {
      if (r.name === LIVE_RENDITION) {
        if (live) return live.measured;
        continue;
      }
      const files = await readHlsFolder(join(this.published, r.name), LADDER_PLAYLIST).catch(() => null);
      if (files) return files;
    }
    return null;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private recording(): RecordingRow {
    const rec = this.deps.recordings.get(this.id);
    if (!rec || rec.state === 'cancelled' || rec.published_deleted === 1) throw new CancelledError('the recording was deleted');
    return rec;
  }

  private job(): NonNullable<ReturnType<JobsRepo['get']>> {
    const job = this.deps.jobs.get(this.id);
    if (!job) throw new CancelledError('the job is gone');
    return job;
  }

  private async readLive(rec: RecordingRow): Promise<Live | null> {
    const row = this.deps.recordings.rendition(this.id, LIVE_RENDITION);
    const segments = this.deps.recordings.segments(this.id, LIVE_RENDITION);
    if (!row || segments.length === 0) return null;
    const dir = this.deps.intake.intakeDir(this.id);
    const files: RenditionFiles = {
      initPath: intakePaths.init(dir, LIVE_RENDITION),
      segments: segments.map((s) => ({ path: intakePaths.segment(dir, LIVE_RENDITION, s.seq), durationSec: s.duration_sec, bytes: s.bytes })),
    };
    try {
      const measured = await measure(LIVE_RENDITION, files, row.frame_rate ?? rec.fps);
      return { measured };
    } catch (e) {
      // unreadable live files: build a complete ladder instead of aligning to them
      this.deps.log(`backfill ${this.id}: cannot read the live rendition, building without it`, e);
      return null;
    }
  }

  /** runs ffmpeg in the scratch folder as the job's current process, so cancelling the job kills it */
  private async ffmpeg(args: string[], onProgress?: (block: ProgressBlock) => void): Promise<void> {
    this.run.check();
    await this.ensureRoom();
    const proc = runFfmpeg(this.deps.ffmpeg, args, { cwd: this.work, priority: this.deps.priority, onProgress });
    this.run.current = proc;
    if (this.run.held) proc.hold(true);
    // stopped at the reserve, before the disk is full (ffmpeg would only find out at ENOSPC)
    let full = false;
    const watch = setInterval(() => {
      void this.hasRoom().then((room) => {
        if (room || full) return;
        full = true;
        void proc.cancel();
      });
    }, ROOM_CHECK_MS);
    let failure: unknown = null;
    try {
      await proc.done;
    } catch (e) {
      failure = e;
    } finally {
      clearInterval(watch);
      this.run.current = null;
    }
    this.run.check();
    // The bundled ffmpeg (2018) ignores ENOSPC: it exits 0, its files cut short. Whatever a run
    // that ended on a full disk made cannot be trusted.
    if (full || !(await this.hasRoom())) throw outOfRoom();
    if (failure) throw failure;
  }

  /** whether the disk has room above the reserve; true when it cannot tell */
  private async hasRoom(): Promise<boolean> {
    const room = await this.deps.diskRoom();
    return room === null || !isFull(room);
  }

  private async ensureRoom(): Promise<void> {
    if (!(await this.hasRoom())) throw outOfRoom();
  }

  /** makes a scratch file durable and moves it among the published ones; returns its new path */
  private async keep(name: PublishedAsset): Promise<string> {
    await fsyncPath(join(this.work, name));
    const path = join(this.published, name);
    try {
      await moveInto(join(this.work, name), path);
    } catch (e) {
      await removeAll([path]);
      throw e;
    }
    return path;
  }

  /**
   * Queues the uploads of files kept among the published ones and marks the products done, in one
   * transaction, unless the job was cancelled or the recording is going. If that does not happen (a
   * full disk refuses the transaction), the files go: none stays that no row names.
   */
  private async publishKept(kept: readonly string[], products: readonly Product[], enqueue: (rec: RecordingRow) => void): Promise<void> {
    try {
      this.run.check();
      this.deps.db.transaction(() => {
        enqueue(this.recording());
        for (const p of products) this.deps.jobs.markDone(this.id, p);
      })();
    } catch (e) {
      await removeAll(kept);
      throw e;
    }
    this.deps.changed(this.id);
  }

  private async clearOldWork(): Promise<void> {
    for (const e of await fs.readdir(this.root).catch(() => [] as string[])) {
      if (e.startsWith('work-') && join(this.root, e) !== this.work) await fs.rm(join(this.root, e), { recursive: true, force: true });
    }
  }
}

/** files or folders that must not stay; a failure to remove them must not hide why they must go */
async function removeAll(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { recursive: true, force: true }).catch(() => undefined)));
}
