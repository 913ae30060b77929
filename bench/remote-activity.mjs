#!/usr/bin/env node
// "What is new" on recordings published to a Reelay Server: bundles bench/remote-activity-bench.ts with esbuild, runs it, prints JSON.
// Usage: node bench/remote-activity.mjs [--recordings 600] [--comments 3] [--runs 20]
import { arg, loadTs } from './load-ts.mjs';

const { runRemoteActivityBench } = await loadTs('bench/remote-activity-bench.ts');
console.log(
  JSON.stringify(
    await runRemoteActivityBench({ recordings: Number(arg('recordings', 600)), comments: Number(arg('comments', 3)), runs: Number(arg('runs', 20)) }),
    null,
    2,
  ),
);
