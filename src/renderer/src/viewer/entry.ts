// The viewer page's script: small, so it runs at once. It shows the first frame from what the page
// preloaded (quick-start.ts), then loads the player and its chrome (main.ts, with hls.js, a chunk of
// their own), which take over: loaded meanwhile, their ~400 kB held the main thread the frame needed.
import './viewer.css';
import { quickStart } from './quick-start';
import { recordingUrls } from './urls';
import { afterFirstFrame } from './first-frame';

/** the player loads at the first frame, or this long after the quick start, whichever is first */
const PLAYER_LATEST_MS = 1000;

const video = document.getElementById('video');
const params = new URL(location.href).searchParams;
const started = video instanceof HTMLVideoElement && params.get('player') !== 'native' ? quickStart(video, recordingUrls(location.href).master) : Promise.resolve(null);
void started.then((handoff) => {
  const load = () => void import('./main').then((viewer) => viewer.start(handoff));
  if (!handoff || !(video instanceof HTMLVideoElement)) return load();
  // the first segment is buffered: an autoplay link plays it while the player loads
  if (params.get('autoplay') === '1') video.play().catch(() => undefined);
  afterFirstFrame(video, load, PLAYER_LATEST_MS);
});
