#!/usr/bin/env node
// Library-at-scale benchmark: bundles bench/library-bench.ts with esbuild, runs it, prints JSON.
// Needs the build (`npm run bench` builds first). Usage: node bench/library.mjs [--recordings 10000] [--runs 50] [--renders 5]
import { arg, loadTs } from './load-ts.mjs';

const { runLibraryBench } = await loadTs('bench/library-bench.ts');
console.log(JSON.stringify(await runLibraryBench({ recordings: Number(arg('recordings', 10000)), runs: Number(arg('runs', 50)), renders: Number(arg('renders', 5)) }), null, 2));
