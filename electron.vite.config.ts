import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native and binary-carrying packages stay external so they load from node_modules (asar-unpacked
// in a packaged app) instead of being bundled.
const external = ['better-sqlite3', '@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe', 'electron'];

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        external,
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/main/server.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    // the live AAC encoder's worker (capture/audio-encode.worker.ts): one module, inlined as a Blob URL
    worker: { format: 'es', rollupOptions: { output: { inlineDynamicImports: true } } },
    build: {
      // the viewer is fetched by everyone who opens a link: ship it small
      minify: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          viewer: resolve(__dirname, 'src/renderer/viewer.html'),
        },
      },
    },
  },
});
