// The first frame without waiting for hls.js: the page's entry (entry.ts) runs this few-kB module before
// the player (hls.js, ~390 kB) loads. It reads the preloaded master and playlist, opens a MediaSource on
// the <video> and appends the preloaded init and first segment of the rung hls.js starts at; hls.js
// then takes that MediaSource and its SourceBuffer over (Player.start). Anything it cannot do (no
// preloads, a live recording, a ?t= link, no MediaSource, a codec the browser refuses) leaves the
// <video> as it was and hls.js starts as it always did.
import { segmentName } from '../../../shared/published-names';
import { firstVariantOf, planQuickStart, type QuickStartPlan } from './quick-start-plan';

export interface QuickStartHandoff {
  mediaSource: MediaSource;
  sourceBuffer: SourceBuffer;
  plan: QuickStartPlan;
}

/** the URLs the page preloads as fetches (core/share/viewer-start.ts puts them in its head) */
function preloadedUrls(doc: Document): Set<string> {
  return new Set([...doc.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map((l) => l.href));
}

/** past this, the player starts on its own: a stalled preload must not hold it (it waits for this) */
const QUICK_START_LIMIT_MS = 8_000;

/** a fetch that takes the page's preload (same mode and credentials as its crossorigin="anonymous") */
async function preloaded(url: string): Promise<Response> {
  const response = await fetch(url, { signal: AbortSignal.timeout(QUICK_START_LIMIT_MS) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

function append(buffer: SourceBuffer, data: ArrayBuffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      buffer.removeEventListener('updateend', done);
      buffer.removeEventListener('error', failed);
      resolve();
    };
    const failed = () => {
      buffer.removeEventListener('updateend', done);
      buffer.removeEventListener('error', failed);
      reject(new Error('the browser refused a segment'));
    };
    buffer.addEventListener('updateend', done);
    buffer.addEventListener('error', failed);
    buffer.appendBuffer(data);
  });
}

/** Resolves with what hls.js is to take over, or null (nothing left on the <video>). Never rejects. */
export async function quickStart(video: HTMLVideoElement, masterUrl: string): Promise<QuickStartHandoff | null> {
  const preloads = preloadedUrls(document);
  // the page preloads a first segment only for a link played from its start (not ?t=)
  const startsHere = [...preloads].some((url) => url.endsWith(`/${segmentName(0)}`));
  if (typeof MediaSource === 'undefined' || !startsHere || !preloads.has(new URL(masterUrl, location.href).href)) return null;
  // the media pipeline takes a while to open a MediaSource: at once, while the playlists are read
  const mediaSource = new MediaSource();
  const opened = new Promise((resolve) => mediaSource.addEventListener('sourceopen', resolve, { once: true }));
  const objectUrl = URL.createObjectURL(mediaSource);
  video.src = objectUrl;
  try {
    const variant = firstVariantOf(await (await preloaded(masterUrl)).text(), masterUrl);
    if (!variant || !preloads.has(variant.mediaPlaylistUrl)) throw new Error('not a master to start from');
    const plan = planQuickStart(variant, await (await preloaded(variant.mediaPlaylistUrl)).text(), preloads);
    if (!plan || !MediaSource.isTypeSupported(plan.mimeType)) throw new Error('nothing to start with');
    const init = preloaded(plan.initUrl).then((r) => r.arrayBuffer());
    const segment = preloaded(plan.segmentUrl).then((r) => r.arrayBuffer());
    await opened;
    mediaSource.duration = plan.durationSec;
    const sourceBuffer = mediaSource.addSourceBuffer(plan.mimeType);
    await append(sourceBuffer, await init);
    await append(sourceBuffer, await segment);
    return { mediaSource, sourceBuffer, plan };
  } catch {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(objectUrl);
    return null;
  }
}
