#!/usr/bin/env node
// Reelay Server publishing benchmark: time-to-link and live publish lag to a Reelay Server on loopback
// and through a 5 Mbit/s + 80 ms proxy, against the embedded default. Bundles bench/server-bench.ts
// (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/server.mjs [--runs 6] [--segments 5] [--segment-kb 300]
import { arg, loadTs } from './load-ts.mjs';

const { runServerBench } = await loadTs('bench/server-bench.ts');
const result = await runServerBench({
  runs: Number(arg('runs', 6)),
  segments: Number(arg('segments', 5)),
  segmentBytes: Number(arg('segment-kb', 300)) * 1000,
  segmentSeconds: 2,
});
console.log(JSON.stringify(result, null, 2));
