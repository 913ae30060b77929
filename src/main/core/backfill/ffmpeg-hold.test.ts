// A recording gets the CPU: a held ffmpeg makes no progress until it is let go, then finishes.
// The encode is paced with -re (input read at its own frame rate), so it is surely still running when
// the hold comes, however fast this machine is; the hold is confirmed by the process's own state.
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundledFfmpegPath } from './ffmpeg-path';
import { runFfmpeg, type FfmpegRun } from './ffmpeg-process';
import type { ProgressBlock } from './progress';

/** the process's state letters from ps ("T" when stopped), or null once it is gone */
function processState(pid: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'stat=', '-p', String(pid)], (error, stdout) => resolve(error ? null : stdout.trim() || null));
  });
}

const paced = (seconds: number): string[] => ['-re', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30`, '-t', String(seconds)];

/** the ffmpeg processes these tests started: a failed test must not leave one stopped behind */
const started: { pid: number; exited: boolean }[] = [];
function track(proc: FfmpegRun): number {
  const entry = { pid: proc.pid!, exited: false };
  started.push(entry);
  void proc.done.catch(() => undefined).finally(() => (entry.exited = true));
  return entry.pid;
}
afterEach(() => {
  for (const { pid, exited } of started.splice(0)) {
    if (exited) continue; // reaped: its pid may belong to someone else now
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe.skipIf(process.platform === 'win32')('holding ffmpeg while a recording captures', () => {
  it('stops progress while held and completes after', async () => {
    const blocks: ProgressBlock[] = [];
    const proc = runFfmpeg(
      bundledFfmpegPath()!,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', ...paced(3), '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-'],
      { onProgress: (b) => blocks.push(b) },
    );
    const pid = track(proc);
    // encoding has begun: a block with media time in it
    await vi.waitFor(() => expect(blocks.some((b) => (b.outTimeSec ?? 0) > 0)).toBe(true), { timeout: 10_000, interval: 10 });

    proc.hold(true);
    await vi.waitFor(async () => expect(await processState(pid)).toMatch(/^T/), { timeout: 5_000, interval: 10 });
    // stopped: whatever it wrote before has been read by now (ps ran in between)
    const heldAt = blocks.length;
    const mediaWhenHeld = Math.max(...blocks.map((b) => b.outTimeSec ?? 0));
    expect(mediaWhenHeld).toBeLessThan(3); // it was held in the middle of the encode, not after it

    // the hold itself: several of ffmpeg's 0.5 s progress periods go by without any progress
    await new Promise((r) => setTimeout(r, 1500));
    expect(await processState(pid)).toMatch(/^T/);
    expect(blocks.length).toBe(heldAt);

    proc.hold(false);
    await proc.done;
    expect(blocks.length).toBeGreaterThan(heldAt);
    expect(blocks.at(-1)!.ended).toBe(true);
    // it finished the whole encode after the hold
    expect(Math.max(...blocks.map((b) => b.outTimeSec ?? 0))).toBeGreaterThan(2.9);
  });

  it('can be cancelled while held', async () => {
    const blocks: ProgressBlock[] = [];
    const proc = runFfmpeg(
      bundledFfmpegPath()!,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', ...paced(60), '-f', 'null', '-'],
      { onProgress: (b) => blocks.push(b) },
    );
    const pid = track(proc);
    await vi.waitFor(() => expect(blocks.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    proc.hold(true);
    await vi.waitFor(async () => expect(await processState(pid)).toMatch(/^T/), { timeout: 5_000, interval: 10 });
    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('cancel did not end the held ffmpeg within 10 s')), 10_000)));
    await Promise.race([proc.cancel(), tooLate]).finally(() => clearTimeout(timer));
    await expect(proc.done).rejects.toMatchObject({ failure: 'cancelled' });
    // nothing is left behind, stopped or otherwise
    expect(await processState(pid)).toBeNull();
  });
});
