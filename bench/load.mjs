#!/usr/bin/env node
// Load benchmark: bundles bench/load-bench.ts with esbuild and runs it against the built server
// (`npm run bench` builds first). Usage: node bench/load.mjs [--viewers 500] [--seconds 30] [--baseline 10]
import { arg, loadTs, repoRoot } from './load-ts.mjs';

const { runLoadBench } = await loadTs('bench/load-bench.ts');
console.log(
  JSON.stringify(
    await runLoadBench({ repoRoot, viewers: Number(arg('viewers', 500)), loadSeconds: Number(arg('seconds', 30)), baselineSeconds: Number(arg('baseline', 10)) }),
    null,
    2,
  ),
);
