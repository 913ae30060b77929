#!/usr/bin/env node
// Backfill benchmark: the one-run ladder against one ffmpeg run per rung on a generated 60 s 1080p30
// screen-like recording, bytes per rung, and Stop → 1080p in master.m3u8 with the real core. Bundles
// bench/backfill-bench.ts (and the core it drives) with esbuild, runs it, prints JSON.
// Usage: node bench/backfill.mjs [--seconds 60] [--size 1920x1080] [--repeats 2] [--preset veryfast] [--keep 1]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};

const outDir = join(root, 'node_modules/.cache/reelay-bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'backfill-bench.cjs');
await build({
  entryPoints: [join(root, 'bench/backfill-bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});

const { runBackfillBench } = createRequire(pathToFileURL(outfile))(outfile);
const [width, height] = String(arg('size', '1920x1080')).split('x').map(Number);
const result = await runBackfillBench({
  seconds: Number(arg('seconds', 60)),
  width,
  height,
  repeats: Number(arg('repeats', 2)),
  preset: String(arg('preset', 'veryfast')),
  keep: arg('keep', '0') === '1',
});
console.log(JSON.stringify(result, null, 2));
