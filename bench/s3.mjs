#!/usr/bin/env node
// S3 publishing benchmark: time-to-link and live publish lag, on loopback and through a 5 Mbit/s +
// 80 ms proxy. Bundles bench/s3-bench.ts (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/s3.mjs [--runs 6] [--segments 5] [--segment-kb 300] [--renderer out/renderer]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { arg, loadTs, repoRoot as root } from './load-ts.mjs';

// the AWS SDK warns once that Node 20 support ends in 2027; keep stdout pure JSON and stderr quiet
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) console.error(w);
});

const { runS3Bench } = await loadTs('bench/s3-bench.ts');
const rendererArg = process.argv.indexOf('--renderer');
const result = await runS3Bench({
  repoRoot: root,
  // the built viewer when there is one (npm run bench builds first), so its assets are uploaded too
  rendererDir: rendererArg !== -1 ? resolve(process.argv[rendererArg + 1]) : existsSync(resolve(root, 'out/renderer/viewer.html')) ? resolve(root, 'out/renderer') : undefined,
  runs: Number(arg('runs', 6)),
  segments: Number(arg('segments', 5)),
  segmentBytes: Number(arg('segment-kb', 300)) * 1000,
  segmentSeconds: 2,
});
console.log(JSON.stringify(result, null, 2));
