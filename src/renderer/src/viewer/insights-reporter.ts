// Reports what this page load played to the server that serves the link (POST <link>/insights): every
// REPORT_EVERY_MS while something new was played, and when the page is left. Only a page served by a
// Reelay server names the endpoint (a meta tag); a bucket's copy has none, and nothing is sent.
import { BEACON } from '../../../shared/insights';
import { beaconBody, playedRanges, randomViewerId } from './played-ranges';

export const VIEWER_ID_KEY = 'reelay.viewer.id';
const REPORT_EVERY_MS = 10_000;

/** the endpoint the page names, or null (a page served by a bucket) */
export function insightsEndpoint(doc: Document, link: string): string | null {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${BEACON.metaName}"]`);
  return meta?.content === BEACON.path ? `${link}/${BEACON.path}` : null;
}

/** the same viewer across visits on this origin; a fresh one per page when storage is unavailable */
function viewerId(): string {
  try {
    const saved = localStorage.getItem(VIEWER_ID_KEY);
    if (saved && BEACON.idPattern.test(saved)) return saved;
    const id = randomViewerId();
    localStorage.setItem(VIEWER_ID_KEY, id);
    return id;
  } catch {
    return randomViewerId();
  }
}

export class InsightsReporter {
  private readonly abort = new AbortController();
  private readonly viewer = viewerId();
  private readonly session = randomViewerId();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastSent = '';
  /** no beacon before this (a 429's Retry-After) */
  private quietUntil = 0;
  private stopped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly endpoint: string,
  ) {
    const signal = this.abort.signal;
    this.timer = setInterval(() => void this.report(false), REPORT_EVERY_MS);
    video.addEventListener('pause', () => void this.report(false), { signal });
    video.addEventListener('ended', () => void this.report(false), { signal });
    // the last chance on mobile is often visibilitychange, not pagehide
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void this.report(true), { signal });
    window.addEventListener('pagehide', () => void this.report(true), { signal });
  }

  destroy(): void {
    this.abort.abort();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async report(leaving: boolean): Promise<void> {
    if (this.stopped || Date.now() < this.quietUntil) return;
    const played = playedRanges(this.video.played);
    if (played.length === 0) return;
    const body = beaconBody(this.viewer, this.session, played);
    if (body === this.lastSent || body.length > BEACON.maxBytes) return;
    this.lastSent = body;
    if (leaving && navigator.sendBeacon?.(this.endpoint, new Blob([body], { type: 'application/json' }))) return;
    try {
      const res = await fetch(this.endpoint, { method: 'POST', body, keepalive: true, headers: { 'content-type': 'application/json' } });
      if (res.status === 429) {
        this.quietUntil = Date.now() + Number(res.headers.get('retry-after') ?? 60) * 1000;
        this.lastSent = ''; // send it again once allowed
      } else if (res.status >= 400 && res.status < 500) {
        this.stopped = true; // this link takes no beacons from us (access changed, or an old page): stop asking
      }
    } catch {
      this.lastSent = ''; // offline for a moment: the next report carries it
    }
  }
}
