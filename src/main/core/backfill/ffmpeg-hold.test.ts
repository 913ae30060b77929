// A recording gets the CPU: a held ffmpeg makes no progress until it is let go, then finishes.
import { describe, expect, it } from 'vitest';
import { bundledFfmpegPath } from './ffmpeg-path';
import { runFfmpeg } from './ffmpeg-process';

describe.skipIf(process.platform === 'win32')('holding ffmpeg while a recording captures', () => {
  it('stops progress while held and completes after', async () => {
    const times: number[] = [];
    const proc = runFfmpeg(
      bundledFfmpegPath()!,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'null', '-'],
      { onProgress: () => times.push(Date.now()) },
    );
    await new Promise((r) => setTimeout(r, 700));
    proc.hold(true);
    await new Promise((r) => setTimeout(r, 300)); // a progress block already on its way may still land
    const before = times.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(times.length).toBe(before);
    proc.hold(false);
    await proc.done;
    expect(times.length).toBeGreaterThan(before);
  });

  it('can be cancelled while held', async () => {
    const proc = runFfmpeg(bundledFfmpegPath()!, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '60', '-f', 'null', '-']);
    await new Promise((r) => setTimeout(r, 300));
    proc.hold(true);
    await proc.cancel();
    await expect(proc.done).rejects.toMatchObject({ failure: 'cancelled' });
  });
});
