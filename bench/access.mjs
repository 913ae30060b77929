#!/usr/bin/env node
// Who-can-watch benchmark: bundles bench/access-bench.ts with esbuild, runs it, prints JSON.
// Usage: node bench/access.mjs [--checks 200] [--requests 500]
import { arg, loadTs } from './load-ts.mjs';

const { runAccessBench } = await loadTs('bench/access-bench.ts');
console.log(JSON.stringify(await runAccessBench({ checks: Number(arg('checks', 200)), requests: Number(arg('requests', 500)) }), null, 2));
