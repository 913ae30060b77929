#!/usr/bin/env node
// Runs every benchmark, one after another (two cores: never in parallel), and prints one JSON object.
// Each benchmark prints its own JSON on stdout. `node bench/run.mjs time-to-link` runs just one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const all = [
  ['time-to-link', 'bench/time-to-link.mjs'],
  ['backfill', 'bench/backfill.mjs'],
  ['import', 'bench/import.mjs'],
  ['s3', 'bench/s3.mjs'],
  ['server', 'bench/server.mjs'],
  ['access', 'bench/access.mjs'],
  ['activity', 'bench/activity.mjs'],
  ['remote-activity', 'bench/remote-activity.mjs'],
  ['load', 'bench/load.mjs'],
  ['library', 'bench/library.mjs'],
  ['viewer', 'bench/viewer.mjs'],
  // 30 minutes: only when asked, `npm run bench -- long`
  ['long', 'bench/long.mjs', { onlyWhenAsked: true }],
  // 10 minutes of Chromium's memory dumps while recording: only when asked, `npm run bench -- memory`
  ['memory', 'bench/memory.mjs', { onlyWhenAsked: true }],
];
const only = process.argv.slice(2);
const results = {};
for (const [name, file, options] of all) {
  if (only.length > 0 ? !only.includes(name) : options?.onlyWhenAsked) continue;
  if (!existsSync(file)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const r = spawnSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  try {
    results[name] = r.status === 0 ? JSON.parse(r.stdout) : { error: `exited with ${r.status}`, output: r.stdout.slice(-2000) };
  } catch {
    results[name] = { error: 'did not print JSON', output: r.stdout.slice(-2000) };
  }
}
console.log(JSON.stringify(results, null, 2));
