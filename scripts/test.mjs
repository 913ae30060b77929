// The one test command: type-check, then every Vitest project (unit, integration, end to end). Ends
// with the line CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (args, env = process.env) => spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1;

const typecheck =
  ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'].map((p) => run(['node_modules/typescript/bin/tsc', '-p', p, '--noEmit'])).find((code) => code !== 0) ?? 0;
if (typecheck !== 0) {
  console.error('Type errors: fix them before the tests run.');
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const summary = join(mkdtempSync(join(tmpdir(), 'reelay-test-')), 'summary.txt');
const code = run(['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { ...process.env, REELAY_TEST_SUMMARY: summary });
// a run that died before reporting counts as one failure
const line = existsSync(summary) ? readFileSync(summary, 'utf8') : '0 passed, 1 failed, 0 skipped';
console.log(`\n${line}`);
process.exit(code);
