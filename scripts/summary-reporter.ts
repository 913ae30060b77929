// Counts every test over all projects and leaves the totals in REELAY_TEST_SUMMARY (a file), so the
// test command can print CI's closing line "N passed, N failed, N skipped" last, after Vitest's own.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // a file that failed to load has no tests but must count as a failure
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    failed += unhandledErrors.length;
    const line = `${passed} passed, ${failed} failed, ${skipped} skipped`;
    const out = process.env['REELAY_TEST_SUMMARY'];
    if (out) writeFileSync(out, line);
    else process.stdout.write(`\n${line}\n`);
  }
}
