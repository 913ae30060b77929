// Where a recording's files live, derived from the page's own address. The page is served at the
// link itself (`/v/<shareId>` on the share server, `<prefix><shareId>` on a bucket) and the recording's
// files sit under that link as a folder, so no configuration reaches the page.
import { PUBLISHED } from '../../../shared/published-names';
import { EMBED } from '../../../shared/embed';

export interface RecordingUrls {
  /** the link, without trailing slash, query or hash */
  link: string;
  master: string;
  status: string;
  poster: string;
  thumbnails: string;
  download: string;
  chapters: string;
}

export function recordingUrls(pageHref: string): RecordingUrls {
  const url = new URL(pageHref);
  url.search = '';
  url.hash = '';
  // on MinIO the page is `<shareId>.html` beside the folder `<shareId>/`; the embed page is `<link>/embed`
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\.html$/, '').replace(new RegExp(`/${EMBED.path}$`), '');
  const link = url.href;
  return {
    link,
    master: `${link}/${PUBLISHED.master}`,
    status: `${link}/${PUBLISHED.status}`,
    poster: `${link}/${PUBLISHED.poster}`,
    thumbnails: `${link}/${PUBLISHED.thumbnailsVtt}`,
    download: `${link}/${PUBLISHED.download}`,
    chapters: `${link}/${PUBLISHED.chapters}`,
  };
}

/** A file name for the download button: the title made safe for file systems, or a default. */
export function downloadFileName(title: string | null): string {
  const safe = (title ?? '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .replace(/[. ]+$/, '');
  return `${safe || 'Reelay recording'}.mp4`;
}
