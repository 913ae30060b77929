// Makes a bucket recording's link play from the bucket alone. The link `<publicBase>/<prefix><shareId>`
// is itself an object: the viewer page (Content-Type text/html, no-cache), rendered with the title and
// preview tags; its HLS files sit under `<prefix><shareId>/`, and the page's assets under
// `<prefix>assets/` (content-hashed names, cached forever, shared by every recording in the bucket).
// Each recording's queue sends the assets, then the page, before its first segment; a rename or a new
// poster queues the page again. A page is only sent once this build's assets are in the bucket (an
// update may rename them while a page waits for the network). Used by the Publisher only.
// A recording whose link is on a Reelay Server (hostLinks) gets no page in the bucket: the server
// answers its link and checks who may watch, and a page in the bucket would be open to anyone.
import { createHash } from 'node:crypto';
import type { RecordingRow } from '../library/recordings-repo';
import { storageTargetOf } from '../library/recordings-repo';
import type { UploadsRepo } from '../library/uploads-repo';
import { CACHE, contentTypeFor } from '../recording/layout';
import { injectViewerHead, renderViewerHead } from '../share/viewer-head';
import { bucketPageLink } from '../storage/s3-storage';
import { loadViewerBundle, type ViewerBundle } from '../storage/viewer-bundle';

export const VIEWER_PAGE_GENERATOR = 'viewer-page';

/** storage keys (S3Storage adds the prefix) */
export const bucketKeys = {
  /** the page lives at the link itself: same name as the recording's folder, no extension */
  page: (shareId: string, suffix = '') => `${shareId}${suffix}`,
  asset: (name: string) => `assets/${name}`,
};

export interface BucketPagesDeps {
  uploads: UploadsRepo;
  /** the built renderer (out/renderer): viewer.html and assets/; null: no pages */
  rendererDir: string | null;
  posterUrl: (rec: RecordingRow) => string | null;
  enqueueFile: (rec: RecordingRow, key: string, path: string, bytes: number, contentType: string, cacheControl: string) => void;
  enqueuePage: (rec: RecordingRow, key: string, generator: string) => void;
  log: (message: string, error?: unknown) => void;
}

export class BucketPages {
  private bundle: ViewerBundle | null = null;
  /** what the newest queued page of each recording shows, so a change queues a new one exactly once */
  private readonly lastStamp = new Map<string, string>();

  constructor(private readonly deps: BucketPagesDeps) {
    if (deps.rendererDir === null) return;
    try {
      this.viewer();
    } catch (e) {
      deps.log(`bucket pages: no built viewer in ${deps.rendererDir}; links to bucket recordings will not have a page until it is built`, e);
    }
  }

  /** a new bucket recording: the assets the bucket lacks, then its page */
  created(rec: RecordingRow): void {
    if (hasBucketPage(rec)) this.enqueue(rec, this.stampOf(rec));
  }

  /** the title or the poster may have changed: queue the page again if what it shows did */
  refresh(rec: RecordingRow): void {
    if (!hasBucketPage(rec) || rec.state === 'cancelled' || rec.published_deleted === 1) return;
    const stamp = this.stampOf(rec);
    const queued = this.queuedStamp(rec.id);
    if (queued === null || queued === stamp) return; // not published by us (yet), or already current
    this.enqueue(rec, stamp);
  }

  /**
   * At start: pages still to be sent were queued after their build's assets; if this build's differ
   * (the app was updated meanwhile), queue this build's assets and the page again.
   */
  requeueStale(rows: (id: string) => RecordingRow | undefined): void {
    let current: ViewerBundle['assets'];
    try {
      current = this.viewer().assets;
    } catch {
      return; // no built viewer: logged at construction
    }
    for (const id of this.deps.uploads.recordingsWithPendingGenerator(`${VIEWER_PAGE_GENERATOR}:`)) {
      const row = rows(id);
      if (!row || row.published_deleted === 1 || !hasBucketPage(row)) continue;
      const available = this.assetsOf(row, true);
      if (current.every((a) => available.has(bucketKeys.asset(a.name)))) continue;
      this.enqueue(row, this.queuedStamp(row.id) ?? this.stampOf(row));
    }
  }

  /** the page of `rec` as of now, or null to skip this copy */
  render(rec: RecordingRow): string | null {
    if (!hasBucketPage(rec)) return null; // never an open page for a link the server guards
    let bundle: ViewerBundle;
    try {
      bundle = this.viewer();
    } catch (e) {
      // never block the recording's queue on it: its HLS files still publish, the link lacks a page
      this.deps.log(`bucket pages: cannot render the viewer page of ${rec.id}`, e);
      return null;
    }
    // queued by an older build (an update came while it waited): this build's assets may not be in
    // the bucket yet; the copy queued at start, after them, goes instead
    const inBucket = this.assetsOf(rec, false);
    if (bundle.assets.some((a) => !inBucket.has(bucketKeys.asset(a.name)))) return null;
    return injectViewerHead(bundle.html, renderViewerHead({ title: rec.title, link: rec.link, posterUrl: this.deps.posterUrl(rec) }));
  }

  private enqueue(rec: RecordingRow, stamp: string): void {
    let assets: ViewerBundle['assets'];
    try {
      assets = this.viewer().assets;
    } catch {
      return; // no built viewer: logged at construction; the recording still publishes its HLS files
    }
    const published = this.assetsOf(rec, true);
    for (const a of assets) {
      if (published.has(bucketKeys.asset(a.name))) continue;
      this.deps.enqueueFile(rec, bucketKeys.asset(a.name), a.path, a.bytes, contentTypeFor(a.name), CACHE.immutable);
    }
    this.deps.enqueuePage(rec, bucketKeys.page(rec.share_id, pageSuffixOf(rec)), `${VIEWER_PAGE_GENERATOR}:${stamp}`);
    this.lastStamp.set(rec.id, stamp);
  }

  private viewer(): ViewerBundle {
    if (this.deps.rendererDir === null) throw new Error('no built viewer');
    // read once: the build does not change while the app runs
    this.bundle ??= loadViewerBundle(this.deps.rendererDir);
    return this.bundle;
  }

  private stampOf(rec: RecordingRow): string {
    return createHash('sha256').update(`${rec.title}\n${this.deps.posterUrl(rec) ?? ''}`).digest('hex').slice(0, 16);
  }

  private queuedStamp(recordingId: string): string | null {
    if (!this.lastStamp.has(recordingId)) {
      const g = this.deps.uploads.newestGenerator(recordingId, `${VIEWER_PAGE_GENERATOR}:`);
      this.lastStamp.set(recordingId, g === undefined ? '' : g.slice(VIEWER_PAGE_GENERATOR.length + 1));
    }
    return this.lastStamp.get(recordingId) || null;
  }

  /**
   * Asset keys in the bucket: uploaded for any recording with the same target (same bucket and
   * prefix); with `orQueued`, also those waiting in this recording's own queue, which go before
   * anything queued after them.
   */
  private assetsOf(rec: RecordingRow, orQueued: boolean): Set<string> {
    return this.deps.uploads.keysInTarget(bucketKeys.asset(''), rec.storage_target, orQueued ? rec.id : null);
  }
}

/** its link is its page in the bucket (not a link on a Reelay Server, nor a local recording) */
function hasBucketPage(rec: RecordingRow): boolean {
  const target = storageTargetOf(rec);
  return target.kind === 's3' && rec.link === bucketPageLink(target, rec.share_id);
}

function pageSuffixOf(rec: RecordingRow): string {
  const target = storageTargetOf(rec);
  return target.kind === 's3' ? (target.pageSuffix ?? '') : '';
}
