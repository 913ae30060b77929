// The viewer page's script: small, so it runs at once. It starts the first frame (quick-start.ts) and
// loads the player and its chrome (main.ts, with hls.js) meanwhile, as a chunk of their own.
import './viewer.css';
import { quickStart } from './quick-start';
import { recordingUrls } from './urls';

const video = document.getElementById('video');
const native = new URL(location.href).searchParams.get('player') === 'native';
const started = video instanceof HTMLVideoElement && !native ? quickStart(video, recordingUrls(location.href).master) : Promise.resolve(null);
void import('./main').then((viewer) => viewer.start(started));
