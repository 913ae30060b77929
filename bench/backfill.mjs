#!/usr/bin/env node
// Backfill benchmark: the one-run ladder against one ffmpeg run per rung on a generated 60 s 1080p30
// screen-like recording, bytes per rung, and Stop → 1080p in master.m3u8 with the real core. Bundles
// bench/backfill-bench.ts (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/backfill.mjs [--seconds 60] [--size 1920x1080] [--repeats 3] [--preset veryfast] [--keep 1]
import { arg, loadTs } from './load-ts.mjs';

const { runBackfillBench } = await loadTs('bench/backfill-bench.ts');
const [width, height] = String(arg('size', '1920x1080')).split('x').map(Number);
const result = await runBackfillBench({
  seconds: Number(arg('seconds', 60)),
  width,
  height,
  repeats: Number(arg('repeats', 3)),
  preset: String(arg('preset', 'veryfast')),
  keep: arg('keep', '0') === '1',
});
console.log(JSON.stringify(result, null, 2));
