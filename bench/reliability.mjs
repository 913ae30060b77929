#!/usr/bin/env node
// The crash matrix: bundles bench/reliability.ts with esbuild, runs every case against the built
// server, prints the markdown table to stderr and the JSON to stdout (and bench/results/reliability.json).
// `npm run reliability` builds first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, repoRoot } from './load-ts.mjs';

const { runCrashMatrix } = await loadTs('bench/reliability.ts');
const { results, table } = await runCrashMatrix({ repoRoot });
process.stderr.write(`\n${table}\n\n`);
mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/results/reliability.json'), JSON.stringify({ results, table }, null, 2));
console.log(JSON.stringify({ results, table }, null, 2));
process.exit(results.every((r) => r.ok) ? 0 : 1);
