#!/usr/bin/env node
// "What is new" benchmark: bundles bench/activity-bench.ts with esbuild, runs it, prints JSON.
// Usage: node bench/activity.mjs [--recordings 50] [--sessions 100] [--comments 20] [--runs 30]
import { arg, loadTs } from './load-ts.mjs';

const { runActivityBench } = await loadTs('bench/activity-bench.ts');
console.log(
  JSON.stringify(
    await runActivityBench({ recordings: Number(arg('recordings', 50)), sessions: Number(arg('sessions', 100)), comments: Number(arg('comments', 20)), runs: Number(arg('runs', 30)) }),
    null,
    2,
  ),
);
