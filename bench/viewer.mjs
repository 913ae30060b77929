#!/usr/bin/env node
// Viewer benchmark: opening a link to its first frame (and its poster) in Chromium on loopback.
// Needs the built viewer (npm run build, or npm run bench).
// Usage: node bench/viewer.mjs [--runs 15] [--trace trace.json (one more run, traced: open it in DevTools)]
import { arg, loadTs } from './load-ts.mjs';

const { runViewerBench } = await loadTs('bench/viewer-bench.ts');
console.log(JSON.stringify(await runViewerBench({ runs: Number(arg('runs', 15)), trace: arg('trace', undefined) }), null, 2));
