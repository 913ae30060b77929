// The camera bubble is in the recording: the round camera picture with its light ring sits in the
// chosen corner of the live version (drawn from the camera's copied pixels, see
// capture/frame-canvas.ts), and a recording made with "No camera" has none there.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { serve, type ServeProcess } from './support/server';
import { openApp, readyRecording, recordFor } from './support/recording';
import { fetchOk, readMaster } from './support/backfill-media';
import { bundledFfmpegPath } from '../src/main/core/backfill/ffmpeg-path';
import { bubbleRect } from '../src/renderer/src/capture/bubble-geometry';
import { DEFAULT_RECORDER_SETTINGS } from '../src/shared/settings';
import { parsePlaylist, type ParsedMediaPlaylist } from '../src/shared/hls/parse';

const run = promisify(execFile);
let browser: Browser;
let server: ServeProcess;
let scratch: string;
beforeAll(async () => {
  browser = await launchChromium();
  server = await serve();
  scratch = mkdtempSync(join(tmpdir(), 'reelay-e2e-bubble-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

interface Picture {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** the live version's pictures at `times` (seconds), decoded by ffmpeg from the files the link serves */
async function liveFrames(link: string, name: string, times: readonly number[]): Promise<Picture[]> {
  const live = (await readMaster(link))!.sort((a, b) => a.height - b.height)[0]!;
  const media = parsePlaylist(await (await fetchOk(live.url)).text()) as ParsedMediaPlaylist;
  const parts: Uint8Array[] = [];
  for (const uri of [media.map!, ...media.segments.map((s) => s.uri)]) parts.push(new Uint8Array(await (await fetchOk(new URL(uri, live.url).href)).arrayBuffer()));
  const mp4 = join(scratch, `${name}.mp4`);
  writeFileSync(mp4, Buffer.concat(parts));
  const pictures: Picture[] = [];
  for (const atSec of times) {
    const out = join(scratch, `${name}-${atSec}.rgb`);
    await run(bundledFfmpegPath()!, ['-v', 'error', '-y', '-ss', String(atSec), '-i', mp4, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', out]);
    pictures.push({ width: live.width, height: live.height, rgb: new Uint8Array(readFileSync(out)) });
  }
  return pictures;
}

const pixel = (p: Picture, x: number, y: number): [number, number, number] => {
  const i = (Math.round(y) * p.width + Math.round(x)) * 3;
  return [p.rgb[i]!, p.rgb[i + 1]!, p.rgb[i + 2]!];
};

/** where the bubble is on this picture, for the default corner and size */
function bubbleOn(p: Picture): { cx: number; cy: number; r: number; ring: number } {
  const rect = bubbleRect(p, { corner: DEFAULT_RECORDER_SETTINGS.cameraCorner, size: DEFAULT_RECORDER_SETTINGS.cameraSize });
  const r = rect.diameter / 2;
  return { cx: rect.x + r, cy: rect.y + r, r, ring: Math.max(2, Math.round(rect.diameter * 0.015)) };
}

/** the brightest (mean of R, G, B: the 4:2:0 encode smears a thin ring's colour, not its light) across the ring, at 32 angles */
function ringWhiteness(p: Picture): number[] {
  const b = bubbleOn(p);
  const out: number[] = [];
  for (let k = 0; k < 32; k++) {
    const a = (k / 32) * Math.PI * 2;
    let best = 0;
    for (let d = b.r - b.ring - 1; d <= b.r; d += 0.5) {
      const [r, g, bl] = pixel(p, b.cx + d * Math.cos(a), b.cy + d * Math.sin(a));
      best = Math.max(best, (r + g + bl) / 3);
    }
    out.push(best);
  }
  return out;
}

/** mean absolute difference of two pictures inside the bubble's inner disc */
function insideDifference(a: Picture, b: Picture): number {
  const o = bubbleOn(a);
  let sum = 0;
  let n = 0;
  for (let y = o.cy - o.r * 0.7; y <= o.cy + o.r * 0.7; y += 2) {
    for (let x = o.cx - o.r * 0.7; x <= o.cx + o.r * 0.7; x += 2) {
      if ((x - o.cx) ** 2 + (y - o.cy) ** 2 > (o.r * 0.7) ** 2) continue;
      const pa = pixel(a, x, y);
      const pb = pixel(b, x, y);
      sum += Math.abs(pa[0] - pb[0]) + Math.abs(pa[1] - pb[1]) + Math.abs(pa[2] - pb[2]);
      n += 3;
    }
  }
  return sum / n;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('the camera bubble in the recording (server mode, Chromium, fake devices)', () => {
  it('shows the round camera picture with its ring in the default corner; without a camera that corner is the screen', async () => {
    const app = await openApp(browser, server);
    const withCamera = await recordFor(app, 4000);
    await readyRecording(server, withCamera);

    await app.getByRole('button', { name: 'New recording' }).click();
    await app.getByLabel('Camera', { exact: true }).selectOption({ label: 'No camera' });
    const withoutCamera = await recordFor(app, 4000);
    await readyRecording(server, withoutCamera);

    // the fake camera draws a turning pie that is at times almost gone: look at several moments
    const times = [1, 1.5, 2, 2.5, 3];
    const ons = await liveFrames(withCamera, 'with-camera', times);
    const offs = await liveFrames(withoutCamera, 'without-camera', times);
    const ringOn = ons.flatMap(ringWhiteness);
    const ringOff = offs.flatMap(ringWhiteness);
    const inside = Math.max(...ons.map((on, i) => insideDifference(on, offs[i]!)));
    console.log(`[camera-bubble] ${ons[0]!.width}x${ons[0]!.height}; ring brightness with camera median ${median(ringOn).toFixed(0)}, min ${Math.min(...ringOn).toFixed(0)}; without, max ${Math.max(...ringOff).toFixed(0)}; inside difference, most ${inside.toFixed(1)}`);
    // the light ring all the way round with a camera (0.85 white over whatever is below); the fake
    // screen there is green, at most (0, 255, 0): a mean of 85
    expect(Math.min(...ringOn)).toBeGreaterThanOrEqual(150);
    // no ring without one
    expect(Math.max(...ringOff)).toBeLessThan(120);
    // inside the ring: the camera's picture, not the screen's
    expect(inside).toBeGreaterThan(20);
    await app.context().close();
  }, 180_000);
});
