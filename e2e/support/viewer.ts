// Watching a share link the way a viewer does, in a fresh page.
import type { Browser, Page } from 'playwright-core';

export interface PlayResult {
  ended: boolean;
  /** media time reached when playback ended */
  playedSeconds: number;
  duration: number;
  stalls: number;
  levels: number;
}

export async function openViewer(browser: Browser, link: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForFunction(() => (window as unknown as { __reelayViewer?: { video?: HTMLVideoElement } }).__reelayViewer?.video, null, { timeout: 30_000 });
  return page;
}

/** plays from the start at `rate` until `ended` (or the time limit) and reports what happened */
export async function playToEnd(page: Page, rate = 1, timeoutMs = 120_000): Promise<PlayResult> {
  return page.evaluate(
    async ({ rate, timeoutMs }) => {
      const v = (window as unknown as { __reelayViewer: { video: HTMLVideoElement; hls: { levels: unknown[] } | null } }).__reelayViewer;
      const video = v.video;
      let stalls = 0;
      video.addEventListener('waiting', () => stalls++);
      video.muted = true;
      video.currentTime = 0;
      video.playbackRate = rate;
      const ended = new Promise<boolean>((resolve) => {
        if (video.ended) resolve(true);
        video.addEventListener('ended', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), timeoutMs);
      });
      await video.play();
      const ok = await ended;
      return { ended: ok, playedSeconds: video.currentTime, duration: video.duration, stalls, levels: v.hls?.levels.length ?? 0 };
    },
    { rate, timeoutMs },
  );
}

export interface SeekPreview {
  /** the time the bubble shows, as the page writes it */
  time: string;
  /** the sheet it paints from (CSS background-image) and the tile's offset (background-position) */
  sprite: string;
  at: string;
}

/**
 * Hovers the viewer's seek bar at `fraction` of its width and reads the preview bubble once its tile
 * is painted. The page learns of the thumbnails from its status poll, then loads the sheet; the bubble
 * paints a tile on the next pointer move after that, so the pointer keeps moving a pixel to and fro,
 * as a hand does.
 */
export async function hoverSeekBar(page: Page, fraction: number, timeoutMs = 30_000): Promise<SeekPreview> {
  const seek = page.locator('#seek');
  const box = (await seek.boundingBox())!;
  let nudge = 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await seek.hover({ position: { x: box.width * fraction + (nudge++ % 2), y: box.height / 2 } });
    if (await page.locator('#preview-image').isVisible()) break;
    if (Date.now() > deadline) throw new Error(`the seek bar's preview did not show at ${fraction} of the bar within ${timeoutMs} ms`);
  }
  return page.evaluate(() => {
    const image = document.getElementById('preview-image')!;
    return { time: document.getElementById('preview-time')!.textContent ?? '', sprite: image.style.backgroundImage, at: image.style.backgroundPosition };
  });
}
