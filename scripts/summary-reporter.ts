// Counts every test over all projects and leaves the totals in REELAY_TEST_SUMMARY (a file), so the
// test command can print CI's closing line "N passed, N failed, N skipped" last, after Vitest's own.
//
// The line must not call a broken run green, so "failed" counts everything that did not pass and was
// not deliberately skipped:
//  - a test whose state is failed, or still pending when the run ended (it never finished);
//  - a test that was meant to run (not it.skip / skipIf / todo / filtered out when collected) but was
//    skipped because a beforeAll or the file itself failed around it;
//  - a file or suite with errors of its own (a failing hook, a file that failed to import or to
//    collect) when none of its tests already counts as failed, e.g. an afterAll that throws after
//    every test passed, or a file that throws at import and so has no tests;
//  - each unhandled error (an unhandled rejection, an error thrown after a test ended);
//  - at least one when Vitest itself ends the run as failed or interrupted.
// Skipped means skipped on purpose: it.skip, it.skipIf, it.todo, describe.skip, tests left out by
// .only or -t, and ctx.skip() at run time.
import { writeFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, TestSuite } from 'vitest/node';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** parents up to and including the module */
function* ancestors(node: TestCase | TestSuite | TestModule): Generator<TestSuite | TestModule> {
  for (let p: TestSuite | TestModule | undefined = node.type === 'module' ? undefined : node.parent; p; p = p.type === 'module' ? undefined : p.parent) yield p;
}

/**
 * A suite that failed only because one of its tests failed still runs its other tests; errors of its
 * own (a beforeAll, a file that failed to load) skip them. Those skipped tests were meant to run.
 */
const stoppedByFailure = (test: TestCase): boolean => [...ancestors(test)].some((p) => p.errors().length > 0);

function verdict(test: TestCase): keyof Counts {
  const { state } = test.result();
  if (state === 'passed') return 'passed';
  if (state === 'failed' || state === 'pending') return 'failed';
  // skipped: on purpose when collected that way (skip, skipIf, todo, .only elsewhere, -t) or by
  // ctx.skip() at run time; failed when it was meant to run and a failure around it skipped it
  const meantToRun = test.options.mode === 'run' || test.options.mode === 'only';
  return meantToRun && stoppedByFailure(test) ? 'failed' : 'skipped';
}

/** counts one module's tests, then the failures of its own or of a suite in it that no test shows */
function countModule(mod: TestModule, counts: Counts): void {
  const showsFailure = new Set<TestSuite | TestModule>();
  for (const test of mod.children.allTests()) {
    const v = verdict(test);
    counts[v]++;
    if (v === 'failed') for (const p of ancestors(test)) showsFailure.add(p);
  }
  // innermost first, so an afterAll failing in a nested suite counts once, not again for the module
  const suites = [...mod.children.allSuites()].reverse();
  for (const node of [...suites, mod]) {
    if (node.errors().length > 0 && !showsFailure.has(node)) {
      counts.failed++;
      showsFailure.add(node);
      for (const p of ancestors(node)) showsFailure.add(p);
    }
  }
  // failed without an error of its own or a failed test (not seen, but never call it green)
  if (mod.state() === 'failed' && !showsFailure.has(mod)) counts.failed++;
}

export function countRun(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<unknown>,
  reason: TestRunEndReason | undefined,
): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const mod of testModules) countModule(mod, counts);
  counts.failed += unhandledErrors.length;
  if ((reason === 'failed' || reason === 'interrupted') && counts.failed === 0) counts.failed = 1;
  return counts;
}

export const formatCounts = ({ passed, failed, skipped }: Counts): string => `${passed} passed, ${failed} failed, ${skipped} skipped`;

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const line = formatCounts(countRun(testModules, unhandledErrors, reason));
    const out = process.env['REELAY_TEST_SUMMARY'];
    if (out) writeFileSync(out, line);
    else process.stdout.write(`\n${line}\n`);
  }
}
