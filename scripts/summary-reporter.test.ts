// The closing line "N passed, N failed, N skipped" must not call a broken run green. Each case runs
// Vitest for real on one fixture under scripts/reporter-fixtures/ (deliberately failing files, kept
// out of the normal runs by their *.fixture.ts names) with the summary reporter, then puts the
// reporter's line through closingLine() exactly as scripts/test.mjs does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closingLine } from './closing-line.mjs';

const ROOT = join(__dirname, '..');
const CONFIG = join(__dirname, 'reporter-fixtures', 'vitest.config.ts');
const scratch = mkdtempSync(join(tmpdir(), 'reelay-reporter-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  /** what the reporter wrote, undefined if it never did */
  reported: string | undefined;
  /** what scripts/test.mjs prints last */
  line: string;
  output: string;
}

function runFixture(name: string): Promise<Run> {
  const summary = join(scratch, `${name}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', CONFIG, `${name}.fixture.ts`], {
      cwd: ROOT,
      env: { ...process.env, REELAY_TEST_SUMMARY: summary, CI: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const reported = existsSync(summary) ? readFileSync(summary, 'utf8') : undefined;
      const exit = code ?? 1;
      resolve({ code: exit, reported, line: closingLine(reported, exit).line, output });
    });
  });
}

const counts = (line: string) => {
  const m = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(line);
  if (!m) throw new Error(`not a closing line: ${JSON.stringify(line)}`);
  return { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3]) };
};

// one Vitest at a time: each is a full Vitest start (about 2 s), and the machine's cores are shared
describe('summary reporter, on real Vitest runs of the fixtures', { timeout: 60_000 }, () => {
  it('a passing file: 1 passed, 0 failed, exit 0', async () => {
    const run = await runFixture('passing');
    expect(run.code, run.output).toBe(0);
    expect(run.reported).toBe('1 passed, 0 failed, 0 skipped');
    expect(run.line).toBe('1 passed, 0 failed, 0 skipped');
  });

  it('a failing test: 1 failed (and the passing one passed)', async () => {
    const run = await runFixture('failing-test');
    expect(run.code).not.toBe(0);
    expect(run.reported).toBe('1 passed, 1 failed, 0 skipped');
  });

  it('a beforeAll that throws: the tests it stopped count as failed, the it.skip as skipped', async () => {
    const run = await runFixture('before-all-throws');
    expect(run.code).not.toBe(0);
    expect(run.reported).toBe('0 passed, 2 failed, 1 skipped');
  });

  it('an afterAll that throws after every test passed: 1 failed', async () => {
    const run = await runFixture('after-all-throws');
    expect(run.code).not.toBe(0);
    expect(run.reported).toBe('1 passed, 1 failed, 0 skipped');
  });

  it('a beforeEach that throws: the test fails', async () => {
    const run = await runFixture('before-each-throws');
    expect(run.code).not.toBe(0);
    expect(counts(run.reported ?? '').failed).toBeGreaterThanOrEqual(1);
  });

  it('an unhandled rejection in a passing test: at least 1 failed', async () => {
    const run = await runFixture('unhandled-rejection');
    expect(run.code).not.toBe(0);
    expect(counts(run.reported ?? '').failed).toBeGreaterThanOrEqual(1);
  });

  it('skipped on purpose (skip, skipIf, todo, ctx.skip, describe.skip): skipped, 0 failed, exit 0', async () => {
    const run = await runFixture('skipped');
    expect(run.code, run.output).toBe(0);
    expect(run.reported).toBe('1 passed, 0 failed, 5 skipped');
  });

  it('a file that throws at import: at least 1 failed', async () => {
    const run = await runFixture('import-throws');
    expect(run.code).not.toBe(0);
    expect(counts(run.reported ?? '').failed).toBeGreaterThanOrEqual(1);
  });

  it('a file that imports a missing module: at least 1 failed', async () => {
    const run = await runFixture('missing-module');
    expect(run.code).not.toBe(0);
    expect(counts(run.reported ?? '').failed).toBeGreaterThanOrEqual(1);
  });

  it('a worker that dies mid-run takes Vitest down before it reports: test.mjs still prints 1 failed', async () => {
    const run = await runFixture('worker-crash');
    expect(run.code).not.toBe(0);
    // whether or not Vitest got to report, the printed line is not green
    expect(counts(run.line).failed).toBeGreaterThanOrEqual(1);
  });
});

describe('closingLine (the rule scripts/test.mjs applies)', () => {
  it('keeps the reporter line and exit code of a clean run', () => {
    expect(closingLine('3 passed, 0 failed, 1 skipped', 0)).toEqual({ line: '3 passed, 0 failed, 1 skipped', code: 0 });
  });

  it('keeps a failing line and its exit code', () => {
    expect(closingLine('3 passed, 2 failed, 1 skipped', 1)).toEqual({ line: '3 passed, 2 failed, 1 skipped', code: 1 });
  });

  it('a non-zero exit never prints 0 failed', () => {
    expect(closingLine('3 passed, 0 failed, 1 skipped', 1)).toEqual({ line: '3 passed, 1 failed, 1 skipped', code: 1 });
    expect(closingLine('0 passed, 0 failed, 0 skipped\n', 130)).toEqual({ line: '0 passed, 1 failed, 0 skipped', code: 130 });
  });

  it('no line (Vitest died before reporting) or a garbled one counts as one failure, whatever the exit code', () => {
    expect(closingLine(undefined, 1)).toEqual({ line: '0 passed, 1 failed, 0 skipped', code: 1 });
    expect(closingLine(undefined, 0)).toEqual({ line: '0 passed, 1 failed, 0 skipped', code: 1 });
    expect(closingLine('', 0)).toEqual({ line: '0 passed, 1 failed, 0 skipped', code: 1 });
  });

  it('a line with failures never exits 0', () => {
    expect(closingLine('5 passed, 1 failed, 0 skipped', 0)).toEqual({ line: '5 passed, 1 failed, 0 skipped', code: 1 });
  });
});
