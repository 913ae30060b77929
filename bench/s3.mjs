#!/usr/bin/env node
// S3 publishing benchmark: time-to-link and live publish lag, on loopback and through a 5 Mbit/s +
// 80 ms proxy. Bundles bench/s3-bench.ts (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/s3.mjs [--runs 6] [--segments 5] [--segment-kb 300] [--renderer out/renderer]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

const outDir = join(root, 'node_modules/.cache/reelay-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 's3-bench.cjs');
await build({
  entryPoints: [join(root, 'bench/s3-bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});

// the AWS SDK warns once that Node 20 support ends in 2027; keep stdout pure JSON and stderr quiet
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!`${w.name} ${w.message}`.includes('NodeVersionSupportWarning')) console.error(w);
});

const { runS3Bench } = createRequire(pathToFileURL(outfile))(outfile);
const rendererArg = process.argv.indexOf('--renderer');
const result = await runS3Bench({
  repoRoot: root,
  rendererDir: rendererArg === -1 ? undefined : resolve(process.argv[rendererArg + 1]),
  runs: arg('runs', 6),
  segments: arg('segments', 5),
  segmentBytes: arg('segment-kb', 300) * 1000,
  segmentSeconds: 2,
});
console.log(JSON.stringify(result, null, 2));
