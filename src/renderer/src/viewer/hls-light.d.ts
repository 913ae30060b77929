// hls.js ships types for its full build only; the light build has the same API minus the features
// we do not use (alternate audio, subtitles, EME, CMCD, content steering, interstitials).
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}

// The worker build of the same hls.js version, emitted by Vite as an asset and loaded by URL: the ESM
// builds carry no inline worker, so without it demuxing runs on the main thread.
declare module 'hls.js/dist/hls.worker.js?url' {
  const url: string;
  export default url;
}
