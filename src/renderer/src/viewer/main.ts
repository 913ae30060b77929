// The share viewer page: wires the engine, the chrome, the details and the status poll together.
// Loaded by entry.ts, which has started the first frame meanwhile (quick-start.ts).
import type Hls from 'hls.js/light';
import { Controls } from './controls';
import { renderDetails, injectedTitle } from './details';
import { viewerElements } from './dom';
import { Player } from './player';
import { failureMessage, type PlaybackFailure } from './failures';
import { InsightsReporter, insightsEndpoint } from './insights-reporter';
import { CommentsPanel, commentsEndpoint } from './comments-panel';
import { ChaptersPanel } from './chapters-panel';
import { pollStatus } from './status-poller';
import { isLive, shouldCheckMaster, type RecordingStatus } from './status';
import { parseStartTime } from './time';
import { recordingUrls } from './urls';
import { isEmbedPage } from './embed';
import { pageStatus } from './page-status';
import { afterFirstFrame } from './first-frame';
import type { QuickStartHandoff } from './quick-start';

/** thumbnails, captions, chapters and comments load at the first frame, or this long after the page starts */
const EXTRAS_LATEST_MS = 1000;

declare global {
  interface Window {
    /** for automated tests: the current engine (null with native HLS), the element and the chrome */
    __reelayViewer?: { readonly hls: Hls | null; readonly video: HTMLVideoElement; readonly controls: Controls; readonly quickStarted: boolean };
  }
}

export function start(quick: QuickStartHandoff | null): void {
  const el = viewerElements();
  const urls = recordingUrls(location.href);
  const params = new URL(location.href).searchParams;
  const fallbackTitle = injectedTitle();
  // the embed page (framed by other sites): the player alone, no comments, no details below it
  const embed = isEmbedPage(document);
  el.root.dataset.embed = String(embed);

  // the status the server put in the page (its own pages do; a bucket's page does not): shown at once
  let status: RecordingStatus | null = pageStatus(document);
  let statusExists = status !== null;
  let playlistLive: boolean | null = null;
  let failure: PlaybackFailure | null = null;

  const player = new Player(el.video, {
    masterUrl: urls.master,
    startPosition: parseStartTime(location.href) ?? 0,
    forceNative: params.get('player') === 'native',
    callbacks: {
      levels: (levels, manual) => controls.setLevels(levels, manual),
      levelSwitched: (level) => controls.setPlayingLevel(level),
      playlistLive: (live) => {
        playlistLive = live;
        refresh();
      },
      failure: (next) => {
        failure = next;
        refresh();
      },
    },
  });
  // the engine starts before the chrome is built (its volume and speed come from localStorage, a
  // synchronous read that is slow on a first visit): its requests are on their way meanwhile. Its
  // callbacks come later, from events, when `controls` is there.
  player.start(quick);
  const controls = new Controls(el, player);
  controls.setQualityAvailable(!player.isNative);

  const refresh = () => {
    const live = isLive(status, playlistLive);
    controls.setLive(live);
    renderDetails(el, urls, status, live, fallbackTitle);
    // worded here, not in the engine: "not found" vs "not uploaded yet" depends on status.json
    controls.setFailure(failure && failureMessage(failure, statusExists));
  };

  window.__reelayViewer = {
    get hls() {
      return player.hls;
    },
    video: el.video,
    controls,
    get quickStarted() {
      return player.quickStarted;
    },
  };

  refresh();
  const insights = insightsEndpoint(document, urls.link);
  if (insights) new InsightsReporter(el.video, insights);
  if (params.get('autoplay') === '1') el.video.play().catch(() => undefined);
  // the rest waits for the first frame (its fetches and layout would delay it)
  afterFirstFrame(el.video, () => {
    if (status?.thumbnails) void controls.loadThumbnails(urls.thumbnails);
    void controls.loadCaptions(urls.master);
    const details = el.player.parentElement?.querySelector<HTMLElement>('.details');
    if (details) void new ChaptersPanel(el.video, { after: details, seek: el.seek }, (chapters) => controls.setChapters(chapters)).load(urls.chapters);
    const comments = embed ? null : commentsEndpoint(document, urls.link);
    if (comments && el.player.parentElement) new CommentsPanel(el.video, comments, { stage: el.player.parentElement, seek: el.seek });
  }, EXTRAS_LATEST_MS);

  pollStatus({
    url: urls.status,
    playlistEnded: () => playlistLive === false,
    ...(status ? { initial: { kind: 'ok', status } as const } : {}),
    onResult: (result) => {
      if (result.kind === 'failed') return;
      const previous = status;
      statusExists = result.kind === 'ok';
      status = result.kind === 'ok' ? result.status : null;
      refresh();
      if (status?.thumbnails) void controls.loadThumbnails(urls.thumbnails);
      if (status && shouldCheckMaster(previous, status)) {
        void player.refreshMaster();
        void controls.loadCaptions(urls.master);
      }
    },
  });
}
