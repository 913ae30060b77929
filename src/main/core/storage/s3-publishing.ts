// Makes an S3 recording's link play from the bucket alone. The link `<publicBase>/<prefix><shareId>`
// is itself an object: the viewer page (Content-Type text/html, no-cache), rendered with the title and
// preview tags; its HLS files sit under `<prefix><shareId>/`, and the page's assets under
// `<prefix>assets/` (content-hashed names, cached forever, shared by every recording in the bucket).
// Each recording's queue sends the assets, then the page, before its first segment; a rename or a new
// poster queues the page again. A page is only sent once this build's assets are in the bucket (an
// update may rename them while a page waits for the network).
import { createHash } from 'node:crypto';
import type { Core } from '../core';
import type { Recording } from '../../../shared/domain';
import { storageTargetOf, type RecordingRow } from '../library/recordings-repo';
import { CACHE, contentTypeFor } from '../recording/layout';
import { injectViewerHead, renderViewerHead } from '../share/viewer-head';
import { loadViewerBundle, type ViewerBundle } from './viewer-bundle';

export const VIEWER_PAGE_GENERATOR = 'viewer-page';

/** storage keys (S3Storage adds the prefix) */
export const s3Keys = {
  /** the page lives at the link itself: same name as the recording's folder, no extension */
  page: (shareId: string, suffix = '') => `${shareId}${suffix}`,
  asset: (name: string) => `assets/${name}`,
};

export interface S3PublishingOptions {
  /** the built renderer (out/renderer): viewer.html and assets/ */
  rendererDir: string;
}

export interface S3Publishing {
  /** stops re-publishing pages on renames */
  dispose(): void;
}

export function attachS3Publishing(core: Core, options: S3PublishingOptions): S3Publishing {
  let bundle: ViewerBundle | null = null;
  const viewer = (): ViewerBundle => {
    // read once: the build does not change while the app runs
    bundle ??= loadViewerBundle(options.rendererDir);
    return bundle;
  };
  try {
    viewer();
  } catch (e) {
    core.log(`S3 publishing: no built viewer in ${options.rendererDir}; links to bucket recordings will not have a page until it is built`, e);
  }

  const posterOf = (rec: RecordingRow): string | null => core.recordings.toRecording(rec).posterUrl;
  core.registerGenerator(VIEWER_PAGE_GENERATOR, (rec) => {
    let bundle: ViewerBundle;
    try {
      bundle = viewer();
    } catch (e) {
      // never block the recording's queue on it: its HLS files still publish, the link lacks a page
      core.log(`S3 publishing: cannot render the viewer page of ${rec.id}`, e);
      return null;
    }
    // queued by an older build (an update came while it waited): this build's assets may not be in
    // the bucket yet; the copy queued at start, after them, goes instead
    const inBucket = queuedAssets(core, rec, 'in the bucket');
    if (bundle.assets.some((a) => !inBucket.has(s3Keys.asset(a.name)))) return null;
    return injectViewerHead(bundle.html, renderViewerHead({ title: rec.title, link: rec.link, posterUrl: posterOf(rec) }));
  });

  // what the newest queued page of each recording shows, so a change queues a new one exactly once
  const lastStamp = new Map<string, string>();
  const stampOf = (title: string, posterUrl: string | null): string =>
    createHash('sha256').update(`${title}\n${posterUrl ?? ''}`).digest('hex').slice(0, 16);
  const queuedStamp = (recordingId: string): string | null => {
    if (!lastStamp.has(recordingId)) {
      const g = core.db
        .prepare(`SELECT generator FROM uploads WHERE recording_id = ? AND generator LIKE '${VIEWER_PAGE_GENERATOR}:%' ORDER BY id DESC LIMIT 1`)
        .pluck()
        .get(recordingId) as string | undefined;
      lastStamp.set(recordingId, g === undefined ? '' : g.slice(VIEWER_PAGE_GENERATOR.length + 1));
    }
    return lastStamp.get(recordingId) || null;
  };
  /** the assets this bucket lacks, then the page (so the page never lands before what it loads) */
  const enqueueViewer = (rec: RecordingRow, stamp: string): void => {
    let assets: ViewerBundle['assets'];
    try {
      assets = viewer().assets;
    } catch {
      return; // no built viewer: logged at attach; the recording still publishes its HLS files
    }
    const published = queuedAssets(core, rec, 'or queued');
    for (const a of assets) {
      if (published.has(s3Keys.asset(a.name))) continue;
      core.queue.enqueueFile(rec.id, s3Keys.asset(a.name), a.path, a.bytes, contentTypeFor(a.name), CACHE.immutable);
    }
    core.queue.enqueueGenerated(rec.id, s3Keys.page(rec.share_id, pageSuffixOf(rec)), `${VIEWER_PAGE_GENERATOR}:${stamp}`, contentTypeFor('x.html'), CACHE.page);
    lastStamp.set(rec.id, stamp);
  };

  core.addExtension({
    onCreated(rec) {
      if (storageTargetOf(rec).kind !== 's3') return;
      enqueueViewer(rec, stampOf(rec.title, posterOf(rec)));
    },
  });

  // pages still to be sent were queued after their build's assets: if this build's differ (the app was
  // updated meanwhile), queue this build's assets and the page again
  try {
    const current = viewer().assets;
    for (const row of recordingsWithPendingPage(core)) {
      const available = queuedAssets(core, row, 'or queued');
      if (current.every((a) => available.has(s3Keys.asset(a.name)))) continue;
      enqueueViewer(row, queuedStamp(row.id) ?? stampOf(row.title, posterOf(row)));
    }
  } catch {
    // no built viewer: logged above
  }

  const off = core.events.on((event, payload) => {
    if (event !== 'recording-updated') return;
    const r = payload as Recording;
    if (r.storage !== 's3' || r.state === 'cancelled') return;
    const stamp = stampOf(r.title, r.posterUrl);
    const queued = queuedStamp(r.id);
    if (queued === null || queued === stamp) return; // not published by us (yet), or already current
    const row = core.recordings.repo.get(r.id);
    if (!row || row.published_deleted === 1) return;
    enqueueViewer(row, stamp);
    core.queue.kick();
  });

  return { dispose: off };
}

/**
 * Asset keys in the bucket: uploaded for any recording with the same target (same bucket and
 * prefix); with 'or queued', also those waiting in this recording's own queue, which go before
 * anything queued after them.
 */
function queuedAssets(core: Core, rec: RecordingRow, which: 'in the bucket' | 'or queued'): Set<string> {
  const rows = core.db
    .prepare(
      `SELECT DISTINCT u.key FROM uploads u JOIN recordings r ON r.id = u.recording_id
       WHERE u.key LIKE 'assets/%'
         AND ((u.state = 'done' AND r.storage_target = ?) OR (? AND u.state = 'pending' AND u.recording_id = ?))`,
    )
    .pluck()
    .all(rec.storage_target, which === 'or queued' ? 1 : 0, rec.id) as string[];
  return new Set(rows);
}

function recordingsWithPendingPage(core: Core): RecordingRow[] {
  const ids = core.db
    .prepare(`SELECT DISTINCT recording_id FROM uploads WHERE state = 'pending' AND generator LIKE '${VIEWER_PAGE_GENERATOR}:%'`)
    .pluck()
    .all() as string[];
  return ids.map((id) => core.recordings.repo.get(id)).filter((r): r is RecordingRow => r !== undefined && r.published_deleted !== 1);
}

function pageSuffixOf(rec: RecordingRow): string {
  const target = storageTargetOf(rec);
  return target.kind === 's3' ? (target.pageSuffix ?? '') : '';
}
