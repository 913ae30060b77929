// The one test command: type-check, lint (the layer rules of DESIGN.md), then every Vitest project
// (unit, integration, end to end). Ends with the line CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closingLine } from './closing-line.mjs';

const run = (args, env = process.env) => spawnSync(process.execPath, args, { stdio: 'inherit', env }).status ?? 1;

/** a step that must pass before any test runs: on failure, one failure and stop */
function gate(code, message) {
  if (code === 0) return;
  console.error(message);
  console.log('\n0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

gate(
  ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json'].map((p) => run(['node_modules/typescript/bin/tsc', '-p', p, '--noEmit'])).find((code) => code !== 0) ?? 0,
  'Type errors: fix them before the tests run.',
);
gate(run(['node_modules/eslint/bin/eslint.js', '.']), 'Lint errors (eslint.config.mjs): fix them before the tests run.');

const summary = join(mkdtempSync(join(tmpdir(), 'reelay-test-')), 'summary.txt');
const code = run(['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { ...process.env, REELAY_TEST_SUMMARY: summary });
// the reporter's line, unless Vitest died before reporting; never "0 failed" for a failed run
const closing = closingLine(existsSync(summary) ? readFileSync(summary, 'utf8') : undefined, code);
console.log(`\n${closing.line}`);
process.exit(closing.code);
