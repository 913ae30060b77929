#!/usr/bin/env node
// Import benchmark: a generated 60 s 1080p30 MP4 imported through the real server; the times from the
// end of its upload to the link playing, to the first rendition, and to the ladder, as × realtime.
// Bundles bench/import-bench.ts (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/import.mjs [--seconds 60] [--size 1920x1080] [--repeats 1]
import { arg, loadTs } from './load-ts.mjs';

const { runImportBench } = await loadTs('bench/import-bench.ts');
const [width, height] = String(arg('size', '1920x1080')).split('x').map(Number);
const result = await runImportBench({ seconds: Number(arg('seconds', 60)), width, height, repeats: Number(arg('repeats', 1)) });
console.log(JSON.stringify(result, null, 2));
