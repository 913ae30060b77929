// The one test command: type-check, then every Vitest project (unit, integration, end to end).
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const typecheck = ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json']
  .map((p) => run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p, '--noEmit']))
  .find((code) => code !== 0) ?? 0;
if (typecheck !== 0) {
  console.error('Type errors: fix them before the tests run.');
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
process.exit(run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]));
