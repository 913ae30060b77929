// The Publisher: the one owner of what is published, when and in which order. The recording service
// and the backfill tell it what now exists (a typed call each); it decides which files go to the
// storage, queues them in the persistent upload queue, renders playlists, status.json and bucket pages
// from the database when they are sent, and says when a recording's link plays.
//
// Order: per recording, files go in the order they were queued (a segment before the playlist that
// names it, a rendition before the master that lists it, a sheet before the VTT naming it); across
// recordings, the live lane (live rendition, playlists, status, pages) goes before the backfill lane.
import type { Database } from 'better-sqlite3';
import type { UploadProgress } from '../../../shared/domain';
import { PUBLISHED, type PublishedAsset } from '../../../shared/published';
import type { RetryPolicy } from '../../../shared/retry';
import type { InternalEvents } from '../events';
import { backfillProgressOf, type JobsRepo } from '../library/jobs-repo';
import type { RecordingsRepo, RecordingRow } from '../library/recordings-repo';
import { UploadsRepo, type NewUpload, type UploadItem, type UploadLane } from '../library/uploads-repo';
import { CACHE, cacheControlFor, contentTypeFor, filesUrl, keys } from '../recording/layout';
import type { Storage } from '../storage/storage';
import { BucketPages, VIEWER_PAGE_GENERATOR } from './bucket-pages';
import { CaptionsRepo } from '../library/captions-repo';
import { ChaptersRepo } from '../library/chapters-repo';
import { GENERATORS, parseGenerator, renderCaptions, renderCaptionsPlaylist, renderChapters, renderMaster, renderMediaPlaylist, renderStatus, type StatusExtras } from './generated';
import { UploadQueue } from './upload-queue';
import { recordingLength } from '../recording/rows';

export interface PublisherDeps {
  db: Database;
  recordings: RecordingsRepo;
  jobs: JobsRepo;
  internal: InternalEvents;
  /** the storage a recording was published to */
  storageOf: (rec: RecordingRow) => Storage;
  retry: RetryPolicy;
  concurrency: number;
  /** the built renderer, for bucket pages; null: none */
  rendererDir: string | null;
  now: () => number;
  log: (message: string, error?: unknown) => void;
}

/** a rendition made after the fact (the backfill): its files, durable on local disk */
export interface MadeRendition {
  name: string;
  codecs: string;
  width: number;
  height: number;
  frameRate: number;
  bitrate: number;
  initPath: string;
  segments: { path: string; durationSec: number; bytes: number }[];
}

export class Publisher {
  private readonly uploads: UploadsRepo;
  private readonly queue: UploadQueue;
  private readonly pages: BucketPages;
  private readonly captions: CaptionsRepo;
  private readonly chapters: ChaptersRepo;
  /** a recording captures now: backfill uploads wait, so its live segments get the bandwidth */
  private capturing: boolean;

  constructor(private readonly deps: PublisherDeps) {
    this.uploads = new UploadsRepo(deps.db, deps.now);
    this.captions = new CaptionsRepo(deps.db);
    this.chapters = new ChaptersRepo(deps.db);
    this.capturing = deps.recordings.anyCapturing();
    this.pages = new BucketPages({
      uploads: this.uploads,
      rendererDir: deps.rendererDir,
      posterUrl: (rec) => this.posterUrl(rec),
      enqueueFile: (rec, key, path, bytes, contentType, cacheControl) =>
        this.uploads.insertFile({ recordingId: rec.id, key, lane: 'live', contentType, cacheControl }, path, bytes),
      enqueuePage: (rec, key, generator) => this.uploads.insertGenerated({ recordingId: rec.id, key, lane: 'live', contentType: contentTypeFor('x.html'), cacheControl: CACHE.page }, generator),
      log: deps.log,
    });
    this.queue = new UploadQueue({
      uploads: this.uploads,
      storageFor: (recordingId) => {
        const rec = this.deps.recordings.get(recordingId);
        if (!rec) throw new Error('the recording is gone');
        return this.deps.storageOf(rec);
      },
      render: (item) => this.render(item),
      retry: deps.retry,
      concurrency: deps.concurrency,
      holdBackfill: () => this.capturing,
      now: deps.now,
      onChange: (id) => this.afterUpload(id),
      log: (m) => deps.log(m),
    });
    deps.internal.on('capturing-changed', ({ capturing }) => {
      this.capturing = capturing;
      this.queue.kick();
    });
  }

  // ---- what now exists: the recording service ------------------------------------------------

  recordingCreated(rec: RecordingRow): void {
    this.pages.created(rec);
    this.enqueueStatus(rec, 'live');
    this.queue.kick();
  }

  /** the state, the title or the length changed: status.json (and a bucket page) say so */
  recordingChanged(rec: RecordingRow): void {
    if (takenDown(rec)) return;
    this.enqueueStatus(rec, 'live');
    this.pages.refresh(rec);
    this.queue.kick();
  }

  /** a live rendition's first init is durable */
  initAdded(rec: RecordingRow, rendition: string, path: string, bytes: number): void {
    this.uploads.insertFile(this.upload(rec, keys.init(rec.share_id, rendition), 'live', CACHE.immutable, 'video/mp4'), path, bytes);
    this.queue.kick();
  }

  /**
   * A live segment is durable: it goes out, then a playlist naming it (and, for a rendition's first
   * segment, the master). Returns the segment's upload id, which the segment's row keeps.
   */
  segmentAdded(rec: RecordingRow, rendition: string, seq: number, path: string, bytes: number): number {
    const key = keys.segment(rec.share_id, rendition, seq);
    const uploadId = this.uploads.insertFile(this.upload(rec, key, 'live', CACHE.immutable, contentTypeFor(path)), path, bytes);
    this.queueAfterSegment(rec, rendition, 'live');
    return uploadId;
  }

  /** the first playlist of `rendition` is queued after its segments: the master may list it from then on */
  private queueAfterSegment(rec: RecordingRow, rendition: string, lane: UploadLane): void {
    const playlistId = this.enqueuePlaylist(rec, rendition, lane);
    if (this.deps.recordings.rendition(rec.id, rendition)?.listed_after_upload_id === null) {
      this.deps.recordings.setRenditionListedAfter(rec.id, rendition, playlistId);
      this.enqueueMaster(rec, lane);
    }
    this.queue.kick();
  }

  /** capture ended (Stop, a crash, a silent capture): the closing playlists (ENDLIST), master, status */
  liveEnded(rec: RecordingRow): void {
    if (takenDown(rec)) return;
    const renditions = this.deps.recordings.renditions(rec.id);
    for (const r of renditions.filter((x) => x.state === 'live')) this.enqueuePlaylist(rec, r.name, 'live');
    if (renditions.some((r) => r.listed_after_upload_id !== null)) this.enqueueMaster(rec, 'live');
    this.enqueueStatus(rec, 'live');
    this.queue.kick();
  }

  // ---- what now exists: the backfill ---------------------------------------------------------

  /** a complete rendition made after the fact: every segment, then its playlist, then a master that lists it */
  renditionMade(rec: RecordingRow, r: MadeRendition): void {
    if (takenDown(rec)) return;
    this.deps.db.transaction(() => this.queueRendition(rec, r))();
    this.queue.kick();
  }

  private queueRendition(rec: RecordingRow, r: MadeRendition): void {
    const repo = this.deps.recordings;
    repo.upsertRendition({ recording_id: rec.id, name: r.name, state: 'building', codecs: r.codecs, width: r.width, height: r.height, frame_rate: r.frameRate, bitrate: r.bitrate, init_bytes: null });
    repo.deleteSegments(rec.id, r.name);
    this.uploads.insertFile(this.upload(rec, keys.init(rec.share_id, r.name), 'backfill', CACHE.immutable, 'video/mp4'), r.initPath, 0);
    r.segments.forEach((s, seq) => {
      const uploadId = this.uploads.insertFile(this.upload(rec, keys.segment(rec.share_id, r.name, seq), 'backfill', CACHE.immutable, contentTypeFor(s.path)), s.path, s.bytes);
      repo.insertSegment(rec.id, r.name, { seq, duration_sec: s.durationSec, bytes: s.bytes, upload_id: uploadId }, this.deps.now());
    });
    const playlistId = this.enqueuePlaylist(rec, r.name, 'backfill');
    repo.setRenditionListedAfter(rec.id, r.name, playlistId, 'ready');
    this.enqueueMaster(rec, 'backfill');
    this.enqueueStatus(rec, 'backfill');
  }

  /** a poster, thumbnail sheet, its VTT or the download is durable: it goes out under `<link>/<name>` */
  assetMade(rec: RecordingRow, name: PublishedAsset, path: string, bytes: number): void {
    if (takenDown(rec)) return;
    this.uploads.insertFile(this.upload(rec, keys.asset(rec.share_id, name), 'backfill', cacheControlFor(name), contentTypeFor(name)), path, bytes);
    this.enqueueStatus(rec, 'backfill');
    this.queue.kick();
  }

  /** the backfill's state changed (queued, running, done, failed): status.json says so */
  backfillChanged(rec: RecordingRow): void {
    if (takenDown(rec)) return;
    this.enqueueStatus(rec, 'backfill');
    this.queue.kick();
  }

  // ---- what now exists: a recording made elsewhere (the publish API) --------------------------

  /** one of its files is durable here: it goes to this server's storage after every file received before it */
  fedFileReceived(rec: RecordingRow, path: string, file: string, bytes: number): void {
    const key = `${keys.prefix(rec.share_id)}${path}`;
    this.uploads.insertFile(this.upload(rec, key, 'live', cacheControlFor(path), contentTypeFor(path)), file, bytes);
    this.queue.kick();
  }

  // ---- what now exists: the owner's additions -------------------------------------------------

  /**
   * Captions were added, replaced or removed. Added: the VTT, then its playlist, then a master that
   * names them. Removed: a master without them, then an empty VTT over the old text.
   */
  captionsChanged(rec: RecordingRow): void {
    if (takenDown(rec)) return;
    this.deps.db.transaction(() => {
      const vtt = (): number => this.uploads.insertGenerated(this.upload(rec, keys.extra(rec.share_id, PUBLISHED.captions), 'live', CACHE.playlist, contentTypeFor(PUBLISHED.captions)), GENERATORS.captions);
      const captions = this.captions.get(rec.id);
      if (captions) {
        vtt();
        const playlistId = this.uploads.insertGenerated(
          this.upload(rec, keys.extra(rec.share_id, PUBLISHED.captionsPlaylist), 'live', CACHE.playlist, contentTypeFor(PUBLISHED.captionsPlaylist)),
          GENERATORS.captionsPlaylist,
        );
        // replaced captions: masters already name the playlist, which is out since the first time
        if (captions.listed_after_upload_id === null) this.captions.setListedAfter(rec.id, playlistId);
        this.enqueueMaster(rec, 'live');
      } else {
        this.enqueueMaster(rec, 'live');
        vtt();
      }
    })();
    this.queue.kick();
  }

  /** the chapters changed: chapters.json says so */
  chaptersChanged(rec: RecordingRow): void {
    if (takenDown(rec)) return;
    this.uploads.insertGenerated(this.upload(rec, keys.extra(rec.share_id, PUBLISHED.chapters), 'live', CACHE.playlist, contentTypeFor(PUBLISHED.chapters)), GENERATORS.chapters);
    this.queue.kick();
  }

  // ---- taking things back --------------------------------------------------------------------

  /**
   * Drops what is still to be sent and removes everything published under the recording's folder.
   * The caller marks the recording taken down first, so nothing is queued for it meanwhile (an
   * aborted upload must not make it 'ready' and send status.json into the emptied folder).
   */
  async unpublish(rec: RecordingRow): Promise<void> {
    await this.queue.cancelRecording(rec.id);
    await this.deps.storageOf(rec).deletePrefix(keys.prefix(rec.share_id));
  }

  // ---- reading -------------------------------------------------------------------------------

  progress(recordingId: string): UploadProgress {
    return this.queue.progress(recordingId);
  }

  /** progress() of many recordings (a library page) */
  progressOf(recordingIds: readonly string[]): Map<string, UploadProgress> {
    return this.queue.progressOf(recordingIds);
  }

  pendingCount(recordingId: string, lane?: UploadLane): number {
    return this.uploads.pendingCount(recordingId, lane);
  }

  /** the poster's URL once it is actually published (the library shows it as an <img>) */
  posterUrl(rec: RecordingRow): string | null {
    return assetUrl(rec, PUBLISHED.poster, (key) => this.uploads.isDone(rec.id, key));
  }

  /** the poster's and the MP4's URLs (each once actually published) of many recordings, read in one query */
  publishedUrlsOf(recs: readonly RecordingRow[]): Map<string, { posterUrl: string | null; downloadUrl: string | null }> {
    const done = this.uploads.doneKeys(recs.flatMap((rec) => [PUBLISHED.poster, PUBLISHED.download].map((name) => ({ recordingId: rec.id, key: keys.asset(rec.share_id, name) }))));
    const isDone = (key: string): boolean => done.has(key);
    return new Map(recs.map((rec) => [rec.id, { posterUrl: assetUrl(rec, PUBLISHED.poster, isDone), downloadUrl: assetUrl(rec, PUBLISHED.download, isDone) }]));
  }

  // ---- the queue -----------------------------------------------------------------------------

  /** at start: bucket pages of an older build queue again; then the queue resumes */
  start(): void {
    this.pages.requeueStale((id) => this.deps.recordings.get(id));
    this.queue.start();
  }

  /** new credentials or a network that is back: what waits tries again now */
  retryNow(): void {
    this.queue.retryNow();
  }

  networkBack(): void {
    this.queue.networkBack();
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  // ---- internals -----------------------------------------------------------------------------

  private afterUpload(recordingId: string): void {
    const rec = this.deps.recordings.get(recordingId);
    if (!rec || rec.state === 'cancelled') return;
    // a poster just landed: a bucket page that names it goes again
    this.pages.refresh(rec);
    if (this.uploads.pendingCount(recordingId, 'live') === 0) this.deps.internal.emit('live-published', { recordingId });
    this.deps.internal.emit('recording-changed', { recordingId });
  }

  private upload(rec: RecordingRow, key: string, lane: UploadLane, cacheControl: string, contentType: string): NewUpload {
    return { recordingId: rec.id, key, lane, contentType, cacheControl };
  }

  private enqueuePlaylist(rec: RecordingRow, rendition: string, lane: UploadLane): number {
    return this.uploads.insertGenerated(this.upload(rec, keys.mediaPlaylist(rec.share_id, rendition), lane, CACHE.playlist, contentTypeFor('x.m3u8')), GENERATORS.mediaPlaylist(rendition));
  }

  private enqueueMaster(rec: RecordingRow, lane: UploadLane): number {
    return this.uploads.insertGenerated(this.upload(rec, keys.master(rec.share_id), lane, CACHE.playlist, contentTypeFor('x.m3u8')), GENERATORS.master);
  }

  private enqueueStatus(rec: RecordingRow, lane: UploadLane): number {
    return this.uploads.insertGenerated(this.upload(rec, keys.status(rec.share_id), lane, CACHE.playlist, contentTypeFor('x.json')), GENERATORS.status);
  }

  /** renders a generated file as of upload `item`: it describes only what the uploads before it published */
  private render(item: UploadItem): Uint8Array | null {
    const rec = this.deps.recordings.get(item.recording_id);
    if (!rec || !item.generator) return null;
    const { name, argument } = parseGenerator(item.generator);
    const repo = this.deps.recordings;
    let out: string | null = null;
    if (name === GENERATORS.master) out = renderMaster(repo.renditions(rec.id), (r) => repo.segments(rec.id, r), item.id, this.captions.get(rec.id));
    else if (name === GENERATORS.captions) out = renderCaptions(this.captions.get(rec.id));
    else if (name === GENERATORS.captionsPlaylist) out = this.captions.get(rec.id) ? renderCaptionsPlaylist(recordingLength(rec, repo)) : null;
    else if (name === GENERATORS.chapters) out = renderChapters(this.chapters.list(rec.id));
    else if (name === GENERATORS.status) out = renderStatus(rec, this.statusExtras(rec, item.id));
    else if (name === parseGenerator(GENERATORS.mediaPlaylist('')).name) {
      const rendition = repo.rendition(rec.id, argument);
      out = rendition ? renderMediaPlaylist(rec, rendition, repo.segments(rec.id, argument), item.id) : null;
    } else if (name === VIEWER_PAGE_GENERATOR) out = this.pages.render(rec);
    return out === null ? null : new TextEncoder().encode(out);
  }

  /** what status.json says of the backfill as of upload `uploadId`: only products already in the storage */
  private statusExtras(rec: RecordingRow, uploadId: number): StatusExtras {
    const job = this.deps.jobs.get(rec.id);
    if (!job) return { backfill: 'none', poster: false, thumbnails: false, download: false };
    const published = (name: PublishedAsset): boolean => this.uploads.queuedBefore(rec.id, keys.asset(rec.share_id, name), uploadId);
    // a viewer stops looking for new rungs at 'done': say it only once every product is out
    const settled = !this.uploads.pendingAfter(rec.id, uploadId, keys.status(rec.share_id));
    return {
      backfill: job.state === 'done' && !settled ? 'running' : backfillProgressOf(job).state,
      poster: job.poster_at !== null && published(PUBLISHED.poster),
      thumbnails: job.thumbnails_at !== null && published(PUBLISHED.thumbnailsVtt),
      download: job.download_at !== null && published(PUBLISHED.download),
    };
  }
}

/**
 * Nothing is rendered for it here: its published copy was deleted (or is being deleted), or it is
 * made elsewhere and its sender renders its playlists and status (fedFileReceived).
 */
function takenDown(rec: RecordingRow): boolean {
  return rec.published_deleted === 1 || rec.state === 'cancelled' || rec.fed_remotely === 1;
}

/** the URL of a published asset of the recording (poster, MP4), once `isDone` says its upload is done */
function assetUrl(rec: RecordingRow, name: PublishedAsset, isDone: (key: string) => boolean): string | null {
  return isDone(keys.asset(rec.share_id, name)) ? `${filesUrl(rec.link)}/${name}` : null;
}
