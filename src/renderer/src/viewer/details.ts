// Under the player: title, live and backfill badges, duration, and the download link.
import type { ViewerElements } from './dom';
import type { RecordingStatus } from './status';
import { isBackfillPending } from './status';
import { formatTime } from './time';
import { downloadFileName, type RecordingUrls } from './urls';

/** The title the server put in the page (og:title, else <title>), before status.json is read. */
export function injectedTitle(): string {
  const og = document.querySelector<HTMLMetaElement>('meta[property="og:title"]')?.content?.trim();
  return og || document.title.trim();
}

export function renderDetails(
  el: ViewerElements,
  urls: RecordingUrls,
  status: RecordingStatus | null,
  live: boolean,
  fallbackTitle: string,
): void {
  const title = status?.title || fallbackTitle;
  el.title.textContent = title || 'Untitled recording';
  // same form as the server's <title> (viewer-head.ts), so a rename shows without a reload
  if (status?.title) {
    const pageTitle = `${status.title} · Reelay`;
    if (document.title !== pageTitle) document.title = pageTitle;
  }

  el.badgeLive.hidden = !live;
  el.badgeBackfill.hidden = !isBackfillPending(status);
  const durationMs = status?.durationMs ?? null;
  el.duration.textContent = !live && durationMs !== null && durationMs > 0 ? formatTime(durationMs / 1000) : '';

  const download = status?.download === true;
  el.download.hidden = !download;
  if (download) {
    el.download.href = urls.download;
    el.download.download = downloadFileName(title || null);
  } else {
    el.download.removeAttribute('href');
  }

  // a poster only where the recorder said it exists, so the page never shows a broken image
  // (the server may have named it in the page already: the same file, as a path)
  if (status?.poster && el.video.poster !== urls.poster) el.video.poster = urls.poster;
}
